/** Builds Run fixtures for pure tests (filters, ordering, table helpers) without a store. */
import type { ExperimentId, RunId } from '../domain/ids';
import type { MetricSummary, Run, RunStatus } from '../domain/tracking/types';

export interface RunSpec {
  id: string;
  name?: string;
  status?: RunStatus;
  user?: string;
  start?: number;
  end?: number | null;
  parent?: string | null;
  /** Latest value per key; each becomes a one-point summary at `metricStep`. */
  metrics?: Record<string, number>;
  metricStep?: number;
  params?: Record<string, string>;
  tags?: Record<string, string>;
}

export function makeRun(spec: RunSpec): Run {
  // fromEntries defines own properties, so even a key such as `__proto__` is kept as data.
  const metrics = Object.fromEntries(
    Object.entries(spec.metrics ?? {}).map(([key, value]): [string, MetricSummary] => [
      key,
      { key, latest: { value, step: spec.metricStep ?? 0, timestamp: 0 }, min: value, max: value, count: 1 },
    ]),
  );
  return {
    runId: spec.id as RunId,
    experimentId: '0' as ExperimentId,
    runName: spec.name ?? spec.id,
    status: spec.status ?? 'FINISHED',
    startTime: spec.start ?? 0,
    endTime: spec.end ?? null,
    lifecycleStage: 'active',
    deletedTime: null,
    userId: spec.user ?? 'alice',
    artifactUri: `file:///mlruns/0/${spec.id}/artifacts`,
    parentRunId: (spec.parent ?? null) as RunId | null,
    params: spec.params ?? {},
    tags: spec.tags ?? {},
    metrics,
  };
}
