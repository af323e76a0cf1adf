/**
 * Serving a random forest (MLmodel's trainyard_forest flavor): its forest.json decoded and checked
 * against the flavor and the run's preprocessing, and predicted in plain JavaScript
 * (domain/ml/forest), so no TF.js backend is involved. Outputs are what the random_forest recipe's
 * evaluation computed for predictions.csv, so a test row predicts here exactly as in training: a
 * regression's mean over the trees in float64, a classifier's probabilities in float32 (whose
 * argmax names the class there).
 */
import type { ForestFlavorEntry } from '../../domain/model/forestFlavor';
import { ForestFormatError, decodeForest, type ForestMeta } from '../../domain/ml/forest/forestFormat';
import type { Forest } from '../../domain/ml/forest/forest.types';
import { predictForest } from '../../domain/ml/forest/predict';
import type { ModelFormat } from '../../domain/playground/modelFormat';
import { PlaygroundError, type Predictor } from '../../domain/playground/playgroundModel';
import { NO_BACKEND, type Runnable } from './runnable.types';

export interface OpenedForest {
  forest: Forest;
  meta: ForestMeta;
  format: Extract<ModelFormat, { flavor: 'trainyard_forest' }>;
}

/**
 * forest.json's text as a forest; `path` and `runId` name the file in messages. Throws a
 * PlaygroundError naming the file and the field at fault, or the flavor field the file contradicts.
 */
export function openForest(text: string, options: { path: string; runId: string; flavor: ForestFlavorEntry }): OpenedForest {
  const { path, runId, flavor } = options;
  let decoded: ReturnType<typeof decodeForest>;
  try {
    decoded = decodeForest(text);
  } catch (error) {
    if (!(error instanceof ForestFormatError)) throw error;
    const detail = error.message.replace(/^Invalid forest model: /, '');
    throw new PlaygroundError(`${path} of run ${runId} is not a valid random forest model: ${detail}.`);
  }
  const { forest, meta } = decoded;
  if (forest.task !== flavor.task) {
    throw new PlaygroundError(`${path} of run ${runId} holds a ${forest.task} forest, but MLmodel's trainyard_forest flavor says task: ${flavor.task}.`);
  }
  return {
    forest,
    meta,
    format: { flavor: 'trainyard_forest', file: flavor.forest_json, task: forest.task, trees: forest.trees.length, nEstimators: forest.options.nEstimators },
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function listText(names: readonly string[]): string {
  const shown = names.slice(0, 6).map((n) => `"${n}"`).join(', ');
  return names.length > 6 ? `${shown}, … (${names.length} in all)` : shown;
}

/**
 * The forest must read its inputs in the order the run's preprocessing writes them, and number
 * its classes as the labels the page shows: a mismatch would predict silently wrong, so it stops here.
 */
export function checkForestInputs(opened: OpenedForest, predictor: Predictor, path: string): void {
  const { meta } = opened;
  if (predictor.input === 'features' && predictor.transform && !sameList(predictor.transform.features, meta.featureNames)) {
    throw new PlaygroundError(
      `${path} reads the features ${listText(meta.featureNames)}, but preprocessing.json prepares ${listText(predictor.transform.features)}; the model can't take the run's inputs.`,
    );
  }
  const output = predictor.summary.output;
  if (meta.classLabels && output.kind === 'classes' && !sameList(output.labels, meta.classLabels)) {
    throw new PlaygroundError(`${path} names its classes ${listText(meta.classLabels)}, but the run's labels are ${listText(output.labels)}.`);
  }
}

/** The opened forest as the model server runs it (outputs rows × outputs, row-major). */
export function forestRunnable(opened: OpenedForest): Runnable & { opened: OpenedForest } {
  const { forest, meta } = opened;
  return {
    opened,
    format: opened.format,
    inputWidth: forest.features,
    outputWidth: forest.outputs,
    backend: NO_BACKEND,
    featureNames: meta.featureNames,
    ...(meta.classLabels ? { classLabels: meta.classLabels } : {}),
    run: (x, rows) => {
      const outputs = predictForest(forest, x, rows);
      return Promise.resolve(forest.task === 'classification' ? Float32Array.from(outputs) : outputs);
    },
    dispose: () => undefined,
  };
}
