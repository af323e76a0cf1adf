import { describe, expect, it } from 'vitest';
import { describeModel, exampleRows, mlmodelInputs, parseTabularPreprocessing, type ModelFiles } from './playgroundModel';

const preprocessing = {
  features: ['sugar', 'temp'],
  log1p_features: ['sugar'],
  mean: [1, 20],
  std: [0.5, 4],
  feature_min: [0, 10],
  feature_max: [15.5, 30],
};
const base: ModelFiles = { mlmodel: null, inputExample: null, preprocessing: null, vocabulary: null, labels: null, inputWidth: 2, outputWidth: 1 };

describe('describeModel', () => {
  it('should make a numeric field per feature with its training range, and show the example in raw units', () => {
    const predictor = describeModel({ ...base, preprocessing, inputExample: { inputs: [[(Math.log1p(3) - 1) / 0.5, (22 - 20) / 4]] } });
    expect(predictor.summary).toEqual({
      input: 'features',
      features: [
        { name: 'sugar', min: 0, max: 15.5 },
        { name: 'temp', min: 10, max: 30 },
      ],
      output: { kind: 'value' },
      example: [[3, 22]],
      preprocessed: true,
    });
  });

  it('should take a classifier\'s labels from preprocessing.json, else from labels.json', () => {
    expect(describeModel({ ...base, preprocessing: { ...preprocessing, labels: ['x', 'y'] }, outputWidth: 2 }).summary.output).toEqual({ kind: 'classes', labels: ['x', 'y'] });
    expect(describeModel({ ...base, preprocessing, labels: { labels: ['p', 'q'] }, outputWidth: 2 }).summary.output).toEqual({ kind: 'classes', labels: ['p', 'q'] });
    expect(() => describeModel({ ...base, preprocessing: { ...preprocessing, labels: ['x'] }, outputWidth: 2 })).toThrow('The model has 2 outputs but 1 class labels');
  });

  it('should name unpreprocessed inputs as the model file does, else x0, x1…', () => {
    const names = (files: Partial<ModelFiles>) => {
      const { summary } = describeModel({ ...base, ...files });
      return summary.input === 'features' ? summary.features.map((f) => f.name) : null;
    };
    expect(names({ featureNames: ['alcohol', 'pH'] })).toEqual(['alcohol', 'pH']);
    expect(names({ featureNames: ['alcohol'] })).toEqual(['x0', 'x1']);
    expect(names({})).toEqual(['x0', 'x1']);
  });

  it('should describe a text model from its vocabulary', () => {
    const vocabulary = { words: ['wheat', 'oil'], doc_freq: [2, 1], document_count: 3, width: 3, mode: 'binary', input_example: ['wheat up'] };
    const predictor = describeModel({ ...base, vocabulary, labels: { labels: ['grain', 'crude'] }, inputWidth: 3, outputWidth: 2 });
    expect(predictor.summary).toEqual({ input: 'text', output: { kind: 'classes', labels: ['grain', 'crude'] }, example: ['wheat up'] });
    expect(() => describeModel({ ...base, vocabulary, inputWidth: 4 })).toThrow('vocabulary.json is 3 columns wide but the model takes 4 inputs.');
  });

  it('should fall back to unnamed inputs for a model without preprocessing', () => {
    const predictor = describeModel({ ...base, inputExample: { inputs: [[1, 2], [3]] }, outputWidth: 3 });
    expect(predictor.summary).toMatchObject({ features: [{ name: 'x0' }, { name: 'x1' }], example: [[1, 2]], output: { kind: 'vector', width: 3 }, preprocessed: false });
  });

  it('should give a text feature its levels and show the example\'s code as a whole level code', () => {
    const withLevels = { ...preprocessing, feature_levels: { temp: ['cold', 'mild', 'warm'] }, feature_min: [0, 0], feature_max: [15.5, 2] };
    // The example is logged standardised in float32: code 2 of temp comes back as 1.9999999…
    const predictor = describeModel({ ...base, preprocessing: withLevels, inputExample: { inputs: [[(Math.log1p(3) - 1) / 0.5, Math.fround((2 - 20) / 4)]] } });
    expect(predictor.summary).toMatchObject({
      features: [{ name: 'sugar', min: 0, max: 15.5 }, { name: 'temp', levels: ['cold', 'mild', 'warm'] }],
      example: [[3, 2]],
    });
    if (predictor.summary.input !== 'features') throw new Error('features expected');
    expect(predictor.summary.features[0]).not.toHaveProperty('levels');
  });

  it('should read a preprocessing.json without feature_levels (written before they were recorded) as all numeric', () => {
    const { levels } = parseTabularPreprocessing(preprocessing);
    expect(levels).toEqual({});
    const predictor = describeModel({ ...base, preprocessing });
    if (predictor.summary.input !== 'features') throw new Error('features expected');
    expect(predictor.summary.features.some((f) => 'levels' in f)).toBe(false);
  });

  it.each([
    [['x'], 'preprocessing.json: "feature_levels" must be an object of level lists keyed by feature.'],
    [{ nope: ['a'] }, 'preprocessing.json: "feature_levels" names "nope", which is not one of the features.'],
    [{ temp: [1, 2] }, 'preprocessing.json: "feature_levels.temp" must be a list of text.'],
    [{ temp: [] }, 'preprocessing.json: "feature_levels.temp" is empty.'],
  ])('should refuse feature_levels %j, naming the file and field', (featureLevels, message) => {
    expect(() => parseTabularPreprocessing({ ...preprocessing, feature_levels: featureLevels })).toThrow(message);
  });

  it('should refuse preprocessing that does not fit the model, naming the file and field', () => {
    expect(() => describeModel({ ...base, preprocessing, inputWidth: 3 })).toThrow('preprocessing.json lists 2 features but the model takes 3 inputs.');
    expect(() => parseTabularPreprocessing({ ...preprocessing, std: [1] })).toThrow('preprocessing.json: "std" has 1 entries but there are 2 features.');
    expect(() => parseTabularPreprocessing({ ...preprocessing, std: [1, 0] })).toThrow('the std of feature "temp" is 0');
    expect(() => parseTabularPreprocessing({ ...preprocessing, log1p_features: ['nope'] })).toThrow('log1p feature "nope" is not one of the features');
    expect(() => parseTabularPreprocessing([])).toThrow('preprocessing.json is not a JSON object.');
  });
});

describe('exampleRows and mlmodelInputs', () => {
  it('should read ndarray and dataframe examples', () => {
    expect(exampleRows({ inputs: [[1, 2]] }, 2)).toEqual([[1, 2]]);
    expect(exampleRows({ columns: ['a', 'b'], data: [[1, 2]] }, 2)).toEqual([[1, 2]]);
    expect(exampleRows('nonsense', 2)).toEqual([]);
  });

  it('should read the input signature from MLmodel', () => {
    const mlmodel = 'signature:\n  inputs: \'[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]\'\n  outputs: \'[]\'\n';
    expect(mlmodelInputs(mlmodel)).toBe('[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]');
    expect(mlmodelInputs(': : bad')).toBeNull();
  });
});
