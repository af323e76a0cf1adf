/**
 * Loading a logged TF.js layers model (the tfjs flavor: model.json + weight files) from the run's
 * artifacts into the worker's TF.js, for the model server (predictModel.ts).
 */
import type * as tfType from '@tensorflow/tfjs';
import { TrackingError } from '../../domain/errors';
import type { ModelFlavor } from '../../domain/model/forestFlavor';
import type { ModelLocation } from '../../domain/model/modelUri';
import { PlaygroundError } from '../../domain/playground/playgroundModel';
import type { Runnable } from './runnable.types';

export function joinPath(folder: string, file: string): string {
  return folder === '' ? file : `${folder}/${file}`;
}

export async function loadTfjsModel(options: {
  tf: typeof tfType;
  location: ModelLocation;
  /** What MLmodel said, to explain a missing model.json when it names flavors this app can't run. */
  flavor: ModelFlavor;
  /** An artifact of the run, or null when it doesn't exist. */
  read: (path: string) => Promise<Blob | null>;
  /** Switches to the backend the model should run on; resolves with the one in use. */
  backend: () => Promise<string>;
}): Promise<Runnable> {
  const { tf, location, flavor, read } = options;
  const backend = await options.backend();
  const modelPath = joinPath(location.artifactPath, 'model.json');
  const modelBlob = await read(modelPath);
  if (!modelBlob) {
    const flavors =
      flavor.kind === 'other'
        ? ` Its MLmodel lists the flavor${flavor.flavors.length === 1 ? '' : 's'} ${flavor.flavors.join(', ')}; the playground serves TF.js layers models (tfjs) and Trainyard random forests (trainyard_forest).`
        : '';
    throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Run ${location.runId} has no model at "${location.artifactPath || '(root)'}": ${modelPath} is missing.${flavors}`);
  }
  const modelJson = JSON.parse(await modelBlob.text()) as {
    modelTopology?: object;
    weightsManifest?: Array<{ paths: string[]; weights: tfType.io.WeightsManifestEntry[] }>;
  };
  if (!modelJson.modelTopology) throw new PlaygroundError(`${modelPath} is not a TF.js layers model (it has no modelTopology).`);
  const groups = modelJson.weightsManifest ?? [];
  const buffers: ArrayBuffer[] = [];
  for (const path of groups.flatMap((g) => g.paths)) {
    const file = joinPath(location.artifactPath, path.replace(/^\.\//, ''));
    const blob = await read(file);
    if (!blob) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `The model's weights file ${file} is missing from run ${location.runId}.`);
    buffers.push(await blob.arrayBuffer());
  }
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: groups.flatMap((g) => g.weights),
      weightData: tf.io.concatenateArrayBuffers(buffers),
    }),
  );
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    model.dispose();
    throw new PlaygroundError(`The model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; the playground serves models with one of each.`);
  }
  const inputShape = model.inputs[0]?.shape ?? [];
  const outputShape = model.outputs[0]?.shape ?? [];
  if (inputShape.length !== 2 || outputShape.length !== 2) {
    model.dispose();
    throw new PlaygroundError(`The model takes inputs of shape [${inputShape.join(', ')}]; the playground serves models on rows of numbers ([batch, features]).`);
  }
  const inputWidth = inputShape[1] as number;
  return {
    format: { flavor: 'tfjs' },
    inputWidth,
    outputWidth: outputShape[1] as number,
    backend,
    run: async (x, rows) => {
      const output = tf.tidy(() => model.predict(tf.tensor2d(x, [rows, inputWidth])) as tfType.Tensor);
      try {
        return await output.data();
      } finally {
        output.dispose();
      }
    },
    dispose: () => model.dispose(),
  };
}
