/**
 * A trained tf.LayersModel as files: TF.js's own format (model.json + weights.bin, loadable with
 * tf.loadLayersModel) plus an MLmodel file and an input example, under one artifact folder.
 */
import type * as tf from '@tensorflow/tfjs';
import { buildMlmodelYaml } from '../../domain/model/mlmodel';

type Tf = typeof tf;

export interface SavedModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
}

/** Serialises the model through a save handler, without touching any browser storage. */
export async function serializeModel(tfjs: Tf, model: tf.LayersModel): Promise<SavedModelFiles> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tfjs.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('The model could not be serialised.');
  const weightData = saved.weightData;
  const weights =
    weightData === undefined
      ? new ArrayBuffer(0)
      : Array.isArray(weightData)
        ? tfjs.io.concatenateArrayBuffers(weightData)
        : weightData;
  const modelJson = {
    modelTopology: saved.modelTopology,
    format: saved.format ?? 'layers-model',
    generatedBy: saved.generatedBy ?? `TensorFlow.js tfjs-layers v${tfjs.version.tfjs}`,
    convertedBy: saved.convertedBy ?? null,
    weightsManifest: [{ paths: ['./weights.bin'], weights: saved.weightSpecs ?? [] }],
    ...(saved.trainingConfig ? { trainingConfig: saved.trainingConfig } : {}),
  };
  return { modelJson: JSON.stringify(modelJson), weights };
}

/** MLflow tensor specs for the model's inputs and outputs: float32, batch dimension -1. */
export function modelSignature(model: tf.LayersModel) {
  const spec = (name: string, shape: ReadonlyArray<number | null>) => ({
    type: 'tensor' as const,
    name,
    'tensor-spec': { dtype: 'float32', shape: shape.map((d) => (d === null ? -1 : d)) },
  });
  return {
    inputs: model.inputs.map((t) => spec(t.name, t.shape)),
    outputs: model.outputs.map((t) => spec(t.name, t.shape)),
  };
}

export interface ModelArtifactFiles {
  files: Array<{ path: string; content: string | ArrayBuffer }>;
  modelSizeBytes: number;
}

/** Every file of the model folder, ready to log under `artifactPath`. */
export async function modelArtifactFiles(options: {
  tfjs: Tf;
  model: tf.LayersModel;
  runId: string;
  artifactPath: string;
  inputExample: number[][] | null;
  now: Date;
}): Promise<ModelArtifactFiles> {
  const { tfjs, model, runId, artifactPath, inputExample, now } = options;
  const saved = await serializeModel(tfjs, model);
  const modelSizeBytes = saved.modelJson.length + saved.weights.byteLength;
  const mlmodel = buildMlmodelYaml({
    runId,
    artifactPath,
    tfjsVersion: tfjs.version.tfjs,
    utcTimeCreated: now,
    signature: modelSignature(model),
    inputExample: inputExample ? { artifactPath: 'input_example.json', type: 'ndarray' } : undefined,
    modelSizeBytes,
  });
  const files: ModelArtifactFiles['files'] = [
    { path: `${artifactPath}/model.json`, content: saved.modelJson },
    { path: `${artifactPath}/weights.bin`, content: saved.weights },
    { path: `${artifactPath}/MLmodel`, content: mlmodel },
  ];
  if (inputExample) {
    files.push({ path: `${artifactPath}/input_example.json`, content: JSON.stringify({ inputs: inputExample }) });
  }
  return { files, modelSizeBytes };
}
