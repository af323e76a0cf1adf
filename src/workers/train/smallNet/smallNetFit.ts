/**
 * The small-network engine: `model.fit` for a compiled stack of Dense layers (the tabular and Iris
 * recipes' models, and every trial of their searches) computed by SmallNet instead of TF.js ops.
 *
 * Why: a step of the red-wine MLP (11-64-64-1, batch 32) is ≈ 0.3 M multiply-adds, which TF.js
 * spreads over ≈ 60 ops and their bookkeeping (≈ 1.1 ms a step on wasm; PyTorch needs ≈ 0.35 ms);
 * SmallNet does the whole step in three SIMD kernels a layer.
 *
 * What stays TF.js's: the model (its layers, initial weights from its initialisers, its config and
 * the saved artifact), fit's contract — callbacks in TF.js's order with the same logs (`loss`, the
 * metric, `val_…`, per-batch `batch`/`size`), `model.stopTraining`, the shuffle (tf.util.shuffle on
 * Math.random, so the seeded run draws the same batches) and the validation split (the last rows) —
 * and the History it returns. The weights are written back into the model at the end of every
 * epoch, so callbacks that read them (best weights, weight averaging) and autolog's logged model
 * see the trained network.
 *
 * The engine declines (TF.js's fit trains instead) anything else: other layers, activations,
 * losses, metrics, optimizers or fit options, a model trained before, or no WebAssembly SIMD.
 */
import type * as tf from '@tensorflow/tfjs';
import { setFitEngine, type FitEngine } from '../../tfjs/fitEngine';
import { denseKernelBytes } from './denseKernels';
import { SmallNet, type Activation, type DenseLayerSpec, type MetricKind, type NetworkSpec, type OptimizerSpec } from './smallNet';

type Tf = typeof tf;
type FitArgs = NonNullable<Parameters<tf.LayersModel['fit']>[2]>;

interface DenseInternals {
  kernel: { read(): tf.Tensor } | null;
  bias: { read(): tf.Tensor } | null;
}

const ACTIVATIONS = new Set<string>(['relu', 'linear', 'softmax']);
const LOSSES = new Set<string>(['meanSquaredError', 'categoricalCrossentropy']);

/** A regulariser's L1/L2 factors (tf.regularizers.l1l2, l1, l2), or null for another kind. */
function penalties(config: unknown): { l1: number; l2: number } | null {
  if (config == null) return { l1: 0, l2: 0 };
  const { className, config: values } = config as { className?: string; config?: { l1?: number; l2?: number } };
  return className === 'L1L2' ? { l1: values?.l1 ?? 0, l2: values?.l2 ?? 0 } : null;
}

function optimizerSpec(optimizer: tf.Optimizer | undefined): OptimizerSpec | string {
  if (!optimizer) return 'the model is not compiled';
  const config = optimizer.getConfig() as Record<string, number | boolean>;
  const learningRate = Number(config.learningRate);
  switch (optimizer.getClassName()) {
    case 'Adam':
      return { kind: 'adam', learningRate, beta1: Number(config.beta1), beta2: Number(config.beta2), epsilon: Number(config.epsilon) };
    case 'Momentum':
      return config.useNesterov ? 'Nesterov momentum' : { kind: 'momentum', learningRate, momentum: Number(config.momentum) };
    case 'SGD':
      return { kind: 'sgd', learningRate };
    default:
      return `optimizer ${optimizer.getClassName()}`;
  }
}

/**
 * The model as a NetworkSpec (its current weights included), or why the engine can't train it.
 * Dense layers (ReLU between them; linear or softmax last; L1/L2 kernel penalties), then an optional
 * Rescaling; mean squared error or categorical cross-entropy; `mae` or accuracy; Adam, SGD or momentum.
 */
export function networkSpec(tfjs: Tf, model: tf.LayersModel): NetworkSpec | string {
  const layers: DenseLayerSpec[] = [];
  let rescale: NetworkSpec['rescale'] = null;
  for (const layer of model.layers) {
    const config = layer.getConfig() as Record<string, unknown>;
    if (rescale) return 'a layer after Rescaling';
    if (layer.getClassName() === 'Rescaling') {
      rescale = { scale: Number(config.scale), offset: Number(config.offset) };
      continue;
    }
    if (layer.getClassName() !== 'Dense') return `layer ${layer.getClassName()}`;
    const activation = String(config.activation);
    if (!ACTIVATIONS.has(activation)) return `activation ${activation}`;
    if (config.biasRegularizer || config.activityRegularizer || config.kernelConstraint || config.biasConstraint) return 'a bias regulariser, activity regulariser or constraint';
    const kernelPenalty = penalties(config.kernelRegularizer);
    if (!kernelPenalty) return 'a kernel regulariser other than L1L2';
    const { kernel, bias } = layer as unknown as DenseInternals;
    if (!kernel || !layer.trainable) return 'a frozen or unbuilt layer';
    const k = kernel.read();
    if (k.rank !== 2 || k.dtype !== 'float32') return 'a kernel that is not a float32 matrix';
    const [inputs, units] = k.shape as [number, number];
    layers.push({
      inputs,
      units,
      activation: activation as Activation,
      kernel: Float32Array.from(k.dataSync() as Float32Array),
      bias: bias ? Float32Array.from(bias.read().dataSync() as Float32Array) : null,
      ...kernelPenalty,
    });
  }
  if (layers.length === 0) return 'no Dense layer';
  const hidden = layers.slice(0, -1);
  const last = layers[layers.length - 1] as DenseLayerSpec;
  if (hidden.some((l) => l.activation !== 'relu')) return 'a hidden layer that is not ReLU';
  const loss = typeof model.loss === 'string' ? model.loss : null;
  if (!loss || !LOSSES.has(loss)) return `loss ${String(model.loss)}`;
  if (loss === 'categoricalCrossentropy' ? last.activation !== 'softmax' || rescale : last.activation === 'softmax') {
    return 'cross-entropy without a softmax output, or a softmax output without cross-entropy';
  }
  const names = model.metricsNames;
  if (names[0] !== 'loss' || names.length > 2) return `metrics ${names.join(', ')}`;
  const metric = names[1];
  if (metric !== undefined && metric !== 'mae' && metric !== 'acc') return `metric ${metric}`;
  if (metric === 'acc' && loss !== 'categoricalCrossentropy') return 'accuracy without cross-entropy';
  const optimizer = optimizerSpec(model.optimizer);
  if (typeof optimizer === 'string') return optimizer;
  if ((model.optimizer as unknown as { iterations: number }).iterations > 0) return 'a model trained before';
  return { layers, rescale, loss: loss as NetworkSpec['loss'], metric: (metric ?? null) as MetricKind | null, optimizer, epsilon: tfjs.backend().epsilon() };
}

/** Why these fit arguments are not for the engine, or null when they are. */
function unsupportedArgs(x: unknown, y: unknown, args: FitArgs, tfjs: Tf, spec: NetworkSpec): string | null {
  if (!(x instanceof tfjs.Tensor) || !(y instanceof tfjs.Tensor)) return 'inputs that are not single tensors';
  if (x.rank !== 2 || y.rank !== 2 || x.dtype !== 'float32' || x.shape[0] !== y.shape[0]) return 'inputs that are not matching float32 matrices';
  if (x.shape[1] !== spec.layers[0]?.inputs || y.shape[1] !== spec.layers[spec.layers.length - 1]?.units) return 'inputs of another width';
  if (args.validationData || args.sampleWeight || args.classWeight || args.stepsPerEpoch || args.validationSteps || args.initialEpoch) {
    return 'validationData, sample or class weights, steps or an initial epoch';
  }
  if ((args.shuffle as unknown) === 'batch') return "shuffle: 'batch'";
  return null;
}

interface Callback {
  setParams?(params: tf.CustomCallbackArgs | Record<string, unknown>): void;
  setModel?(model: tf.LayersModel): void;
  onTrainBegin?(logs?: tf.Logs): Promise<void> | void;
  onTrainEnd?(logs?: tf.Logs): Promise<void> | void;
  onEpochBegin?(epoch: number, logs?: tf.Logs): Promise<void> | void;
  onEpochEnd?(epoch: number, logs?: tf.Logs): Promise<void> | void;
  onBatchBegin?(batch: number, logs?: tf.Logs): Promise<void> | void;
  onBatchEnd?(batch: number, logs?: tf.Logs): Promise<void> | void;
}

/** The fit's callbacks as TF.js would run them: BaseCallback instances as they are, plain objects wrapped. */
function callbackList(tfjs: Tf, args: FitArgs): Callback[] {
  const given = args.callbacks;
  if (!given) return [];
  const list: unknown[] = Array.isArray(given) ? given : [given];
  return list.map((c) => (typeof (c as Callback).setModel === 'function' ? (c as Callback) : (new tfjs.CustomCallback(c as tf.CustomCallbackArgs, args.yieldEvery) as unknown as Callback)));
}

/** Writes the engine's weights into the model's Dense layers. */
function writeWeights(tfjs: Tf, model: tf.LayersModel, net: SmallNet): void {
  const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
  net.weights().forEach(({ kernel, bias }, i) => {
    const layer = dense[i] as tf.layers.Layer;
    const units = kernel.length / net.layerInputs(i);
    const tensors = [tfjs.tensor2d(kernel, [net.layerInputs(i), units]), ...(bias ? [tfjs.tensor1d(bias)] : [])];
    layer.setWeights(tensors);
    tfjs.dispose(tensors);
  });
}

async function fitSmallNet(tfjs: Tf, models: { model: tf.LayersModel; fitting: tf.LayersModel }, net: SmallNet, x: tf.Tensor2D, y: tf.Tensor2D, args: FitArgs, metric: string | null): Promise<tf.History> {
  const { model, fitting } = models;
  const batchSize = args.batchSize ?? 32;
  const epochs = args.epochs ?? 1;
  const rows = x.shape[0];
  const validationSplit = args.validationSplit ?? 0;
  const trainRows = validationSplit > 0 && validationSplit < 1 ? Math.floor(rows * (1 - validationSplit)) : rows;
  const doValidation = trainRows < rows;
  const xs = x.dataSync() as Float32Array;
  const ys = y.dataSync() as Float32Array;
  const names = ['loss', ...(metric ? [metric] : [])];
  const callbacks = callbackList(tfjs, args);
  const params = {
    epochs, initialEpoch: 0, samples: trainRows, steps: null, batchSize, verbose: args.verbose ?? 1, doValidation,
    metrics: doValidation ? [...names, ...names.map((n) => `val_${n}`)] : names,
  };
  for (const c of callbacks) {
    c.setParams?.(params);
    c.setModel?.(fitting);
  }
  const history = { epoch: [] as number[], history: {} as Record<string, number[]>, params };
  const order = Array.from({ length: trainRows }, (_, i) => i);
  const shuffle = args.shuffle ?? true;
  for (const c of callbacks) await c.onTrainBegin?.({});
  fitting.stopTraining = false;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const c of callbacks) await c.onEpochBegin?.(epoch, {});
    if (shuffle) tfjs.util.shuffle(order);
    const epochLogs: tf.Logs = {};
    const totals = [0, 0];
    let seen = 0;
    const batches = Math.ceil(trainRows / batchSize);
    for (let batch = 0; batch < batches; batch++) {
      const batchLogs: tf.Logs = {};
      for (const c of callbacks) await c.onBatchBegin?.(batch, batchLogs);
      const start = batch * batchSize;
      const size = Math.min(batchSize, trainRows - start);
      const scores = net.trainBatch(xs, ys, order, start, size);
      batchLogs.batch = batch;
      batchLogs.size = size;
      batchLogs.loss = Math.fround(scores.loss);
      if (metric) batchLogs[metric] = Math.fround(scores.metric);
      if (batch === batches - 1 && doValidation) {
        const val = net.evaluate(xs, ys, trainRows, rows - trainRows);
        epochLogs.val_loss = Math.fround(val.loss);
        if (metric) epochLogs[`val_${metric}`] = Math.fround(val.metric);
      }
      for (const c of callbacks) await c.onBatchEnd?.(batch, batchLogs);
      seen += size;
      totals[0] = (totals[0] as number) + (batchLogs.loss as number) * size;
      totals[1] = (totals[1] as number) + (metric ? (batchLogs[metric] as number) : 0) * size;
      if (fitting.stopTraining) break;
    }
    // No training rows (a tiny table all taken by the validation split): no loss, as TF.js logs none.
    if (seen > 0) {
      epochLogs.loss = (totals[0] as number) / seen;
      if (metric) epochLogs[metric] = (totals[1] as number) / seen;
    }
    writeWeights(tfjs, model, net);
    history.epoch.push(epoch);
    for (const [key, value] of Object.entries(epochLogs)) (history.history[key] ??= []).push(value);
    for (const c of callbacks) await c.onEpochEnd?.(epoch, epochLogs);
    if (fitting.stopTraining) break;
  }
  for (const c of callbacks) await c.onTrainEnd?.({});
  return history as unknown as tf.History;
}

/** Every model this engine trained (it trains a model's first fit only: its optimizer state stays here). */
const trained = new WeakSet<tf.LayersModel>();

/**
 * The engine for `model.fit` calls that it can take (see the module comment). `model` is the model
 * the recipe built (its layers and weights); the engine's `fitting` argument is the model whose fit
 * runs (for a tf.Sequential, its inner model), whose flags and callbacks the fit uses, as TF.js's does.
 */
function smallNetEngine(tfjs: Tf, model: tf.LayersModel): FitEngine {
  return (fitting, x, y, givenArgs) => {
    const training = fitting as unknown as { isTraining: boolean };
    if (trained.has(model) || training.isTraining) return null;
    const spec = networkSpec(tfjs, model);
    const args = givenArgs ?? {};
    if (typeof spec === 'string' || unsupportedArgs(x, y, args, tfjs, spec)) return null;
    const net = SmallNet.create(spec, args.batchSize ?? 32);
    if (!net) return null;
    trained.add(model);
    training.isTraining = true;
    return fitSmallNet(tfjs, { model, fitting }, net, x as tf.Tensor2D, y as tf.Tensor2D, args, spec.metric).finally(() => {
      training.isTraining = false;
    });
  };
}

/** Whether this engine is training (or trained) `model`. */
export function trainedBySmallNet(model: tf.LayersModel): boolean {
  return trained.has(model);
}

/**
 * Trains `model` with the small-network engine from now on when it can (see `networkSpec`).
 * Returns why it can't (then TF.js's fit trains it), or null.
 */
export function trainWithSmallNet(tfjs: Tf, model: tf.LayersModel): string | null {
  const spec = networkSpec(tfjs, model);
  if (typeof spec === 'string') return spec;
  setFitEngine(model, smallNetEngine(tfjs, model));
  return null;
}

/** Whether this JavaScript engine runs the engine's WebAssembly SIMD kernels. */
export function smallNetAvailable(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(denseKernelBytes());
}
