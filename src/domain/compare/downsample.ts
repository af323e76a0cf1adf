/**
 * Thinning long metric histories before they reach Plotly, which slows down past ~100k points.
 * Both methods return indices into the input (ascending, no duplicates) so callers can take x, y,
 * steps and timestamps from the same points. Non-finite y points are always kept: they are drawn
 * as gaps, and dropping one would join the line across it. Points whose x is non-finite cannot be
 * placed in a bucket, so they are kept too and left to the renderer.
 */

export interface Downsampled {
  /** Kept indices, ascending. */
  indices: Uint32Array;
  /** The number of points in the input. */
  total: number;
}

function allIndices(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function collect(keep: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < keep.length; i++) count += keep[i] as number;
  const out = new Uint32Array(count);
  let j = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) out[j++] = i;
  return out;
}

/**
 * Min/max decimation: splits the finite x range into `buckets` equal-width buckets and keeps, in
 * each, the first index of the smallest and of the largest y, plus the first and last point, so a
 * single spike survives. Works on unsorted x. Returns every index when there are at most
 * 2·buckets points, or when `buckets` is not a positive number.
 */
export function downsampleMinMax(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): Downsampled {
  const n = Math.min(x.length, y.length);
  const b = Math.floor(buckets);
  if (!(b >= 1) || n <= 2 * b) return { indices: allIndices(n), total: n };

  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    if (Number.isFinite(xi) && Number.isFinite(y[i] as number)) {
      if (xi < lo) lo = xi;
      if (xi > hi) hi = xi;
    }
  }
  const span = hi - lo;
  const minAt = new Int32Array(b).fill(-1);
  const maxAt = new Int32Array(b).fill(-1);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) {
      keep[i] = 1;
      continue;
    }
    // A zero or overflowing span puts everything in the first bucket.
    const k = span > 0 && Number.isFinite(span) ? Math.min(b - 1, Math.floor(((xi - lo) / span) * b)) : 0;
    const mn = minAt[k] as number;
    const mx = maxAt[k] as number;
    if (mn < 0 || yi < (y[mn] as number)) minAt[k] = i;
    if (mx < 0 || yi > (y[mx] as number)) maxAt[k] = i;
  }
  for (let k = 0; k < b; k++) {
    const mn = minAt[k] as number;
    const mx = maxAt[k] as number;
    if (mn >= 0) keep[mn] = 1;
    if (mx >= 0) keep[mx] = 1;
  }
  return { indices: collect(keep), total: n };
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013) over the finite points: keeps the first and
 * last, and from each of threshold − 2 buckets (by index) the point forming the largest triangle
 * with the previous kept point and the next bucket's average. Expects x sorted (see sortHistory).
 * Non-finite points are added back on top, so the result can exceed `threshold` by their number.
 * Returns every index when there are at most `threshold` finite points or threshold < 3.
 */
export function lttb(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): Uint32Array {
  const n = Math.min(x.length, y.length);
  const t = Math.floor(threshold);
  const keep = new Uint8Array(n);
  const finite: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(x[i] as number) && Number.isFinite(y[i] as number)) finite.push(i);
    else keep[i] = 1;
  }
  const m = finite.length;
  if (!(t >= 3) || m <= t) return allIndices(n);

  const at = (j: number): number => finite[j] as number;
  keep[at(0)] = 1;
  keep[at(m - 1)] = 1;
  const size = (m - 2) / (t - 2);
  let a = 0; // the point kept from the previous bucket
  for (let bucket = 0; bucket < t - 2; bucket++) {
    const start = Math.floor(bucket * size) + 1;
    const end = Math.floor((bucket + 1) * size) + 1;
    // Average of the next bucket (the last point for the last bucket).
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * size) + 1, m);
    let avgX = 0;
    let avgY = 0;
    const count = nextEnd - nextStart;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += (x[at(j)] as number) / count;
      avgY += (y[at(j)] as number) / count;
    }
    const ax = x[at(a)] as number;
    const ay = y[at(a)] as number;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * ((y[at(j)] as number) - ay) - (ax - (x[at(j)] as number)) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    keep[at(best)] = 1;
    a = best;
  }
  return collect(keep);
}

function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "showing 2,000 of 100,000 points", or '' when nothing was left out. */
export function pointsLabel(shown: number, total: number): string {
  if (!(shown < total)) return '';
  return `showing ${groupDigits(shown)} of ${groupDigits(total)} ${total === 1 ? 'point' : 'points'}`;
}
