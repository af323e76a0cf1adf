/**
 * Resolves once `isBusy()` has been false for `quietMs` in a row (checked every `pollMs`). The
 * service worker's first install downloads the whole build (~14 MB) into the cache; started while
 * a run trains, it competes with the training worker for the CPU (and with the timing trial that
 * picks the `auto` backend), so registration waits for a quiet moment.
 */
export function whenQuiet(isBusy: () => boolean, options: { quietMs: number; pollMs: number }): Promise<void> {
  return new Promise((resolve) => {
    let quietFor = 0;
    const timer = setInterval(() => {
      quietFor = isBusy() ? 0 : quietFor + options.pollMs;
      if (quietFor >= options.quietMs) {
        clearInterval(timer);
        resolve();
      }
    }, options.pollMs);
  });
}
