/**
 * The insight service against a real (fake-indexeddb) store, the real search coordinator, and a
 * fake pool that plays the training worker: it creates each run as runTraining does (recipe,
 * entry point, backend and version tags, params) and logs metrics computed from the params, so a
 * re-run with the same params logs the same values unless the test says otherwise.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrainyardDB } from '../../db/schema';
import type { TrackingClient } from '../../db/trackingClient';
import { DEFAULT_EXPERIMENT_ID, type ExperimentId, type RunId } from '../../domain/ids';
import { trackingRejection } from '../../test/expectErrors';
import { closeTestStore, openTestStore } from '../../test/testStore';
import type { TrainRequest } from '../../workers/train/protocol';
import { readsOf } from '../../db/queries';
import { SearchService } from '../search/searchService';
import type { TrainResult } from '../training/trainingPool';
import type { TrainingService } from '../training/trainingService';
import { MAX_TAG_VALUE_LENGTH } from '../../domain/tracking/validation';
import { fitTag, InsightService, nextSeeds, repeatUnderWay, verifyUnderWay, TAG_REPEAT_OF, TAG_REPRODUCED, TAG_REPRODUCED_DETAILS, TAG_VERIFIES } from './insightService';

/** Per-epoch curves and a test score from the params: deterministic, like a seeded recipe. */
function curves(params: Record<string, unknown>): { loss: number[]; val_loss: number[]; test_accuracy: number } {
  const seed = Number(params.seed ?? 42);
  const epochs = Number(params.epochs ?? 10);
  const loss = Array.from({ length: epochs }, (_, i) => 1 / (i + 1) + (seed % 7) * 1e-3);
  const val_loss = Array.from({ length: epochs }, (_, i) => 1 / (i + 1) + 0.05 + (seed % 5) * 1e-3);
  return { loss, val_loss, test_accuracy: 0.9 + (seed % 10) / 1000 };
}

class FakePool {
  readonly requests: TrainRequest[] = [];
  /** Changes what the next runs log or are tagged with. */
  tweak: { accuracyOffset?: number; backend?: string; appVersion?: string; fail?: string; hold?: Promise<void> } = {};
  private readonly client: TrackingClient;

  constructor(client: TrackingClient) {
    this.client = client;
  }

  async train(request: TrainRequest, onStarted?: (runId: RunId) => void): Promise<TrainResult> {
    this.requests.push(request);
    const backend = this.tweak.backend ?? (request.backend === 'auto' ? 'wasm' : request.backend);
    const run = await this.client.createRun({
      experimentId: request.experimentId,
      runName: request.runName ?? 'run',
      ...(request.parentRunId ? { parentRunId: request.parentRunId } : {}),
      tags: {
        ...request.tags,
        'trainyard.recipe': request.recipe,
        'trainyard.entry_point': request.entryPoint,
        'trainyard.backend': backend,
        'trainyard.app_version': this.tweak.appVersion ?? '1.0.0',
        'trainyard.tfjs_version': '4.22.0',
        ...(request.rerunOf ? { 'trainyard.rerun_of': request.rerunOf } : {}),
      },
    });
    const runId = run.runId;
    await this.client.logParams({ ...request.params, dataset_digest: 'abc' }, { runId });
    onStarted?.(runId);
    if (this.tweak.hold) await this.tweak.hold;
    if (this.tweak.fail) {
      await this.client.endRun('FAILED', { runId });
      return { runId, status: 'FAILED', error: this.tweak.fail };
    }
    const c = curves(request.params);
    c.loss.forEach((value, step) => this.client.logMetric('loss', value, { runId, step }));
    c.val_loss.forEach((value, step) => this.client.logMetric('val_loss', value, { runId, step }));
    this.client.logMetric('test_accuracy', c.test_accuracy + (this.tweak.accuracyOffset ?? 0), { runId });
    this.client.logMetric('fit_seconds', Math.random(), { runId });
    await this.client.endRun('FINISHED', { runId });
    return { runId, status: 'FINISHED' };
  }

  stop(): boolean {
    return false;
  }
}

let db: TrainyardDB;
let client: TrackingClient;
let pool: FakePool;
let insights: InsightService;

beforeEach(async () => {
  let clock = 1_700_000_000_000;
  ({ db, client } = await openTestStore(() => clock++));
  pool = new FakePool(client);
  const training = {
    pool,
    startTraining: (recipe: string, params: Record<string, unknown>, options: { entryPoint?: string; experimentId?: ExperimentId; runName?: string; backend?: TrainRequest['backend']; rerunOf?: RunId; onStarted?: (runId: RunId) => void }) =>
      pool.train(
        {
          requestId: crypto.randomUUID(),
          recipe,
          entryPoint: options.entryPoint ?? 'main',
          params: params as TrainRequest['params'],
          experimentId: options.experimentId ?? DEFAULT_EXPERIMENT_ID,
          runName: options.runName,
          backend: options.backend ?? 'auto',
          rerunOf: options.rerunOf,
        } as TrainRequest,
        options.onStarted,
      ),
  } as unknown as TrainingService;
  const searches = new SearchService({ tracking: client, training });
  insights = new InsightService({ tracking: client, reads: readsOf(db), training, searches });
});

afterEach(() => closeTestStore({ db, client }));

async function trainIris(params: Record<string, unknown> = {}): Promise<RunId> {
  const result = await pool.train({ requestId: 'r', recipe: 'iris_logreg', entryPoint: 'main', params: { epochs: 10, learning_rate: 0.1, seed: 42, ...params }, experimentId: DEFAULT_EXPERIMENT_ID, backend: 'wasm' } as TrainRequest);
  return result.runId as RunId;
}

describe('repeatRun', () => {
  it('trains the same params with N new seeds as children of one parent tagged with the original', async () => {
    const original = await trainIris({ learning_rate: 0.05 });
    const started: RunId[] = [];
    const result = await insights.repeatRun(original, { seeds: 3, onStarted: (id) => started.push(id) });
    expect(result.seeds).toEqual([43, 44, 45]);
    expect(started).toEqual([result.parentRunId]);
    expect(result.runIds).toHaveLength(3);
    const parent = await client.getRun(result.parentRunId);
    expect(parent.tags[TAG_REPEAT_OF]).toBe(original);
    expect(parent.status).toBe('FINISHED');
    const children = await Promise.all(result.runIds.map((id) => client.getRun(id)));
    expect(children.map((c) => c.params.seed)).toEqual(['43', '44', '45']);
    for (const child of children) {
      expect(child.parentRunId).toBe(result.parentRunId);
      expect(child.params.learning_rate).toBe('0.05');
      expect(child.params.epochs).toBe('10');
      expect(child.runName).toMatch(/ seed 4[345]$/);
    }
    // The objective is the run's main metric, with its direction.
    expect(parent.params.objective).toBe('test_accuracy');
    expect(parent.params.objective_direction).toBe('maximize');
  });

  it('refuses a run no recipe trained, a bad seed count and a run with no metric, creating nothing', async () => {
    const run = await client.createRun({ experimentId: DEFAULT_EXPERIMENT_ID, runName: 'console run' });
    client.logMetric('loss', 1, { runId: run.runId });
    await client.endRun('FINISHED', { runId: run.runId });
    const notRecipe = await trackingRejection(insights.repeatRun(run.runId));
    expect(notRecipe.message).toContain('was not trained from one of Trainyard\'s recipes');
    const original = await trainIris();
    expect((await trackingRejection(insights.repeatRun(original, { seeds: 0 }))).message).toContain('seeds must be a whole number from 1 to 50');
    expect((await trackingRejection(insights.repeatRun(original, { seeds: 2.5 }))).message).toContain('got 2.5');
    expect((await client.searchRuns('', { viewType: 'ALL' })).runs).toHaveLength(2);
  });

  it('refuses a search parent (naming its best trial), a deleted run and a running run, training nothing', async () => {
    const original = await trainIris({ seed: 7 });
    const repeat = await insights.repeatRun(original, { seeds: 2 });
    const parent = await client.getRun(repeat.parentRunId);
    const trained = pool.requests.length;
    const again = await trackingRejection(insights.repeatRun(repeat.parentRunId, { seeds: 2 }));
    expect(again.message).toContain('is the parent of a search or a repeat');
    expect(again.message).toContain(`Repeat one of its trials instead, e.g. the best, run ${parent.tags['trainyard.search.best_run_id'] ?? '?'}`);
    const running = await client.createRun({ experimentId: DEFAULT_EXPERIMENT_ID, runName: 'live', tags: { 'trainyard.recipe': 'iris_logreg', 'trainyard.entry_point': 'main' } });
    client.logMetric('test_accuracy', 0.5, { runId: running.runId });
    expect((await trackingRejection(insights.repeatRun(running.runId))).message).toContain('is still training; wait until it ends');
    await client.deleteRun(original);
    expect((await trackingRejection(insights.repeatRun(original))).message).toContain('is deleted; restore it before you repeat it');
    expect(pool.requests.length).toBe(trained);
  });

  it('names the run\'s status when it logged no metric', async () => {
    const run = await client.createRun({ experimentId: DEFAULT_EXPERIMENT_ID, runName: 'empty', tags: { 'trainyard.recipe': 'iris_logreg', 'trainyard.entry_point': 'main' } });
    await client.endRun('FAILED', { runId: run.runId });
    expect((await trackingRejection(insights.repeatRun(run.runId))).message).toContain(`Run ${run.runId} (FAILED) logged no metric`);
  });

  it('joins a repeat of the same run under way instead of starting a second one, and says it is under way', async () => {
    const original = await trainIris({ seed: 7 });
    let release!: () => void;
    pool.tweak.hold = new Promise((resolve) => (release = resolve));
    const started: RunId[] = [];
    const first = insights.repeatRun(original, { seeds: 2 });
    await expect.poll(() => repeatUnderWay(original)?.startedId ?? null).not.toBeNull();
    expect(repeatUnderWay(original)?.seeds).toBe(2);
    const second = insights.repeatRun(original, { seeds: 5, onStarted: (id) => started.push(id) });
    expect(started).toEqual([repeatUnderWay(original)?.startedId]);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(b).toBe(a);
    expect(a.runIds).toHaveLength(2);
    expect(repeatUnderWay(original)).toBeUndefined();
    const parents = (await client.searchRuns("tags.`trainyard.search.algorithm` = 'grid'")).runs;
    expect(parents).toHaveLength(1);
  });
});

describe('nextSeeds', () => {
  it('counts up from the seed, wraps inside the param range and never repeats the original', () => {
    expect(nextSeeds(42, 3, { min: 0, max: 100 })).toEqual([43, 44, 45]);
    expect(nextSeeds(99, 3, { min: 0, max: 100 })).toEqual([100, 0, 1]);
    expect(nextSeeds(1, 5, { min: 0, max: 2 })).toEqual([2, 0]);
    expect(nextSeeds(Number.NaN, 2, { min: 5, max: 10 })).toEqual([6, 7]);
  });
});

describe('compareGroups', () => {
  it('compares the last values of two groups with Welch and says it in words', async () => {
    const a = await Promise.all([1, 2, 3].map((seed) => trainIris({ seed })));
    pool.tweak.accuracyOffset = 0.05;
    const b = await Promise.all([1, 2, 3].map((seed) => trainIris({ seed })));
    const result = await insights.compareGroups(a, b, { labels: { a: 'lr 0.1', b: 'lr 0.05' } });
    expect(result.metric).toBe('test_accuracy');
    expect(result.direction).toBe('higher');
    expect(result.a.n).toBe(3);
    expect(result.a.runIds).toEqual(a);
    expect(result.difference.mean).toBeCloseTo(0.05, 12);
    expect(result.status).toBe('ok');
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.verdict).toContain('lr 0.05');
    expect(result.verdict).toContain('95% CI');
  });

  it('names missing runs, groups without runs and a metric nobody logged', async () => {
    const a = await trainIris();
    expect((await trackingRejection(insights.compareGroups([], [a]))).message).toBe('Group A has no runs');
    expect((await trackingRejection(insights.compareGroups([a], ['nope' as RunId]))).message).toBe('Group B: no run nope in this browser');
    expect((await trackingRejection(insights.compareGroups([a], [a], { metric: 'f1' }))).message).toBe('No run in either group logged "f1"');
  });

  it('leaves out runs without the metric and says which, never a NaN', async () => {
    const a = await trainIris();
    const bare = await client.createRun({ experimentId: DEFAULT_EXPERIMENT_ID, runName: 'bare' });
    await client.endRun('FINISHED', { runId: bare.runId });
    const result = await insights.compareGroups([a], [bare.runId], { metric: 'test_accuracy' });
    expect(result.status).toBe('insufficient');
    expect(result.problems.map((p) => p.message).join(' ')).toContain(`did not log test_accuracy and is left out: ${bare.runId}`);
    expect(JSON.stringify(result)).not.toContain('NaN');
  });
});

describe('compareGroups with shared seeds and the default metric', () => {
  it('never calls a difference exact when each group is one seed trained twice (a run and its Verify re-run), and names them', async () => {
    const a = await trainIris({ seed: 7 });
    const b = await trainIris({ seed: 8, learning_rate: 0.5 });
    const va = await insights.verifyRun(a);
    const vb = await insights.verifyRun(b);
    const result = await insights.compareGroups([a, va.rerunId], [b, vb.rerunId]);
    expect(result.status).toBe('no-variance');
    expect(result.verdict).not.toContain('exact');
    expect(result.verdict).toMatch(/^Cannot tell yet whether A and B differ in test_accuracy: .*A: run and run \(verify\) both used seed 7/);
    expect(result.problems.map((p) => p.message).join(' ')).toContain('B: run and run (verify) both used seed 8');
  });

  it('takes the default metric over every run\'s metrics, not the first run of A\'s', async () => {
    const bare = await client.createRun({ experimentId: DEFAULT_EXPERIMENT_ID, runName: 'bare' });
    client.logMetric('loss', Number.NaN, { runId: bare.runId });
    await client.endRun('FINISHED', { runId: bare.runId });
    const a = await trainIris({ seed: 1 });
    const b = await trainIris({ seed: 2 });
    expect((await insights.compareGroups([bare.runId, a], [b])).metric).toBe('test_accuracy');
  });
});

describe('verifyRun', () => {
  it('refuses a deleted run and a search parent before training anything', async () => {
    const original = await trainIris({ seed: 7 });
    const repeat = await insights.repeatRun(original, { seeds: 2 });
    const trained = pool.requests.length;
    const parent = await trackingRejection(insights.verifyRun(repeat.parentRunId));
    expect(parent.message).toMatch(/is the parent of a search or a repeat: .* Verify one of its trials instead, e\.g\. the best, run [0-9a-f]{32}$/);
    await client.deleteRun(original);
    expect((await trackingRejection(insights.verifyRun(original))).message).toBe(`Run ${original} ("run") is deleted; restore it before you verify it`);
    expect(pool.requests.length).toBe(trained);
  });

  it('joins a Verify of the same run under way instead of training it twice', async () => {
    const original = await trainIris({ seed: 7 });
    let release!: () => void;
    pool.tweak.hold = new Promise((resolve) => (release = resolve));
    const first = insights.verifyRun(original);
    await expect.poll(() => verifyUnderWay(original)?.startedId ?? null).not.toBeNull();
    const started: RunId[] = [];
    const second = insights.verifyRun(original, { onStarted: (id) => started.push(id) });
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(b).toBe(a);
    expect(started).toEqual([a.rerunId]);
    expect(pool.requests.filter((r) => r.rerunOf === original)).toHaveLength(1);
    expect(verifyUnderWay(original)).toBeUndefined();
  });

  it('re-trains with the same params and backend and tags the run exact', async () => {
    const original = await trainIris({ seed: 7 });
    const result = await insights.verifyRun(original);
    expect(result.verdict).toBe('exact');
    const rerunRequest = pool.requests.at(-1) as TrainRequest;
    expect(rerunRequest.backend).toBe('wasm');
    expect(rerunRequest.rerunOf).toBe(original);
    expect(rerunRequest.params).toMatchObject({ seed: '7', epochs: '10' });
    const run = await client.getRun(original);
    expect(run.tags[TAG_REPRODUCED]).toBe('exact');
    const details = JSON.parse(run.tags[TAG_REPRODUCED_DETAILS] as string);
    expect(details.rerunId).toBe(result.rerunId);
    expect(details.skipped).toEqual(['fit_seconds']);
    expect(details.checked).toBe(3);
    expect((await client.getRun(result.rerunId)).tags[TAG_VERIFIES]).toBe(original);
  });

  it('says differs with the metric and both values when a metric moved', async () => {
    const original = await trainIris();
    pool.tweak.accuracyOffset = 0.01;
    const result = await insights.verifyRun(original);
    expect(result.verdict).toBe('differs');
    expect(result.differences).toEqual([expect.objectContaining({ key: 'test_accuracy', original: 0.902, rerun: 0.912 })]);
    expect((await client.getRun(original)).tags[TAG_REPRODUCED]).toBe('differs');
  });

  it('says not comparable, naming what changed, when the app version differs', async () => {
    const original = await trainIris();
    pool.tweak.appVersion = '2.0.0';
    const result = await insights.verifyRun(original);
    expect(result.verdict).toBe('not comparable');
    expect(result.reasons[0]).toBe('Trainyard\'s version differs: the run had "1.0.0", the re-run "2.0.0".');
  });

  it('does not mark the run when the re-run fails, and refuses runs it cannot re-train', async () => {
    const original = await trainIris();
    pool.tweak.fail = 'out of memory';
    const error = await trackingRejection(insights.verifyRun(original));
    expect(error.message).toMatch(/re-run .* ended FAILED: out of memory; run .* was not marked/);
    expect((await client.getRun(original)).tags[TAG_REPRODUCED]).toBeUndefined();
    const running = await client.createRun({ experimentId: DEFAULT_EXPERIMENT_ID, runName: 'x', tags: { 'trainyard.recipe': 'iris_logreg', 'trainyard.entry_point': 'main' } });
    expect((await trackingRejection(insights.verifyRun(running.runId))).message).toContain('is RUNNING; only a finished run can be verified');
  });
});

describe('coach', () => {
  it('reads the run\'s curves and params', async () => {
    const run = await trainIris({ epochs: 8 });
    const findings = await insights.coach(run);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.finding)).not.toContain('divergence');
    for (const finding of findings) expect(finding.evidence).not.toMatch(/NaN|undefined/);
  });

  it('gives a recipe run\'s suggestion the params its re-run needs, moving a param bounded by the one it cuts', async () => {
    const run = await client.createRun({ experimentId: DEFAULT_EXPERIMENT_ID, runName: 'wine', tags: { 'trainyard.recipe': 'wine_quality', 'trainyard.entry_point': 'mlp' } });
    await client.logParams({ epochs: 40, swa_start_epoch: 30, learning_rate: 0.01, seed: 42 }, { runId: run.runId });
    for (let step = 0; step < 40; step++) {
      client.logMetric('loss', 1 / (step + 1), { runId: run.runId, step });
      client.logMetric('val_loss', step < 5 ? 1 - step * 0.1 : 0.5 + (step - 5) * 0.05, { runId: run.runId, step });
    }
    await client.endRun('FINISHED', { runId: run.runId });
    const overfitting = (await insights.coach(run.runId)).find((f) => f.finding === 'overfitting');
    const epochs = Number(overfitting?.suggestion?.params.epochs);
    expect(epochs).toBeLessThan(30);
    expect(overfitting?.suggestion?.params.swa_start_epoch).toBe(epochs);
  });

  it('has nothing to say about a run without curves', async () => {
    const run = await client.createRun({ experimentId: DEFAULT_EXPERIMENT_ID, runName: 'one number' });
    client.logMetric('test_accuracy', 0.5, { runId: run.runId });
    await client.endRun('FINISHED', { runId: run.runId });
    expect(await insights.coach(run.runId)).toEqual([]);
  });
});

describe('fitTag', () => {
  it('keeps the details within the tag limit by dropping the least different metrics, saying how many', () => {
    const differences = Array.from({ length: 400 }, (_, i) => ({ key: `metric_with_a_long_name_${i}`, original: i, rerun: i + 0.5, relative: 1 / (i + 1) }));
    const json = fitTag({ rerunId: 'r' as RunId, checkedAt: 0, summary: 's', reasons: [], differences, checked: 400, skipped: [], tolerance: { relative: 1e-4, absolute: 1e-9 } });
    expect(json.length).toBeLessThanOrEqual(MAX_TAG_VALUE_LENGTH);
    const parsed = JSON.parse(json);
    expect(parsed.differences[0].key).toBe('metric_with_a_long_name_0');
    expect(parsed.differences.length + parsed.differencesOmitted).toBe(400);
  });

  it('cuts long reasons and skipped lists too, saying how many were cut', () => {
    const reasons = Array.from({ length: 200 }, (_, i) => `The re-run logged metric_with_a_long_name_${i}, which the run did not.`);
    const skipped = Array.from({ length: 200 }, (_, i) => `timing_metric_with_a_long_name_${i}_seconds`);
    const json = fitTag({ rerunId: 'r' as RunId, checkedAt: 0, summary: 's', reasons, differences: [], checked: 400, skipped, tolerance: { relative: 1e-4, absolute: 1e-9 } });
    expect(json.length).toBeLessThanOrEqual(MAX_TAG_VALUE_LENGTH);
    const parsed = JSON.parse(json);
    expect(parsed.summary).toBe('s');
    expect(parsed.reasons.length + (parsed.reasonsOmitted ?? 0)).toBe(200);
    expect(parsed.skipped.length + parsed.skippedOmitted).toBe(200);
    expect(parsed.reasons[0]).toBe(reasons[0]);
  });
});
