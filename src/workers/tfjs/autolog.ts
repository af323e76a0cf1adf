/**
 * trainyard.autolog(): what mlflow.tensorflow.autolog() does for Keras, for any tf.LayersModel's
 * fit/fitDataset. It patches LayersModel.prototype once; every fit then logs its params, optimizer
 * config, per-epoch metrics (and optionally every N batches), the model summary and the trained
 * model with an MLmodel file. It logs into the active run, or starts one and ends it after the fit,
 * as MLflow does. The per-epoch callback only buffers points, which keeps the overhead small.
 */
import type * as tf from '@tensorflow/tfjs';
import type { RunId } from '../../domain/ids';
import type { ParamValue } from '../../domain/tracking/types';
import type { TrackingClient } from '../../db/trackingClient';
import { earlyStoppingParams, fitParams, numericLogs, optimizerParams } from './autologParams';
import { runFit, type Fit } from './fitEngine';
import { modelArtifactFiles } from './modelArtifacts';
import { describeFailure, failureTags, NonFiniteLossError } from '../../domain/tracking/failure';

type Tf = typeof tf;

export interface AutologOptions {
  /** Log the trained model as artifacts (default true). */
  logModels?: boolean;
  /** Also log batch metrics every N batches, as `batch/<name>` at step = batches seen so far. */
  logEveryNBatches?: number | null;
  /** Rows of the training input kept as the model's input example (default 5; 0 for none). */
  inputExampleRows?: number;
  /** Folder of the model artifacts (default `model`). */
  artifactPath?: string;
  /**
   * Stop the fit and fail it with NonFiniteLossError ("loss became NaN at epoch N") when an
   * epoch's loss is NaN or infinite (default true): Keras's TerminateOnNaN, checked per epoch.
   */
  terminateOnNaN?: boolean;
}

type FitFn = tf.LayersModel['fit'];
type FitDatasetFn = tf.LayersModel['fitDataset'];

interface Patched {
  fit: FitFn;
  fitDataset: FitDatasetFn;
  state: { client: TrackingClient; options: Required<AutologOptions> } | null;
}

const PATCHED = Symbol.for('trainyard.autolog');

type Prototype = tf.LayersModel & { [PATCHED]?: Patched };

const DEFAULTS: Required<AutologOptions> = {
  logModels: true,
  logEveryNBatches: null,
  inputExampleRows: 5,
  artifactPath: 'model',
  terminateOnNaN: true,
};

/** Turns autologging on (again, with new options). Returns a function that turns it off. */
export function autolog(tfjs: Tf, client: TrackingClient, options: AutologOptions = {}): () => void {
  const proto = tfjs.LayersModel.prototype as Prototype;
  let patched = proto[PATCHED];
  if (!patched) {
    const original: Patched = { fit: proto.fit, fitDataset: proto.fitDataset, state: null };
    patched = original;
    proto[PATCHED] = original;
    proto.fit = async function patchedFit(this: tf.LayersModel, x, y, args = {}) {
      const state = original.state;
      const tfFit: Fit = (model, ...rest) => original.fit.call(model, ...rest);
      if (!state) return runFit(this, tfFit, x, y, args);
      const session = await beginSession({
        tfjs,
        model: this,
        state,
        params: fitParams({ ...args, hasValidationData: args.validationData !== undefined }),
        callbacks: args.callbacks,
        yieldEvery: args.yieldEvery,
      });
      return session.run(() => runFit(this, tfFit, x, y, { ...args, callbacks: session.callbacks }), () =>
        exampleRows(tfjs, x, state.options.inputExampleRows),
      );
    };
    proto.fitDataset = async function patchedFitDataset(this: tf.LayersModel, dataset, args) {
      const state = original.state;
      if (!state) return original.fitDataset.call(this, dataset, args);
      const params = fitParams({
        epochs: args.epochs,
        initialEpoch: args.initialEpoch,
        classWeight: args.classWeight,
        stepsPerEpoch: args.batchesPerEpoch,
        validationSteps: args.validationBatches,
        hasValidationData: args.validationData !== undefined,
      });
      const session = await beginSession({ tfjs, model: this, state, params, callbacks: args.callbacks, yieldEvery: args.yieldEvery });
      return session.run(() => original.fitDataset.call(this, dataset, { ...args, callbacks: session.callbacks }), () => null);
    };
  }
  patched.state = { client, options: { ...DEFAULTS, ...options } };
  const active = patched;
  return () => {
    active.state = null;
  };
}

type Callbacks = tf.ModelFitArgs['callbacks'];
type YieldEvery = tf.ModelFitArgs['yieldEvery'];

/**
 * The user's callbacks as BaseCallback instances: TF.js can't mix plain callback objects with
 * instances. The fit's `yieldEvery` goes with them, as fit would have passed it: without it every
 * wrapped callback would wait for an animation frame every 125 ms, even in a worker.
 */
function callbackList(tfjs: Tf, callbacks: Callbacks, yieldEvery: YieldEvery): object[] {
  if (!callbacks) return [];
  const list: unknown[] = Array.isArray(callbacks) ? callbacks : [callbacks];
  return list.map((c) =>
    c instanceof tfjs.Callback || c instanceof tfjs.CustomCallback ? c : new tfjs.CustomCallback(c as tf.CustomCallbackArgs, yieldEvery),
  );
}

/**
 * Logs params without ever failing the fit, as MLflow's autolog never breaks training: a second fit
 * in the same run can't change a param's value (MLflow's rule), so such params are kept as they were.
 */
async function logParamsTolerantly(client: TrackingClient, params: Record<string, ParamValue>, runId: RunId): Promise<void> {
  try {
    await client.logParams(params, { runId });
  } catch {
    const skipped: string[] = [];
    for (const [key, value] of Object.entries(params)) {
      await client.logParam(key, value, { runId }).catch(() => skipped.push(key));
    }
    if (skipped.length > 0) {
      await client
        .setTag('trainyard.autolog_warning', `Params kept from an earlier fit in this run: ${skipped.join(', ')}`, { runId })
        .catch(() => undefined);
    }
  }
}

async function beginSession(options: {
  tfjs: Tf;
  model: tf.LayersModel;
  state: NonNullable<Patched['state']>;
  params: Record<string, ParamValue>;
  callbacks: Callbacks;
  yieldEvery: YieldEvery;
}) {
  const { tfjs, model, state, params } = options;
  const { client } = state;
  const existing = client.activeRunId();
  const runId: RunId = existing ?? (await client.startRun({ tags: { 'mlflow.autologging': 'tfjs' } })).runId;
  const ownsRun = existing === null;
  const userCallbacks = callbackList(tfjs, options.callbacks, options.yieldEvery);
  const earlyStopping = userCallbacks.find((c): c is tf.EarlyStopping => c instanceof tfjs.EarlyStopping);

  const optimizer = model.optimizer;
  await logParamsTolerantly(
    client,
    {
      ...params,
      ...(optimizer ? optimizerParams(optimizer.getClassName(), optimizer.getConfig() as Record<string, unknown>) : {}),
      loss: lossName(model),
      ...(earlyStopping ? earlyStoppingParams(earlyStopping as unknown as Record<string, unknown>) : {}),
    },
    runId,
  );
  await client.setTag('mlflow.autologging', 'tfjs', { runId });

  let batches = 0;
  const every = state.options.logEveryNBatches;
  // The first epoch whose loss was not a finite number (checked per epoch: a per-batch check would
  // read every batch's loss back from the backend).
  let diverged: NonFiniteLossError | null = null;
  const logger: tf.CustomCallbackArgs = {
    onEpochEnd: async (epoch, logs) => {
      const values = numericLogs(logs as Record<string, unknown> | undefined);
      client.logMetrics(values, { step: epoch, runId });
      const loss = values.loss;
      if (state.options.terminateOnNaN && loss !== undefined && !Number.isFinite(loss) && !diverged) {
        diverged = new NonFiniteLossError(epoch, loss);
        model.stopTraining = true;
      }
    },
    ...(every
      ? {
          onBatchEnd: async (_batch: number, logs?: tf.Logs) => {
            batches += 1;
            if (batches % every !== 0) return;
            const metrics = numericLogs(logs as Record<string, unknown> | undefined);
            const prefixed = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`batch/${k}`, v]));
            client.logMetrics(prefixed, { step: batches, runId });
          },
        }
      : {}),
  };

  return {
    callbacks: [...userCallbacks, new tfjs.CustomCallback(logger, options.yieldEvery)] as Callbacks,
    async run(fit: () => Promise<tf.History>, example: () => number[][] | null): Promise<tf.History> {
      try {
        const history = await fit();
        if (diverged) throw diverged;
        if (earlyStopping) {
          const stopped = (earlyStopping as unknown as { stoppedEpoch?: number }).stoppedEpoch;
          if (typeof stopped === 'number' && stopped > 0) client.logMetric('stopped_epoch', stopped, { runId });
        }
        await logModel({ tfjs, model, client, runId, options: state.options, example });
        if (ownsRun) await client.endRun('FINISHED', { runId });
        else await client.flush();
        return history;
      } catch (error) {
        if (ownsRun) await client.endRun('FAILED', { runId, tags: failureTags(describeFailure(error)) }).catch(() => undefined);
        throw error;
      }
    },
  };
}

function lossName(model: tf.LayersModel): string {
  const loss: unknown = model.loss;
  if (typeof loss === 'string') return loss;
  if (Array.isArray(loss)) return loss.map((l) => (typeof l === 'string' ? l : 'custom')).join(',');
  return loss ? 'custom' : 'None';
}

/** The first rows of a tensor input, as plain numbers; null when the input isn't a single 2-D tensor. */
function exampleRows(tfjs: Tf, x: tf.Tensor | tf.Tensor[] | { [name: string]: tf.Tensor }, rows: number): number[][] | null {
  if (rows <= 0 || !(x instanceof tfjs.Tensor) || x.rank !== 2) return null;
  const take = Math.min(rows, x.shape[0] ?? 0);
  const head = x.slice([0, 0], [take, -1]);
  try {
    return head.arraySync() as number[][];
  } finally {
    head.dispose();
  }
}

async function logModel(options: {
  tfjs: Tf;
  model: tf.LayersModel;
  client: TrackingClient;
  runId: RunId;
  options: Required<AutologOptions>;
  example: () => number[][] | null;
}): Promise<void> {
  const { tfjs, model, client, runId } = options;
  const lines: string[] = [];
  model.summary(undefined, undefined, (line: string) => lines.push(line));
  const summary = client.logText(`${lines.join('\n')}\n`, 'model_summary.txt', { runId });
  if (!options.options.logModels) return summary;
  const { files } = await modelArtifactFiles({
    tfjs,
    model,
    runId,
    artifactPath: options.options.artifactPath,
    inputExample: options.example(),
    now: new Date(),
  });
  // Written concurrently: IndexedDB queues the transactions, and fit returns sooner (autolog overhead).
  await Promise.all([summary, ...files.map((file) => client.logArtifact(file.content, file.path, { runId }))]);
}
