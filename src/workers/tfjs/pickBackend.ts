import type { BackendName } from '../train/protocol';

/**
 * The first candidate (the safest: wasm) unless another is clearly faster, by 25 %: a GPU backend's
 * small-trial lead is often noise and costs readback latency on small models.
 */
export function pickBackend(timings: Partial<Record<BackendName, number>>, candidates: readonly BackendName[]): BackendName {
  const measured = candidates.filter((name) => timings[name] !== undefined);
  let choice = measured[0] ?? 'cpu';
  for (const name of measured.slice(1)) {
    if ((timings[name] as number) * 1.25 < (timings[choice] as number)) choice = name;
  }
  return choice;
}
