/**
 * What refuses an entry before anything is inflated: an unsafe name, an encrypted or exotic entry,
 * declared sizes over the limits, or entries that together expand like a zip bomb.
 */
import type { BundleLimits } from './bundle.types';
import { sizeText, type ZipEntry } from './zipFormat';

const MAX_NAME_DEPTH = 256;

/** Why `name` is not a safe relative path, or null when it is. */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0) return 'The entry has an empty name.';
  if (name.includes('\\')) return 'The entry name contains a backslash; zip paths must use "/".';
  if (name.startsWith('/')) return 'The entry name is an absolute path.';
  if (/^[A-Za-z]:/.test(name)) return 'The entry name starts with a drive letter.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'The entry name contains control characters.';
  const parts = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (parts.includes('..')) return 'The entry name contains "..", which would write outside the folder.';
  // A key of 250 characters has at most 125 parts; deeper names only cost time (each folder is checked).
  if (parts.length > MAX_NAME_DEPTH) return `The entry name is nested ${parts.length} folders deep; at most ${MAX_NAME_DEPTH} are read.`;
  if (parts.some((p) => p === '' || p === '.')) return 'The entry name is not a normalised path (it has "//" or "/./").';
  return null;
}

/**
 * Why `entries` (those that will be inflated) together break a limit — more bytes in all than
 * allowed, or an overall expansion only a zip bomb has — or null.
 */
export function totalSizeProblem(entries: Iterable<ZipEntry>, limits: BundleLimits): string | null {
  let declared = 0;
  let compressed = 0;
  for (const entry of entries) {
    if (entry.problem !== undefined) continue;
    declared += entry.uncompressedSize;
    compressed += entry.compressedSize;
  }
  if (declared > limits.maxTotalUncompressedBytes) {
    return `The zip's entries add up to more than ${sizeText(limits.maxTotalUncompressedBytes)} uncompressed; that is over the limit.`;
  }
  if (declared > limits.totalRatioCheckMinBytes && declared / Math.max(compressed, 1) > limits.maxCompressionRatio) {
    return `The zip's entries expand ${Math.round(declared / Math.max(compressed, 1))}:1 in total (over the ${limits.maxCompressionRatio}:1 limit), the mark of a zip bomb.`;
  }
  return null;
}

export function declaredSizeProblem(flags: number, method: number, compressed: number, size: number, limits: BundleLimits): string | null {
  if (flags & 1) return 'The entry is encrypted; bundles cannot be password-protected.';
  if (method !== 0 && method !== 8) return `The entry uses compression method ${method}; only stored (0) and deflate (8) are supported.`;
  if (method === 0 && compressed !== size) return 'The entry is damaged: a stored entry with different compressed and uncompressed sizes.';
  if (size > limits.maxEntryUncompressedBytes) {
    return `The entry is ${sizeText(size)} uncompressed; the limit per entry is ${sizeText(limits.maxEntryUncompressedBytes)}.`;
  }
  if (size > limits.ratioCheckMinBytes && size / Math.max(compressed, 1) > limits.maxCompressionRatio) {
    return `The entry expands ${Math.round(size / Math.max(compressed, 1))}:1 (over the ${limits.maxCompressionRatio}:1 limit), the mark of a zip bomb.`;
  }
  return null;
}
