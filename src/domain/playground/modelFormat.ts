/**
 * What kind of model the playground serves, from its MLmodel flavor: a TF.js layers model
 * (model.json + weights.bin) or a random forest (forest.json). The page says which, the export
 * packs the right files and README.
 */
import type { ForestTask } from '../ml/forest/forest.types';

export type ModelFormat =
  | { flavor: 'tfjs' }
  | {
      flavor: 'trainyard_forest';
      /** The model file in the model folder, as the flavor's `forest_json` names it. */
      file: string;
      task: ForestTask;
      /** Trees in the file; fewer than `nEstimators` when training was stopped. */
      trees: number;
      nEstimators: number;
    };

/** "Random forest regressor, 200 trees" (with "120 of 200 trees" when training stopped early). */
export function forestText(format: Extract<ModelFormat, { flavor: 'trainyard_forest' }>): string {
  const kind = format.task === 'classification' ? 'classifier' : 'regressor';
  const trees = format.trees < format.nEstimators ? `${format.trees} of ${format.nEstimators} trees (training was stopped)` : `${format.trees} ${format.trees === 1 ? 'tree' : 'trees'}`;
  return `Random forest ${kind}, ${trees}`;
}
