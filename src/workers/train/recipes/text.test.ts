import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { toTextDatasetAsset } from '../../../domain/datasets/textAsset';
import { createRandom } from '../../../domain/ml/random';
import { importDataset } from '../../../services/training/datasetImport';
import { fastDensePath } from '../text/fastDense';
import { denseRows, loadTextDataset, prepareText, TextDataMemo } from '../text/textData';
import { setupRecipeHarness } from '../../../test/recipeHarness';
import { predictRows, reutersMlp, runText } from './text';

const { harness, runRecipe } = setupRecipeHarness();

const TOPICS: Record<string, string[]> = {
  grain: ['wheat', 'corn', 'harvest', 'bushels', 'crop', 'farmers', 'silo', 'export'],
  oil: ['crude', 'barrel', 'opec', 'refinery', 'pipeline', 'drilling', 'petroleum', 'output'],
  money: ['rate', 'bank', 'interest', 'dollar', 'currency', 'reserve', 'bond', 'yield'],
  ships: ['port', 'vessel', 'cargo', 'tanker', 'harbour', 'freight', 'strike', 'dock'],
};
const COMMON = ['the', 'said', 'of', 'in', 'a', 'to', 'and', 'for', 'on', 'market', 'week', 'year'];

/** A small labelled newswire-like CSV: each document mixes topic words with common words. */
function corpusCsv(options: { docs: number; split?: boolean; seed?: number }): string {
  const random = createRandom(options.seed ?? 1);
  const topics = Object.keys(TOPICS);
  const lines = [options.split ? 'text,label,split' : 'text,label'];
  for (let i = 0; i < options.docs; i++) {
    const label = topics[i % topics.length] as string;
    const words = Array.from({ length: 14 }, (_, k) => {
      const pool = k % 3 === 0 ? (TOPICS[label] as string[]) : COMMON;
      return pool[Math.floor(random() * pool.length)] as string;
    });
    lines.push(`${words.join(' ')},${label}${options.split ? `,${i % 5 === 0 ? 'test' : 'train'}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function trainText(datasetId: string, overrides: Record<string, number | string> = {}, stopAfterBatches = Infinity) {
  return runRecipe({
    runner: runText,
    recipe: 'text_classifier',
    entryPoint: 'mlp',
    params: { dataset: datasetId, epochs: 4, hidden_units: 16, max_words: 100, learning_rate: 0.01, ...overrides },
    stopAfterBatches,
  });
}

const summary = (run: Awaited<ReturnType<typeof trainText>>) =>
  Object.fromEntries(Object.entries(run.stored.metrics).filter(([k]) => k !== 'train_samples_per_s').map(([k, m]) => [k, m.latest.value]));

describe('runText', () => {
  it('should train the reuters_mlp on imported text, log data, metrics and artifacts, and leak no tensors', async () => {
    const id = await importDataset(harness.client, corpusCsv({ docs: 200 }), { kind: 'text', fileName: 'news.csv' });
    const before = tf.memory().numTensors;
    const { stored, progress } = await trainText(id);
    expect(tf.memory().numTensors).toBe(before);
    expect(stored.params).toMatchObject({
      dataset_name: 'news.csv',
      train_size: '160',
      validation_size: '16',
      test_size: '40',
      num_classes: '4',
      labels: '["grain","money","oil","ships"]',
      input_width: '101', // max_words + 1: Keras's num_words width, column 0 reserved
      vocabulary_size: '44',
      epochs: '4',
      opt_name: 'Adam',
    });
    expect(stored.params.split_method).toMatch(/^stratified/);
    expect(stored.params.dataset_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.metrics.test_accuracy?.latest.value).toBeGreaterThan(0.8);
    expect(stored.metrics.loss?.count).toBe(4);
    expect(stored.metrics.val_loss?.count).toBe(4);
    expect(stored.metrics.train_samples_per_s?.count).toBe(4);
    for (const key of ['test_f1_macro', 'test_f1_weighted', 'test_precision_macro', 'test_recall_weighted', 'val_acc', 'acc']) {
      expect(stored.metrics[key], key).toBeDefined();
    }
    const files = (await harness.client.listArtifacts(stored.runId)).map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(['classification_report.json', 'confusion_matrix.csv', 'vocabulary.json', 'labels.json', 'model_summary.txt', 'model']),
    );
    const vocabulary = JSON.parse(await (await harness.client.downloadArtifact(stored.runId, 'vocabulary.json')).text()) as { words: string[]; width: number };
    expect(vocabulary.width).toBe(101);
    expect(vocabulary.words.slice(0, 1)).toEqual([expect.any(String)]);
    const modelJson = JSON.parse(await (await harness.client.downloadArtifact(stored.runId, 'model/model.json')).text()) as { modelTopology: unknown };
    expect(JSON.stringify(modelJson.modelTopology).match(/"class_name":"Dense"/g)).toHaveLength(2);
    expect(progress.at(-1)).toMatchObject({ epoch: 3, epochs: 4 });
  });

  it('should reproduce every metric exactly with the same seed, and differ with another seed', async () => {
    const id = await importDataset(harness.client, corpusCsv({ docs: 120 }), { kind: 'text', fileName: 'news.csv' });
    const a = await trainText(id, { epochs: 2 });
    const b = await trainText(id, { epochs: 2 });
    const c = await trainText(id, { epochs: 2, seed: 7 });
    expect(summary(b)).toEqual(summary(a));
    expect(summary(c).loss).not.toBe(summary(a).loss);
  });

  it('should use the split column when the file has one', async () => {
    const id = await importDataset(harness.client, corpusCsv({ docs: 100, split: true }), { kind: 'text', fileName: 'split.csv' });
    const { stored } = await trainText(id, { epochs: 1 });
    expect(stored.params).toMatchObject({ split_method: 'split column', test_size: '20', train_size: '80', validation_size: '8' });
    expect(stored.metrics.test_accuracy).toBeDefined();
  });

  it('should train with count and tf-idf vectors too', async () => {
    const id = await importDataset(harness.client, corpusCsv({ docs: 80 }), { kind: 'text', fileName: 'news.csv' });
    for (const mode of ['count', 'tfidf']) {
      const { stored } = await trainText(id, { epochs: 1, mode });
      expect(stored.status).toBe('FINISHED');
      const vocabulary = JSON.parse(await (await harness.client.downloadArtifact(stored.runId, 'vocabulary.json')).text()) as { mode: string; idf?: number[] };
      expect(vocabulary.mode).toBe(mode);
      expect(vocabulary.idf !== undefined).toBe(mode === 'tfidf');
      expect(stored.metrics.test_accuracy, mode).toBeDefined();
    }
  });

  it('should stop at the next batch when Stop is pressed, without test metrics', async () => {
    const id = await importDataset(harness.client, corpusCsv({ docs: 200 }), { kind: 'text', fileName: 'news.csv' });
    const before = tf.memory().numTensors;
    const { outcome, stored, progress } = await trainText(id, { epochs: 50 }, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(outcome.stopped).toBe(true);
    // The progress shown last is where training stopped: 4 of the epoch's 5 batches, not "5/5".
    expect(progress.at(-1)).toMatchObject({ epoch: 0, batch: 4, batchesPerEpoch: 5 });
    expect(stored.status).toBe('KILLED');
    expect(stored.metrics.test_accuracy).toBeUndefined();
    expect(stored.metrics.loss?.count ?? 0).toBeLessThan(50);
  });

  it('should refuse a tabular dataset with a clear message', async () => {
    const id = await importDataset(harness.client, 'a,b\n1,2\n3,4\n', { kind: 'tabular', fileName: 'table.csv' });
    await expect(trainText(id)).rejects.toThrow(/is a table; the text classifier needs labelled text/);
  });
});

describe('loadTextDataset and prepareText', () => {
  it('should read the built-in corpus asset and record the digest of its bytes', async () => {
    const asset = JSON.stringify(toTextDatasetAsset({ name: 'Tiny', texts: ['a b', 'c d', 'e f'], labels: ['y', 'x', 'y'] }));
    const fetcher = (async () => new Response(asset)) as typeof fetch;
    const { dataset, digest } = await loadTextDataset(harness.client, 'builtin:brown', fetcher);
    expect(dataset).toEqual({ name: 'Tiny', texts: ['a b', 'c d', 'e f'], labels: ['y', 'x', 'y'] });
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should fit the vocabulary on the training split only, and keep max_words words', () => {
    // "zeta" is the most frequent word overall, but only in test documents.
    const texts = ['alpha beta', 'alpha gamma', 'alpha beta', 'zeta alpha zeta', 'zeta zeta', 'delta epsilon'];
    const prepared = prepareText(
      { name: 't', texts, labels: ['a', 'a', 'a', 'b', 'b', 'b'], split: ['train', 'train', 'train', 'test', 'test', 'train'] },
      { maxWords: 2, mode: 'binary', testFraction: 0.2, validationSplit: 0, seed: 1 },
    );
    expect(prepared.vocabulary.words).toEqual(['alpha', 'beta']);
    expect(prepared.vocabulary.width).toBe(3);
    expect(prepared.test.rows.map((r) => Array.from(r.indices))).toEqual([[1], []]);
    expect(prepared.labels).toEqual(['a', 'b']);
    expect(Array.from(prepared.test.y)).toEqual([1, 1]);
  });
});

describe('TextDataMemo', () => {
  const asset = JSON.stringify(toTextDatasetAsset({ name: 'Tiny', texts: ['a b', 'c d', 'e f'], labels: ['y', 'x', 'y'] }));
  const options = { maxWords: 10, mode: 'binary' as const, testFraction: 0.34, validationSplit: 0, seed: 1 };

  it('should download the built-in corpus once: a preload and every later run share it', async () => {
    let fetches = 0;
    const memo = new TextDataMemo((async () => {
      fetches += 1;
      return new Response(asset);
    }) as typeof fetch);
    memo.preload('builtin:brown');
    const first = await memo.load(harness.client, 'builtin:brown');
    const second = await memo.load(harness.client, 'builtin:brown');
    expect(fetches).toBe(1);
    expect(second).toBe(first);
    expect(first).toEqual(await loadTextDataset(harness.client, 'builtin:brown', (async () => new Response(asset)) as typeof fetch));
  });

  it('should not keep a load that failed: the next run tries again', async () => {
    const answers = [new Response('gone', { status: 404 }), new Response(asset)];
    const memo = new TextDataMemo((async () => answers.shift() as Response) as typeof fetch);
    memo.preload('builtin:brown'); // fails with nobody waiting: no unhandled rejection
    await expect(memo.load(harness.client, 'builtin:brown')).rejects.toThrow(/the server answered 404/);
    expect((await memo.load(harness.client, 'builtin:brown')).dataset.name).toBe('Tiny');
  });

  it('should parse an imported dataset again only when it is another one', async () => {
    const memo = new TextDataMemo();
    const a = await importDataset(harness.client, corpusCsv({ docs: 20 }), { kind: 'text', fileName: 'a.csv' });
    const b = await importDataset(harness.client, corpusCsv({ docs: 20 }), { kind: 'text', fileName: 'b.csv' });
    const first = await memo.load(harness.client, a);
    expect(await memo.load(harness.client, a)).toBe(first);
    const other = await memo.load(harness.client, b);
    expect(other).not.toBe(first);
    expect(other.dataset.name).toBe('b.csv');
    expect(other.digest).toBe(first.digest); // same bytes, another dataset
  });

  it('should prepare again only for other options, and keep what prepareText makes', async () => {
    const memo = new TextDataMemo((async () => new Response(asset)) as typeof fetch);
    const loaded = await memo.load(harness.client, 'builtin:brown');
    const prepared = memo.prepare(loaded, options);
    expect(memo.prepare(loaded, { ...options })).toBe(prepared);
    expect(prepared).toEqual(prepareText(loaded.dataset, options));
    const reseeded = memo.prepare(loaded, { ...options, seed: 2 });
    expect(reseeded).not.toBe(prepared);
    expect(reseeded).toEqual(prepareText(loaded.dataset, { ...options, seed: 2 }));
  });
});

describe('predictRows', () => {
  it.each([
    ['count', 'sparse'],
    ['tfidf', 'dense'],
  ] as const)('should give the same %s probabilities, bit for bit, whatever the batch it predicts at once (%s kernels)', async (mode, path) => {
    const id = await importDataset(harness.client, corpusCsv({ docs: 60, seed: 3 }), { kind: 'text', fileName: 'news.csv' });
    const { dataset } = await loadTextDataset(harness.client, id);
    const prepared = prepareText(dataset, { maxWords: 100, mode, testFraction: 0.5, validationSplit: 0, seed: 1 });
    const width = prepared.vocabulary.width;
    const model = reutersMlp(tf, { width, hidden: 8, dropout: 0.5, classes: prepared.labels.length, learningRate: 0.01 });
    try {
      const rows = prepared.test.rows.length;
      const x = tf.tensor2d(denseRows(prepared.test.rows, Uint32Array.from({ length: rows }, (_, i) => i), 0, rows, width), [rows, width]);
      expect(fastDensePath(tf, model.layers[0] as tf.layers.Layer, x)).toBe(path);
      const whole = tf.tidy(() => (model.predict(x, { batchSize: rows }) as tf.Tensor).dataSync() as Float32Array);
      x.dispose();
      for (const maxValues of [width * 7, width * rows, Infinity]) {
        const predicted = predictRows(tf, model, prepared.test, width, prepared.labels.length, maxValues);
        expect(Array.from(predicted).every((p, i) => Object.is(p, whole[i])), `batches of ${maxValues / width} rows`).toBe(true);
      }
    } finally {
      model.dispose();
    }
  });
});
