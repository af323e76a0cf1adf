/** A loaded model as the model server runs it, whatever its kind (tfjsModel.ts, forestModel.ts). */
import type { ModelFormat } from '../../domain/playground/modelFormat';

/** ModelInfo.backend of a model predicted in plain JavaScript, with no TF.js. */
export const NO_BACKEND = 'none (JavaScript)';

/** A model ready to predict, whatever its kind. */
export interface Runnable {
  format: ModelFormat;
  inputWidth: number;
  outputWidth: number;
  backend: string;
  /** Names the model file gives its inputs and classes (a forest's), else none. */
  featureNames?: readonly string[];
  classLabels?: readonly string[];
  /** Outputs (rows × outputWidth, row-major) for model inputs (rows × inputWidth). */
  run: (x: Float32Array, rows: number) => Promise<ArrayLike<number>>;
  dispose: () => void;
}

