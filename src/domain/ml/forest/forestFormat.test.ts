import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { decodeBase64, encodeBase64 } from './base64';
import type { Forest, ForestData } from './forest.types';
import { decodeForest, encodeForest, ForestFormatError } from './forestFormat';
import { predictForest } from './predict';
import { trainForest } from './randomForest';

function table(rows: number, features: number, task: ForestData['task'], seed: number): ForestData {
  const random = createRandom(seed);
  const x = Float32Array.from({ length: rows * features }, () => random() * 10 - 5);
  const y = Float64Array.from({ length: rows }, (_, r) => {
    const s = (x[r * features] as number) + 0.5 * (x[r * features + 1] as number);
    return task === 'regression' ? s + random() : s < -1 ? 0 : s < 1.5 ? 1 : 2;
  });
  return { x, y, rows, features, task };
}

const names = (n: number, prefix = 'f'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('encodeForest and decodeForest', () => {
  it.each([
    ['regression', table(300, 5, 'regression', 1), { nEstimators: 12, seed: 1 }],
    ['classification', table(300, 5, 'classification', 2), { nEstimators: 12, seed: 2, maxDepth: 6, minSamplesLeaf: 2 }],
    // More than 256 features: split features take two bytes.
    ['regression on 300 features', table(120, 300, 'regression', 3), { nEstimators: 4, seed: 3, maxFeatures: 0.1 }],
  ] as const)('should round-trip a %s forest with identical predictions', (_name, data, options) => {
    const forest = trainForest(data, options);
    const meta = { featureNames: names(data.features), ...(data.task === 'classification' ? { classLabels: ['low', 'mid', 'high'] } : {}) };
    const json = encodeForest(forest, meta);
    const decoded = decodeForest(json);
    expect(decoded.forest).toEqual(forest);
    expect(decoded.meta).toEqual(meta);
    const probe = table(80, data.features, data.task, 9);
    expect(predictForest(decoded.forest, probe.x, probe.rows)).toEqual(predictForest(forest, probe.x, probe.rows));
    expect(encodeForest(decoded.forest, decoded.meta)).toBe(json);
  });

  it('should write the header a reader can use without decoding the trees', () => {
    const forest = trainForest(table(100, 3, 'regression', 4), { nEstimators: 3, seed: 4 });
    const doc = JSON.parse(encodeForest(forest, { featureNames: ['a', 'b', 'c'] })) as Record<string, unknown>;
    expect(doc).toMatchObject({
      format: 'trainyard-forest',
      version: 1,
      task: 'regression',
      features: 3,
      outputs: 1,
      featureNames: ['a', 'b', 'c'],
      options: { nEstimators: 3, maxDepth: null, minSamplesLeaf: 1, maxFeatures: 'all', bootstrap: true, seed: 4 },
      nodeCounts: forest.trees.map((t) => t.nodeCount),
    });
  });

  it('should refuse meta that does not fit the forest', () => {
    const forest = trainForest(table(60, 3, 'classification', 5), { nEstimators: 1 });
    expect(() => encodeForest(forest, { featureNames: ['a', 'b'] })).toThrow(/featureNames: expected 3 names, got 2/);
    expect(() => encodeForest(forest, { featureNames: ['a', 'b', 'c'] })).toThrow(/classLabels: expected an array of 3 names/);
  });
});

/** The parts of a parsed model file the hostile cases edit. */
interface ModelDoc {
  [key: string]: unknown;
  featureNames: unknown[];
  options: Record<string, unknown>;
  nodeCounts: unknown[];
  trees: unknown[];
}

describe('decodeForest on hostile input', () => {
  const forest: Forest = trainForest(table(200, 4, 'regression', 6), { nEstimators: 3, seed: 6 });
  const json = encodeForest(forest, { featureNames: names(4) });

  /** The model file with `change` applied to its parsed JSON. */
  const edit = (change: (doc: ModelDoc) => void): string => {
    const doc = JSON.parse(json) as ModelDoc;
    change(doc);
    return JSON.stringify(doc);
  };
  const tree = (doc: ModelDoc, t: number): Record<string, unknown> => doc.trees[t] as Record<string, unknown>;
  /** Rewrites the bytes of one base64 field of tree 0. */
  const bytes = (field: string, change: (b: Uint8Array) => void): string =>
    edit((doc) => {
      const b = decodeBase64(tree(doc, 0)[field] as string);
      change(b);
      tree(doc, 0)[field] = encodeBase64(b);
    });

  it.each<[string, string, RegExp]>([
    ['text that is not JSON', '{"format": "trainyard-forest",', /Invalid forest model: not valid JSON/],
    ['a truncated file', json.slice(0, json.length / 2), /not valid JSON/],
    ['a JSON array', '[1, 2]', /Invalid forest model: expected an object, got an array/],
    ['null', 'null', /expected an object, got null/],
    ['another format', edit((d) => (d.format = 'ml-random-forest')), /format: expected "trainyard-forest", got "ml-random-forest"/],
    ['a newer version', edit((d) => (d.version = 2)), /version: unsupported version 2; this app reads version 1/],
    ['an unknown task', edit((d) => (d.task = 'clustering')), /task: expected "regression" or "classification"/],
    ['a fractional feature count', edit((d) => (d.features = 2.5)), /features: expected an integer in 1..65536, got 2.5/],
    ['too few feature names', edit((d) => d.featureNames.pop()), /featureNames: expected 4 names, got 3/],
    ['a numeric feature name', edit((d) => (d.featureNames[2] = 7)), /featureNames: entry 2 is 7, not a string/],
    ['bad options', edit((d) => (d.options.maxFeatures = 'most')), /options: maxFeatures must be 'sqrt', 'log2', 'all' or a number, got most/],
    ['missing options', edit((d) => Reflect.deleteProperty(d, 'options')), /options: expected an object, got nothing/],
    ['more trees than nEstimators', edit((d) => (d.options.nEstimators = 2)), /trees: 3 trees but options.nEstimators is 2/],
    ['no trees', edit((d) => ((d.trees = []), (d.nodeCounts = []))), /trees: a forest needs at least one tree/],
    ['a missing node count', edit((d) => d.nodeCounts.pop()), /nodeCounts: 2 counts for 3 trees/],
    ['an even node count', edit((d) => (d.nodeCounts[1] = 4)), /nodeCounts\[1\]: 4 is even/],
    ['a node count as text', edit((d) => (d.nodeCounts[0] = '5')), /nodeCounts\[0\]: expected an integer/],
    ['a tree that is null', edit((d) => (d.trees[1] = null)), /trees\[1\]: expected an object, got null/],
    ['a missing field', edit((d) => Reflect.deleteProperty(tree(d, 0), 'values')), /trees\[0\]\.values: expected a base64 string, got undefined/],
    ['truncated base64', edit((d) => (tree(d, 0).thresholds = (tree(d, 0).thresholds as string).slice(0, -1))), /trees\[0\]\.thresholds: base64 length \d+ is not a multiple of 4/],
    ['base64 short by one group', edit((d) => (tree(d, 0).thresholds = (tree(d, 0).thresholds as string).slice(4))), /trees\[0\]\.thresholds: holds \d+ bytes where \d+ float32 thresholds need \d+/],
    ['a bad base64 character', edit((d) => (tree(d, 2).values = `!${(tree(d, 2).values as string).slice(1)}`)), /trees\[2\]\.values: base64 has an invalid character '!' at position 0/],
    ['a node count beyond the shape', edit((d) => (d.nodeCounts[0] = (d.nodeCounts[0] as number) + 2)), /trees\[0\]\.shape: /],
    ['a feature index out of range', bytes('features', (b) => (b[0] = 9)), /trees\[0\]\.features: split 0 uses feature 9, but the model has 4 features \(0..3\)/],
    ['a NaN threshold', bytes('thresholds', (b) => b.set([0, 0, 0xc0, 0x7f], 4)), /trees\[0\]\.thresholds: threshold 1 is NaN/],
    ['an infinite leaf value', bytes('values', (b) => b.set([0, 0, 0x80, 0x7f], 0)), /trees\[0\]\.values: value 0 is Infinity/],
    ['a NaN importance', bytes('importance', (b) => b.set([0, 0, 0, 0, 0, 0, 0xf8, 0x7f], 8)), /trees\[0\]\.importance: value 1 is NaN/],
    ['a split with no right child', bytes('shape', (b) => (b[b.length - 1] = 0xff)), /trees\[0\]\.shape: /],
  ])('should name the field for %s', (_name, text, message) => {
    const attempt = (): unknown => decodeForest(text);
    expect(attempt).toThrow(ForestFormatError);
    expect(attempt).toThrow(message);
  });

  it.each<[string, (doc: ModelDoc) => void, RegExp]>([
    ['missing class masks', (d) => Reflect.deleteProperty(tree(d, 0), 'classes'), /trees\[0\]\.classes: expected a base64 string/],
    ['a class bit beyond the last class', (d) => (tree(d, 0).classes = encodeBase64(decodeBase64(tree(d, 0).classes as string).fill(0x10))), /trees\[0\]\.classes: leaf 0 sets a class bit beyond class 2/],
    ['an empty class mask', (d) => (tree(d, 0).classes = encodeBase64(decodeBase64(tree(d, 0).classes as string).fill(0))), /trees\[0\]\.classes: leaf 0 holds no class/],
    ['missing class labels', (d) => Reflect.deleteProperty(d, 'classLabels'), /classLabels: expected an array of 3 names, got nothing/],
    ['a regression forest with 3 outputs', (d) => (d.task = 'regression'), /outputs: a regression forest has 1 output, got 3/],
  ])('should name the field for a classification file with %s', (_name, change, message) => {
    const classifier = trainForest(table(150, 4, 'classification', 7), { nEstimators: 2, seed: 7 });
    const doc = JSON.parse(encodeForest(classifier, { featureNames: names(4), classLabels: ['a', 'b', 'c'] })) as ModelDoc;
    change(doc);
    expect(() => decodeForest(JSON.stringify(doc))).toThrow(message);
  });

  it('should never crash with anything but a ForestFormatError on random corruption', () => {
    const random = createRandom(11);
    const alphabet = 'AZaz09+/={}[]",:1.-e ';
    const classifier = trainForest(table(150, 4, 'classification', 8), { nEstimators: 2, seed: 8 });
    const files = [json, encodeForest(classifier, { featureNames: names(4), classLabels: ['a', 'b', 'c'] })];
    let rejected = 0;
    for (let i = 0; i < 600; i++) {
      const file = files[i % 2] as string;
      const at = Math.floor(random() * file.length);
      const text = file.slice(0, at) + alphabet.charAt(Math.floor(random() * alphabet.length)) + file.slice(at + 1);
      try {
        decodeForest(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ForestFormatError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(150);
  });
});
