/** Messages between the page and the prediction worker; plain, structured-clone-safe data only. */
import type { ModelLocation } from '../../domain/model/modelUri';
import type { RowResult } from '../../domain/playground/results';
import type { ModelInfo } from './predictModel';

export type ToPredictWorker =
  | { type: 'describe'; id: number; location: ModelLocation }
  | { type: 'predict'; id: number; location: ModelLocation; rows: unknown[] };

export type FromPredictWorker =
  | { type: 'described'; id: number; info: ModelInfo }
  | { type: 'predicted'; id: number; results: RowResult[] }
  | { type: 'failed'; id: number; error: { name: string; message: string; code?: string } };

export function isFromPredictWorker(data: unknown): data is FromPredictWorker {
  if (typeof data !== 'object' || data === null) return false;
  const { type, id } = data as { type?: unknown; id?: unknown };
  return typeof id === 'number' && (type === 'described' || type === 'predicted' || type === 'failed');
}
