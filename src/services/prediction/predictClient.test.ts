/**
 * The page's side of the prediction worker, with a fake worker: a row that can't be sent rejects
 * with a clear message (and leaves nothing pending), and the console's predict resolves an alias
 * once, so the check and the prediction use the same version even if the alias moves meanwhile.
 */
import { describe, expect, it } from 'vitest';
import type { RunId } from '../../domain/ids';
import type { ModelVersionLookup } from '../../domain/model/modelUri';
import type { ModelVersion } from '../../domain/registry/registry.types';
import { PredictClient } from './predictClient';
import type { ToPredictWorker } from '../../workers/predict/protocol';

const RUN_A = 'a'.repeat(32) as RunId;
const RUN_B = 'b'.repeat(32) as RunId;

class FakeWorker extends EventTarget {
  readonly sent: ToPredictWorker[] = [];
  postMessage(message: ToPredictWorker): void {
    structuredClone(message); // throws DataCloneError as the real postMessage does
    this.sent.push(message);
    const reply = (data: unknown) => setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data })), 0);
    if (message.type === 'describe') {
      reply({ type: 'described', id: message.id, info: { summary: { output: { kind: 'value' } } } });
    } else if (message.type === 'predict') {
      reply({ type: 'predicted', id: message.id, results: message.rows.map(() => ({ ok: true, prediction: { kind: 'value', value: message.location.runId === RUN_A ? 1 : 2 } })) });
    }
  }
  terminate(): void {}
}

function version(runId: RunId, n: number): ModelVersion {
  return { name: 'm', version: n, source: `runs:/${runId}/model`, runId, aliases: [], tags: {}, description: '', currentStage: 'None', creationTimestamp: 0, lastUpdatedTimestamp: 0, status: 'READY', userId: null };
}

describe('PredictClient', () => {
  it('rejects rows that cannot be sent to the worker, naming why', async () => {
    const worker = new FakeWorker();
    const client = new PredictClient({ registry: () => null, createWorker: () => worker as unknown as Worker });
    await expect(client.predictRows(`runs:/${RUN_A}/model`, [{ x: () => 1 }])).rejects.toThrow(/could not be sent to the prediction worker/);
    expect(worker.sent).toEqual([]);
  });

  it('resolves an alias once per console predict, even when it moves meanwhile', async () => {
    let lookups = 0;
    const registry: ModelVersionLookup = {
      getModelVersion: async () => version(RUN_A, 1),
      // The first lookup says v1 (run A); any later one says the alias moved to v2 (run B).
      getModelVersionByAlias: async () => (lookups++ === 0 ? version(RUN_A, 1) : version(RUN_B, 2)),
    };
    const worker = new FakeWorker();
    const client = new PredictClient({ registry: () => registry, createWorker: () => worker as unknown as Worker });
    await expect(client.predict('models:/m@champion', [[1], [2]])).resolves.toEqual([1, 1]);
    expect(lookups).toBe(1);
    expect(worker.sent.map((m) => m.location.runId)).toEqual([RUN_A, RUN_A]);
  });
});
