import { describe, expect, it } from 'vitest';
import { thrownTrackingError as catchTrackingError } from '../../test/expectErrors';
import {
  MAX_EXPERIMENT_NAME_LENGTH,
  MAX_EXPERIMENT_TAG_VALUE_LENGTH,
  MAX_KEY_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  codePointLength,
  findPathClash,
  stringifyParam,
  validateArtifactPath,
  validateExperimentName,
  validateKey,
  validateMetricValue,
  validateStep,
  validateTagValue,
  validateTimestamp,
} from './validation';

describe('validateKey', () => {
  it.each([
    ['plain ascii', 'loss'],
    ['underscore and digits', 'val_loss_2'],
    ['slash', 'train/loss'],
    ['dot', 'lr.schedule'],
    ['dash', 'f1-score'],
    ['space', 'mean abs error'],
    ['unicode letters', 'précision'],
    ['cjk', '損失'],
    ['greek', 'αβγ'],
    ['unicode digits', 'x²'],
    ['dot-led file name', '.hidden'],
    ['deep path', 'a/b/c/d'],
    ['exactly 250 chars', 'k'.repeat(250)],
  ])('should accept %s', (_label, key) => {
    expect(validateKey('metric', key)).toBe(key);
  });

  it.each([
    ['a colon', 'a:b', 'only letters'],
    ['empty', '', 'empty'],
    ['251 chars', 'k'.repeat(251), '251 characters'],
    ['a leading slash', '/a', 'normalised relative path'],
    ['a trailing slash', 'a/', 'normalised relative path'],
    ['a double slash', 'a//b', 'normalised relative path'],
    ['a ./ segment', './a', 'normalised relative path'],
    ['a /./ segment', 'a/./b', 'normalised relative path'],
    ['a leading ..', '..x', 'normalised relative path'],
    ['a /../ segment', 'a/../b', 'normalised relative path'],
    ['a lone dot', '.', 'normalised relative path'],
    ['a tab', 'a\tb', 'only letters'],
    ['a backslash', 'a\\b', 'only letters'],
    ['a comma', 'a,b', 'only letters'],
    ['__proto__ (Dexie clones records by assignment)', '__proto__', 'reserved'],
    ['a __proto__ segment', 'a/__proto__', 'reserved'],
  ])('should reject %s with an INVALID_PARAMETER_VALUE naming the kind', (_label, key, reason) => {
    const error = catchTrackingError(() => validateKey('param', key));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('param key');
    expect(error.message).toContain(reason);
  });

  it('should quote the offending key in the message', () => {
    const error = catchTrackingError(() => validateKey('tag', 'bad:key'));
    expect(error.message).toContain('Invalid tag key "bad:key"');
  });

  it('should shorten a very long key in the message but state its length', () => {
    const error = catchTrackingError(() => validateKey('metric', 'x'.repeat(300)));
    expect(error.message).toContain(`300 characters, the limit is ${MAX_KEY_LENGTH}`);
    expect(error.message).not.toContain('x'.repeat(61));
  });

  // 𝐀 (U+1D400 MATHEMATICAL BOLD CAPITAL A) is a letter (Python: '𝐀'.isalnum()) outside the BMP.
  it('should accept a 250-code-point key of astral letters (496 UTF-16 units)', () => {
    // In five parts (50 + 4 × 49 letters and 4 '/'): each part is a file name in mlruns/, at most
    // 255 bytes, and a letter is 4 bytes in UTF-8.
    const key = [50, 49, 49, 49, 49].map((n) => '𝐀'.repeat(n)).join('/');
    expect([...key]).toHaveLength(MAX_KEY_LENGTH);
    expect(key).toHaveLength(2 * 246 + 4);
    expect(validateKey('param', key)).toBe(key);
  });

  it('should refuse 251 astral letters, saying it counts code points', () => {
    const error = catchTrackingError(() => validateKey('param', '𝐀'.repeat(251)));
    expect(error.message).toContain('251 characters (Unicode code points), the limit is 250');
  });

  it('should shorten a long key of astral letters without splitting a surrogate pair', () => {
    const error = catchTrackingError(() => validateKey('metric', '𝐀'.repeat(300)));
    expect(error.message).toContain(`"${'𝐀'.repeat(60)}…"`);
    expect(error.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it.each([
    [42, 'number'],
    [null, 'object'],
    [undefined, 'undefined'],
  ])('should reject the non-string %s', (key, type) => {
    const error = catchTrackingError(() => validateKey('metric', key));
    expect(error.message).toContain(`Invalid metric key: expected a string, got ${type}`);
  });

  // MLflow's key pattern is Python's `[/\w.\- ]` where \w is str.isalnum() or "_" (checked with
  // python3's re). Keys are re-validated on read, so a key MLflow rejects makes an exported run
  // unreadable there: combining marks (NFD "é") and connector punctuation other than "_" must fail.
  it.each([
    ['a combining acute accent (NFD é)', 'cafe\u0301'],
    ['the undertie connector U+203F', 'a\u203fb'],
    ['the fullwidth low line U+FF3F', 'x\uff3fy'],
  ])('should reject %s, which MLflow rejects', (_label, key) => {
    const error = catchTrackingError(() => validateKey('metric', key));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('stringifyParam', () => {
  it.each([
    ['a string as is', 'adam', 'adam'],
    ['an empty string', '', ''],
    ['an integer', 42, '42'],
    ['a float', 0.01, '0.01'],
    ['a negative float', -2.5, '-2.5'],
    ['NaN', Number.NaN, 'NaN'],
    ['true as Python prints it', true, 'True'],
    ['false as Python prints it', false, 'False'],
    ['null as Python prints None', null, 'None'],
  ])('should stringify %s', (_label, value, expected) => {
    expect(stringifyParam('p', value)).toBe(expected);
  });

  it('should accept a value of exactly 6000 characters', () => {
    expect(stringifyParam('p', 'v'.repeat(MAX_PARAM_VALUE_LENGTH))).toHaveLength(6000);
  });

  it('should reject 6001 characters naming the param and the length', () => {
    const error = catchTrackingError(() => stringifyParam('notes', 'v'.repeat(6001)));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('"notes"');
    expect(error.message).toContain('6001');
    expect(error.message).toContain('6000');
  });

  // 1,000 × 🚂 + 5,000 × x: 6,000 code points (MLflow's len), 7,000 UTF-16 units.
  it('should accept 6000 code points of which 1000 are emoji', () => {
    const value = '🚂'.repeat(1000) + 'x'.repeat(5000);
    expect(value).toHaveLength(7000);
    expect(stringifyParam('p', value)).toBe(value);
  });

  it('should reject 6001 code points, saying they are code points', () => {
    const error = catchTrackingError(() => stringifyParam('notes', '🚂'.repeat(1000) + 'x'.repeat(5001)));
    expect(error.message).toBe(
      'Param "notes" value is 6001 characters (Unicode code points) long; the limit is 6000.',
    );
  });

  it('should reject a non-scalar value naming the param', () => {
    const value: unknown = { a: 1 };
    const error = catchTrackingError(() => stringifyParam('cfg', value as string));
    expect(error.message).toContain('param "cfg"');
    expect(error.message).toContain('got object');
  });
});

describe('validateTagValue', () => {
  it('should accept a value of exactly 5000 characters', () => {
    expect(validateTagValue('note', 't'.repeat(MAX_TAG_VALUE_LENGTH))).toHaveLength(5000);
  });

  it('should reject 5001 characters naming the tag', () => {
    const error = catchTrackingError(() => validateTagValue('note', 't'.repeat(5001)));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('Tag "note"');
    expect(error.message).toContain('5001');
  });

  it('should count code points: 5000 emoji are accepted, 5001 refused', () => {
    expect(validateTagValue('note', '😀'.repeat(MAX_TAG_VALUE_LENGTH))).toHaveLength(10_000);
    expect(catchTrackingError(() => validateTagValue('note', '😀'.repeat(5001))).message).toBe(
      'Tag "note" value is 5001 characters (Unicode code points) long; the limit is 5000.',
    );
  });

  it('should count an experiment tag value in code points against its limit', () => {
    const value = '日本'.repeat(2000) + '🚂'.repeat(1000);
    expect(validateTagValue('k', value, MAX_EXPERIMENT_TAG_VALUE_LENGTH)).toBe(value);
    expect(() => validateTagValue('k', `${value}🚂`, MAX_EXPERIMENT_TAG_VALUE_LENGTH)).toThrow(/5001 characters/);
  });

  it('should honour a custom limit', () => {
    expect(() => validateTagValue('k', 'abc', 2)).toThrow(/limit is 2/);
    expect(validateTagValue('k', 'ab', 2)).toBe('ab');
  });

  it.each([[1], [true], [null]])('should reject the non-string %s naming the tag', (value) => {
    const error = catchTrackingError(() => validateTagValue('owner', value));
    expect(error.message).toContain('tag "owner"');
  });
});

describe('validateMetricValue', () => {
  it.each([
    [0.5],
    [-3],
    [0],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY],
  ])('should accept %s', (value) => {
    expect(validateMetricValue('loss', value)).toBe(value);
  });

  it.each([
    ['a numeric string', '0.5', 'string'],
    ['a boolean', true, 'boolean'],
    ['null', null, 'object'],
    ['undefined', undefined, 'undefined'],
    ['a bigint', 3n, 'bigint'],
  ])('should reject %s naming the metric', (_label, value, type) => {
    const error = catchTrackingError(() => validateMetricValue('loss', value));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toBe(`Invalid value for metric "loss": expected a number, got ${type}.`);
  });
});

describe('validateStep', () => {
  it.each([[0], [7], [-3], [2 ** 40]])('should accept the integer %s', (step) => {
    expect(validateStep('acc', step)).toBe(step);
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY], ['3'], [null]])(
    'should reject %s naming the metric',
    (step) => {
      const error = catchTrackingError(() => validateStep('acc', step));
      expect(error.message).toContain('Invalid step for metric "acc"');
      expect(error.message).toContain(String(step));
    },
  );
});

describe('validateTimestamp', () => {
  it.each([[0], [1_700_000_000_000]])('should accept %s', (ts) => {
    expect(validateTimestamp('acc', ts)).toBe(ts);
  });

  it.each([[-1], [1.5], [Number.NaN], ['1700000000000']])('should reject %s naming the metric', (ts) => {
    const error = catchTrackingError(() => validateTimestamp('acc', ts));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('Invalid timestamp for metric "acc"');
  });
});

describe('validateExperimentName', () => {
  it.each([['mnist'], ['  padded  '], ['ü/…:x'], ['n'.repeat(MAX_EXPERIMENT_NAME_LENGTH)]])(
    'should accept %s',
    (name) => {
      expect(validateExperimentName(name)).toBe(name);
    },
  );

  it.each([
    ['empty', ''],
    ['whitespace only', '   '],
    ['not a string', 5],
  ])('should reject %s naming the field', (_label, name) => {
    const error = catchTrackingError(() => validateExperimentName(name));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('experiment name');
  });

  it('should reject 501 characters stating the length', () => {
    const error = catchTrackingError(() => validateExperimentName('n'.repeat(501)));
    expect(error.message).toBe('Invalid experiment name: 501 characters, the limit is 500.');
  });

  it('should count the name in code points', () => {
    expect(validateExperimentName('🧪'.repeat(MAX_EXPERIMENT_NAME_LENGTH))).toHaveLength(1000);
    expect(catchTrackingError(() => validateExperimentName('🧪'.repeat(501))).message).toBe(
      'Invalid experiment name: 501 characters (Unicode code points), the limit is 500.',
    );
  });
});

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é日本', 3],
    ['🚂', 1],
    ['a🚂b😀', 4],
    ['\ud800', 1], // a lone high surrogate counts as one, as in Python
    ['\udc00\ud800', 2], // a low surrogate before a high one is not a pair
    ['x\ud800', 2],
  ])('should count %j as %d code points', (text, expected) => {
    expect(codePointLength(text)).toBe(expected);
  });
});

describe('findPathClash', () => {
  it.each([
    ['a', ['a/b'], 'a/b'],
    ['a/b', ['a'], 'a'],
    ['a/b', ['x', 'a/b/c'], 'a/b/c'],
    ['a', ['ab', 'a.b', 'a-b'], undefined],
    ['a', ['a'], undefined],
    ['a/b', ['a/c', 'b'], undefined],
    ['x', [], undefined],
  ])('should find the clash of %s with %j → %s', (key, existing, expected) => {
    expect(findPathClash(key, existing)).toBe(expected);
  });

  it('should accept any iterable', () => {
    expect(findPathClash('m', new Set(['m/n']))).toBe('m/n');
  });
});

describe('validateArtifactPath', () => {
  it.each([
    ['model.json'],
    ['model/weights.bin'],
    ['a b:c (1).txt'],
    ['.hidden'],
    ['ünï/cødé.md'],
  ])('should accept %s', (path) => {
    expect(validateArtifactPath(path)).toBe(path);
  });

  it.each([
    ['/abs'],
    ['a/'],
    ['a//b'],
    ['./a'],
    ['a/./b'],
    ['..'],
    ['../a'],
    ['a/../b'],
    ['a\\b'],
    ['a\0b'],
  ])('should reject %j quoting the path', (path) => {
    const error = catchTrackingError(() => validateArtifactPath(path));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(`Invalid artifact path ${JSON.stringify(path)}`);
  });

  it.each([[''], [undefined], [3]])('should reject %j as empty', (path) => {
    const error = catchTrackingError(() => validateArtifactPath(path));
    expect(error.message).toBe('Invalid artifact path: it is empty.');
  });
});

describe('keys become file names in mlruns/', () => {
  it('accepts a part of 255 bytes in UTF-8 and refuses 256 (85 × 学 is 255 bytes, 86 is 258)', () => {
    expect(validateKey('param', `a/${'学'.repeat(85)}`)).toBe(`a/${'学'.repeat(85)}`);
    expect(() => validateKey('param', `a/${'学'.repeat(86)}`)).toThrow(/258 bytes in UTF-8.*at most 255/);
    expect(() => validateKey('metric', 'x'.repeat(249) + 'é'.repeat(1))).not.toThrow();
  });
});

