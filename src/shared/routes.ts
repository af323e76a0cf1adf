/** Routes are data: hash paths (they work offline from a static server) and typed builders. */
import { defaultCompareState, encodeCompareState, type CompareState } from '../domain/compare/compareState';
import type { ExperimentId, RunId } from '../domain/ids';

export type Route =
  | { page: 'experiment'; experimentId: ExperimentId | null }
  | { page: 'run'; experimentId: ExperimentId; runId: RunId }
  /** The landing: what Trainyard is, the demos, import, the console one-liner. */
  | { page: 'start' }
  /**
   * The Train page; `runId` is the run its live view follows, `guided` preselects the first run,
   * `recipe` preselects a built-in recipe (a name; the page opens on Iris for one it doesn't know).
   */
  | { page: 'train'; runId: RunId | null; guided: boolean; recipe: string | null }
  /** Compare runs (from any experiments); `query` is the view's state, see domain/compare/compareState. */
  | { page: 'compare'; query: string }
  /** Storage: usage and quota, sizes by experiment and run, the trash, datasets. */
  | { page: 'storage' }
  /** Hyperparameter search: the form and past searches, or one search (`parentRunId`) live. */
  | { page: 'search'; parentRunId: RunId | null }
  /** The prediction playground, with the model URI (runs:/…, models:/…) it opens, if any. */
  | { page: 'playground'; modelUri: string | null }
  /** The model registry: every registered model, or one (`name`) with its versions. */
  | { page: 'models' }
  | { page: 'model'; name: string }
  /** Tracking servers: connect, mirror new runs, pull runs (push is in the runs table). */
  | { page: 'servers' };

export function parseRoute(hash: string): Route {
  const compare = /^#\/?compare\/?(?:\?(.*))?$/.exec(hash);
  if (compare) return { page: 'compare', query: compare[1] ?? '' };
  const playground = /^#\/?playground\/?(?:\?(.*))?$/.exec(hash);
  if (playground) return { page: 'playground', modelUri: new URLSearchParams(playground[1] ?? '').get('model') || null };
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'start') return { page: 'start' };
  if (parts[0] === 'storage') return { page: 'storage' };
  if (parts[0] === 'servers') return { page: 'servers' };
  if (parts[0] === 'models') return parts[1] ? { page: 'model', name: parts[1] } : { page: 'models' };
  if (parts[0] === 'search') return { page: 'search', parentRunId: parts[1] ? (parts[1] as RunId) : null };
  if (parts[0] === 'train') {
    const runId = parts[1] === 'runs' && parts[2] ? (parts[2] as RunId) : null;
    const recipe = parts[1] === 'recipe' && parts[2] ? parts[2] : null;
    return { page: 'train', runId, guided: parts[1] === 'first-run', recipe };
  }
  if (parts[0] === 'experiments' && parts[1]) {
    const experimentId = parts[1] as ExperimentId;
    if (parts[2] === 'runs' && parts[3]) return { page: 'run', experimentId, runId: parts[3] as RunId };
    return { page: 'experiment', experimentId };
  }
  return { page: 'experiment', experimentId: null };
}

export const routes = {
  experiment: (experimentId: ExperimentId) => `#/experiments/${encodeURIComponent(experimentId)}`,
  run: (options: { experimentId: ExperimentId; runId: RunId }) =>
    `#/experiments/${encodeURIComponent(options.experimentId)}/runs/${encodeURIComponent(options.runId)}`,
  /** The landing (also what `#/` shows until the first run exists). */
  start: () => '#/start',
  train: () => '#/train',
  /** The Train page with a built-in recipe chosen. */
  trainRecipe: (recipe: string) => `#/train/recipe/${encodeURIComponent(recipe)}`,
  storage: () => '#/storage',
  /** The tracking servers: connect, mirror, pull. */
  servers: () => '#/servers',
  /** The Train page with Iris preselected and the first-run explanation. */
  firstRun: () => '#/train/first-run',
  /** The Train page's live view of one run. */
  trainRun: (runId: RunId) => `#/train/runs/${encodeURIComponent(runId)}`,
  /** The compare view of these runs (more state can follow in the query, see compareState). */
  compare: (runIds: readonly RunId[], more: Partial<Omit<CompareState, 'runIds'>> = {}) =>
    `#/compare?${encodeCompareState({ ...defaultCompareState(), ...more, runIds: [...runIds] })}`,
  /** The Search page (`parentRunId`: one search's live view). */
  search: (parentRunId?: RunId) => (parentRunId ? `#/search/${encodeURIComponent(parentRunId)}` : '#/search'),
  /** The registered models. */
  models: () => '#/models',
  /** One registered model's page (its versions, aliases and source runs). */
  model: (name: string) => `#/models/${encodeURIComponent(name)}`,
  /** The prediction playground, opening `modelUri` (e.g. `runs:/<run id>/model`) when given. */
  playground: (modelUri?: string) => (modelUri ? `#/playground?${new URLSearchParams({ model: modelUri }).toString()}` : '#/playground'),
};

export function navigate(hash: string): void {
  window.location.hash = hash;
}
