/**
 * Which code trains a model when its `fit` is called. By default TF.js's own fit; a recipe may hand a
 * model to another engine with the same contract (the small-network engine, ../train/smallNet/), and
 * autolog (which patches LayersModel.prototype.fit) then runs that engine inside its logging session,
 * so params, per-epoch metrics, Stop and the logged model stay exactly as with TF.js's fit.
 */
import type * as tf from '@tensorflow/tfjs';

type FitParams = Parameters<tf.LayersModel['fit']>;
export type Fit = (model: tf.LayersModel, x: FitParams[0], y: FitParams[1], args?: FitParams[2]) => Promise<tf.History>;

/**
 * An engine trains the model, or declines (returns null) and TF.js's fit trains it. `model` is the
 * model whose fit runs: for a tf.Sequential, its inner model (which shares its layers and its
 * stopTraining flag).
 */
export type FitEngine = (model: tf.LayersModel, x: FitParams[0], y: FitParams[1], args?: FitParams[2]) => Promise<tf.History> | null;

const engines = new WeakMap<tf.LayersModel, FitEngine>();

/**
 * From now on `model.fit` (through autolog) trains `model` with `engine` when the engine accepts the
 * call. A tf.Sequential's fit is its inner functional model's fit (`this.model.fit`), which is what
 * LayersModel.prototype.fit — and so autolog — sees, so the engine is set for that model too.
 */
export function setFitEngine(model: tf.LayersModel, engine: FitEngine): void {
  engines.set(model, engine);
  const inner = (model as { model?: unknown }).model;
  if (inner && inner !== model && typeof (inner as tf.LayersModel).fit === 'function') engines.set(inner as tf.LayersModel, engine);
}

/** Trains `model` with its engine, or with `tfFit` (TF.js's fit) when it has none or the engine declines. */
export function runFit(model: tf.LayersModel, tfFit: Fit, ...[x, y, args]: FitParams): Promise<tf.History> {
  return engines.get(model)?.(model, x, y, args) ?? tfFit(model, x, y, args);
}
