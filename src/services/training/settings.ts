/**
 * Training settings the user can override: which TF.js backend the workers use (auto = a measured
 * trial), how many workers train at once (default: one per core), and whether wasm may use its
 * threaded build (off by default: on this project's 2-core reference machine the threaded build
 * trained the text MLP 1.8× slower, and tfjs 4.22's XNNPACK keeps to one thread anyway,
 * tensorflow/tfjs#8513). Kept in localStorage.
 */
import type { BackendName } from '../../workers/train/protocol';

export interface TrainingSettings {
  backend: BackendName | 'auto';
  workers: number;
  /** Use TF.js's threaded wasm build when the page is cross-origin isolated. */
  wasmThreads: boolean;
}

const KEY = 'trainyard.training-settings';
const BACKENDS: ReadonlyArray<TrainingSettings['backend']> = ['auto', 'wasm', 'webgl', 'webgpu', 'cpu'];

export function defaultSettings(): TrainingSettings {
  return { backend: 'auto', workers: Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 2), wasmThreads: false };
}

/** Reads the stored settings; anything missing or malformed falls back to the default. */
export function parseSettings(text: string | null): TrainingSettings {
  const defaults = defaultSettings();
  if (!text) return defaults;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return defaults;
    const { backend, workers, wasmThreads } = value as Record<string, unknown>;
    return {
      backend: BACKENDS.includes(backend as TrainingSettings['backend']) ? (backend as TrainingSettings['backend']) : defaults.backend,
      workers: typeof workers === 'number' && Number.isInteger(workers) && workers >= 1 && workers <= 16 ? workers : defaults.workers,
      wasmThreads: typeof wasmThreads === 'boolean' ? wasmThreads : defaults.wasmThreads,
    };
  } catch {
    return defaults;
  }
}

export function loadSettings(): TrainingSettings {
  return parseSettings(globalThis.localStorage?.getItem(KEY) ?? null);
}

export function saveSettings(settings: TrainingSettings): void {
  globalThis.localStorage?.setItem(KEY, JSON.stringify(settings));
}

export const BACKEND_CHOICES = BACKENDS;
