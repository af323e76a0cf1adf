import { describe, expect, it } from 'vitest';
import { TrackingError } from '../errors';
import { findEntryPoint, findRecipe } from './recipeCatalogue';
import type { ParamSpec } from './recipe.types';
import { describeParamRule, parseHiddenLayers, validateParam, validateParams } from './validateRecipe';

const textMlp = findEntryPoint(findRecipe('text_classifier'), 'mlp');
const wineMlp = findEntryPoint(findRecipe('wine_quality'), 'mlp');
const csvMlp = findEntryPoint(findRecipe('csv'), 'mlp');

function errorsOf(result: ReturnType<typeof validateParams>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got params ${JSON.stringify(result.params)}`);
  return result.errors;
}

function paramsOf(result: ReturnType<typeof validateParams>): Record<string, number | string> {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.params;
}

describe('validateParams', () => {
  it('should fill every default when nothing is given', () => {
    expect(paramsOf(validateParams(textMlp, {}))).toMatchObject({ epochs: 5, mode: 'binary', dataset: 'builtin:brown' });
  });

  it('should accept numbers as numeric form text and normalise them', () => {
    const params = paramsOf(validateParams(textMlp, {
      epochs: '32', batch_size: ' 64 ', learning_rate: ' 1e-3 ', dropout: '.25', validation_split: 0, seed: '-0',
      mode: ' TFIDF ', dataset: '  my-news  ',
    }));
    expect(params).toMatchObject({
      epochs: 32, batch_size: 64, learning_rate: 0.001, dropout: 0.25, validation_split: 0, mode: 'tfidf', dataset: 'my-news',
    });
    expect(Object.is(params.seed, 0)).toBe(true);
  });

  it('should return params in table order with exactly the table keys', () => {
    const params = paramsOf(validateParams(wineMlp, { seed: 7, dataset: 'builtin:wine-white' }));
    expect(Object.keys(params)).toEqual(wineMlp.params.map((p) => p.name));
  });

  it.each<[string, unknown, string]>([
    ['epochs', 0.5, 'epochs must be an integer from 1 to 200; got 0.5'],
    ['epochs', '0.5', 'epochs must be an integer from 1 to 200; got 0.5'],
    ['epochs', -3, 'epochs must be an integer from 1 to 200; got -3'],
    ['epochs', 0, 'epochs must be an integer from 1 to 200; got 0'],
    ['epochs', 201, 'epochs must be an integer from 1 to 200; got 201'],
    ['epochs', 'five', 'epochs must be an integer from 1 to 200; got "five"'],
    ['epochs', '', 'epochs must be an integer from 1 to 200; got an empty string'],
    ['epochs', '  ', 'epochs must be an integer from 1 to 200; got a blank string'],
    ['epochs', '1e309', 'epochs must be an integer from 1 to 200; got "1e309"'],
    ['epochs', Number('1e309'), 'epochs must be an integer from 1 to 200; got Infinity'],
    ['epochs', Number.NaN, 'epochs must be an integer from 1 to 200; got NaN'],
    ['epochs', 'NaN', 'epochs must be an integer from 1 to 200; got "NaN"'],
    ['epochs', 'Infinity', 'epochs must be an integer from 1 to 200; got "Infinity"'],
    ['epochs', '0x10', 'epochs must be an integer from 1 to 200; got "0x10"'],
    ['epochs', '1_0', 'epochs must be an integer from 1 to 200; got "1_0"'],
    ['epochs', '5 epochs', 'epochs must be an integer from 1 to 200; got "5 epochs"'],
    ['epochs', true, 'epochs must be an integer from 1 to 200; got true'],
    ['epochs', null, 'epochs must be an integer from 1 to 200; got null'],
    ['epochs', [5], 'epochs must be an integer from 1 to 200; got a list'],
    ['epochs', { value: 5 }, 'epochs must be an integer from 1 to 200; got a value of type object'],
    ['learning_rate', 0, 'learning_rate must be a number from 0.000001 to 1; got 0'],
    ['learning_rate', '-1e-3', 'learning_rate must be a number from 0.000001 to 1; got -0.001'],
    ['dropout', 0.96, 'dropout must be a number from 0 to 0.95; got 0.96'],
    ['validation_split', '0.6', 'validation_split must be a number from 0 to 0.5; got 0.6'],
    ['max_words', 20_001, 'max_words must be an integer from 100 to 20000; got 20001'],
    ['seed', 2 ** 53, 'seed must be an integer from 0 to 2147483647; got 9007199254740992'],
    ['mode', 'tf-idf', 'mode must be one of binary, count, tfidf; got "tf-idf"'],
    ['mode', 1, 'mode must be one of binary, count, tfidf; got 1'],
    ['dataset', '', 'dataset must be builtin:brown or an imported dataset id; got an empty string'],
    ['dataset', 'builtin:reuters', 'dataset must be builtin:brown or an imported dataset id; got "builtin:reuters"'],
    ['dataset', false, 'dataset must be builtin:brown or an imported dataset id; got false'],
  ])('should reject %s = %j with "%s"', (name, value, message) => {
    expect(errorsOf(validateParams(textMlp, { [name]: value }))).toEqual({ [name]: message });
  });

  it.each<[string, unknown]>([
    ['epochs', 1], ['epochs', 200], ['epochs', '200.0'], ['epochs', '+7'], ['epochs', '2e1'],
    ['learning_rate', 1e-6], ['learning_rate', '1'], ['dropout', 0], ['dropout', '0.95'], ['validation_split', 0.5],
  ])('should accept %s = %j (bounds are inclusive)', (name, value) => {
    expect(validateParams(textMlp, { [name]: value }).ok).toBe(true);
  });

  it('should report unknown keys with a did-you-mean hint, or the known names', () => {
    const errors = errorsOf(validateParams(textMlp, { epoch: 3, lr: 0.1, epochs: 3 }));
    expect(errors).toEqual({
      epoch: 'unknown parameter "epoch" — did you mean "epochs"?',
      lr: 'unknown parameter "lr"; known parameters: dataset, max_words, mode, hidden_units, dropout, epochs, batch_size, learning_rate, validation_split, test_fraction, seed',
    });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'should treat the prototype-ish key %j as an ordinary unknown key',
    (key) => {
      const raw = JSON.parse(`{"${key}": 1}`) as Record<string, unknown>;
      const errors = errorsOf(validateParams(textMlp, raw));
      expect(Object.keys(errors)).toEqual([key]);
      expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
    },
  );

  it('should ignore inherited properties and treat undefined as missing', () => {
    const raw = Object.create({ epochs: 999 }) as Record<string, unknown>;
    raw.batch_size = undefined;
    expect(paramsOf(validateParams(textMlp, raw))).toMatchObject({ epochs: 5, batch_size: 32 });
  });

  it('should collect every error at once', () => {
    const errors = errorsOf(validateParams(textMlp, { epochs: -1, mode: 'x', dropout: 2, epohcs: 1 }));
    expect(Object.keys(errors).sort()).toEqual(['dropout', 'epochs', 'epohcs', 'mode']);
    expect(errors.epohcs).toBe('unknown parameter "epohcs" — did you mean "epochs"?');
  });

  it.each([null, [], 'epochs=5', 5])('should reject a submission that is not an object (%j)', (raw) => {
    const errors = errorsOf(validateParams(textMlp, raw as unknown as Record<string, unknown>));
    expect(errors['*']).toMatch(/^parameters must be an object/);
  });

  it('should say required strings are required, whether missing, empty or blank', () => {
    expect(errorsOf(validateParams(csvMlp, { target: 'quality' }))).toEqual({
      dataset: 'dataset is required (an imported dataset id)',
    });
    expect(errorsOf(validateParams(csvMlp, { dataset: 'ds-1', target: '   ' }))).toEqual({
      target: 'target is required (non-empty text); got a blank string',
    });
  });

  it('should accept a complete csv submission and keep the column name as text', () => {
    expect(paramsOf(validateParams(csvMlp, { dataset: 'ds-1', target: 123, task: 'Classification' }))).toMatchObject({
      dataset: 'ds-1', target: '123', task: 'classification', hidden_layers: '32',
    });
  });

  it.each([
    ['builtin:wine-red', true], ['builtin:wine-white', true], ['ds-0123', true], ['builtin:wine-rose', false],
  ])('should check wine dataset %j against the built-ins (ok: %s)', (dataset, ok) => {
    expect(validateParams(wineMlp, { dataset }).ok).toBe(ok);
  });

  it('should normalise hidden layers and reject bad ones with the layer at fault', () => {
    expect(paramsOf(validateParams(wineMlp, { hidden_layers: ' 128 , 64,32 ' })).hidden_layers).toBe('128,64,32');
    expect(paramsOf(validateParams(wineMlp, { hidden_layers: [16, 8] })).hidden_layers).toBe('16,8');
    expect(paramsOf(validateParams(wineMlp, { hidden_layers: 64 })).hidden_layers).toBe('64');
    expect(errorsOf(validateParams(wineMlp, { hidden_layers: '64,,64' })).hidden_layers).toBe(
      'hidden_layers must be 1 to 4 comma-separated layer sizes from 1 to 1024, like 64,64; got "64,,64" (layer 2 is empty)',
    );
  });

  it('should reject a string longer than MLflow stores', () => {
    expect(errorsOf(validateParams(csvMlp, { dataset: 'd', target: 'x'.repeat(6001) })).target).toBe(
      'target must be at most 6000 characters; got 6001',
    );
  });

  it('should keep a start epoch within the epochs actually trained', () => {
    expect(errorsOf(validateParams(wineMlp, { epochs: 30, swa_start_epoch: 31 }))).toEqual({
      swa_start_epoch: 'swa_start_epoch must be at most epochs (30); got 31',
    });
    expect(paramsOf(validateParams(wineMlp, { epochs: 30, swa_start_epoch: 30 }))).toMatchObject({ epochs: 30, swa_start_epoch: 30 });
    // The default start (20) is checked against the given epochs too.
    expect(Object.keys(errorsOf(validateParams(wineMlp, { epochs: 10 })))).toEqual(['swa_start_epoch']);
    // When epochs itself is invalid only that is reported.
    expect(errorsOf(validateParams(wineMlp, { epochs: 0, swa_start_epoch: 5 }))).toEqual({
      epochs: 'epochs must be an integer from 1 to 2000; got 0',
    });
  });

  it('should validate a pattern-only string spec', () => {
    const spec: ParamSpec = { type: 'string', name: 'code', default: 'ab', pattern: '^[a-z]+$', help: 'letters' };
    expect(validateParam(spec, 'abc')).toEqual({ ok: true, value: 'abc' });
    expect(validateParam(spec, 'ab1')).toEqual({ ok: false, error: 'code must be text matching /^[a-z]+$/; got "ab1"' });
  });
});

describe('parseHiddenLayers', () => {
  it.each<[string, number[]]>([
    ['64', [64]], ['64,64', [64, 64]], [' 1 , 1024 ', [1, 1024]], ['8,16,32,64', [8, 16, 32, 64]], ['064', [64]],
  ])('should parse %j', (text, layers) => {
    expect(parseHiddenLayers(text)).toEqual(layers);
  });

  it.each<[string, string]>([
    ['', 'got an empty string'],
    ['  ', 'got a blank string'],
    ['64,,64', 'got "64,,64" (layer 2 is empty)'],
    ['64,', 'got "64," (layer 2 is empty)'],
    [',64', 'got ",64" (layer 1 is empty)'],
    ['0', 'got "0" (layer 1 is 0; sizes go from 1 to 1024)'],
    ['-1', 'got "-1" (layer 1 is -1; sizes go from 1 to 1024)'],
    ['64,2000', 'got "64,2000" (layer 2 is 2000; sizes go from 1 to 1024)'],
    ['64,64,64,64,64', 'got "64,64,64,64,64" (5 layers; at most 4)'],
    ['abc', 'got "abc" (layer 1, "abc", is not a whole number)'],
    ['64.5', 'got "64.5" (layer 1, "64.5", is not a whole number)'],
    ['64;64', 'got "64;64" (layer 1, "64;64", is not a whole number)'],
    ['1e2', 'got "1e2" (layer 1, "1e2", is not a whole number)'],
    ['99999999999999999999999', 'got "99999999999999999999999" (layer 1 is 99999999999999999999999; sizes go from 1 to 1024)'],
  ])('should reject %j: %s', (text, detail) => {
    let error: unknown;
    try {
      parseHiddenLayers(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrackingError);
    expect((error as TrackingError).code).toBe('INVALID_PARAMETER_VALUE');
    expect((error as TrackingError).message).toBe(
      `hidden_layers must be 1 to 4 comma-separated layer sizes from 1 to 1024, like 64,64; ${detail}`,
    );
  });

  it('should reject a huge hostile string quickly with a short message', () => {
    const text = '64,'.repeat(200_000);
    expect(() => parseHiddenLayers(text)).toThrow('(200001 layers; at most 4)');
  });
});

describe('describeParamRule', () => {
  it.each<[ParamSpec, string]>([
    [{ type: 'int', name: 'n', default: 1, help: '' }, 'an integer'],
    [{ type: 'int', name: 'n', default: 1, min: 1, help: '' }, 'an integer of at least 1'],
    [{ type: 'float', name: 'x', default: 1, max: 2, help: '' }, 'a number of at most 2'],
    [{ type: 'choice', name: 'c', default: 'a', choices: ['a', 'b'], help: '' }, 'one of a, b'],
    [{ type: 'int', name: 's', default: 1, min: 0, max: 9, atMostParam: 'epochs', help: '' }, 'an integer from 0 to 9, and at most epochs'],
    [{ type: 'string', name: 's', default: 'a', help: '' }, 'non-empty text'],
    [{ type: 'string', name: 's', default: 'a', pattern: '^a$', patternHint: 'the letter a', help: '' }, 'the letter a'],
  ])('should describe %j as %j', (spec, rule) => {
    expect(describeParamRule(spec)).toBe(rule);
  });
});
