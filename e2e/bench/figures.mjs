// Number helpers the bench groups share: rounding for print, the median of the finite values, the load.
import os from 'node:os';

/** `x` rounded to `digits` decimals, or null when it is not a finite number. */
export const round = (x, digits = 0) => (typeof x === 'number' && Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);

/** The 1-minute load average, as each figure records it. */
export const load = () => round(os.loadavg()[0], 2);

/** The median of the finite numbers in `xs`, or null when there are none. */
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
