/**
 * Finds and lists a zip's central directory: the end record (and ZIP64 end record), where the
 * directory lies when writers without ZIP64 let its offset and size wrap, and the walk through it,
 * checked against the entry count. Written as steps that ask for byte ranges, so the same code
 * serves a zip held in memory and one read from a Blob.
 */
import type { BundleError, BundleLimits } from './bundle.types';
import { DirectoryWalker } from './zipDirectoryRecords';
import { CENTRAL, EOCD, fatal, MAX16, MAX32, MiB, TWO_32, u64, viewOf, ZIP64_EOCD, ZIP64_LOCATOR, type ZipEntry } from './zipFormat';

/** End record (22) + longest comment + ZIP64 locator (20) + ZIP64 end record (56). */
const TAIL_BYTES = 22 + MAX16 + 20 + 56;
const DIRECTORY_SLICE = 4 * MiB;

const NOT_A_ZIP = 'This is not a complete zip file (no end-of-central-directory record); it may be truncated or not a zip at all.';
const ZIP64_DAMAGED = 'The ZIP64 end record is damaged; the zip may be truncated.';
const DIRECTORY_PAST_END = 'The zip is truncated: its central directory points past the end of the file.';

/** A request for the file's bytes [start, end), answered by the driver (sync for bytes, async for a Blob). */
interface Need {
  start: number;
  end: number;
}
type Steps<T> = Generator<Need, T, Uint8Array>;

interface EndRecord {
  /** File offset of the end-of-central-directory record. */
  at: number;
  count: number;
  size: number;
  offset: number;
  /** File offset of the ZIP64 end record, from the locator before the end record (null without one). */
  zip64At: number | null;
}

function findEnd(tail: Uint8Array, tailStart: number): EndRecord | null {
  const view = viewOf(tail);
  const min = Math.max(0, tail.length - 22 - MAX16);
  for (let at = tail.length - 22; at >= min; at--) {
    if (view.getUint32(at, true) !== EOCD || at + 22 + view.getUint16(at + 20, true) > tail.length) continue;
    const hasLocator = at >= 20 && view.getUint32(at - 20, true) === ZIP64_LOCATOR;
    return {
      at: tailStart + at,
      count: view.getUint16(at + 10, true),
      size: view.getUint32(at + 12, true),
      offset: view.getUint32(at + 16, true),
      zip64At: hasLocator ? u64(view, at - 12) : null,
    };
  }
  return null;
}

interface Directory {
  offset: number;
  size: number;
  /** The entry count the end record gives: exact with ZIP64, else modulo 65,536. */
  count: number;
  countIsExact: boolean;
}

/**
 * Where a directory without a ZIP64 record can be. It ends where the end record starts; its size
 * and offset are the recorded ones plus multiples of 2^32 (writers without ZIP64 let them wrap).
 */
function directoryCandidates(end: EndRecord): Array<{ offset: number; size: number }> | string {
  const stop = end.at;
  if (end.size === MAX32 && end.offset === MAX32) {
    return "The zip's end record says its central directory is described by a ZIP64 record, but there is none; the zip is damaged.";
  }
  if (end.size === MAX32) return end.offset <= stop ? [{ offset: end.offset, size: stop - end.offset }] : DIRECTORY_PAST_END;
  const found: Array<{ offset: number; size: number }> = [];
  for (let size = end.size; size <= stop; size += TWO_32) {
    const offset = stop - size;
    if (end.offset === MAX32 || (offset >= end.offset && (offset - end.offset) % TWO_32 === 0)) found.push({ offset, size });
  }
  if (found.length > 0) return found;
  if (end.offset + end.size > stop) return DIRECTORY_PAST_END;
  return (
    `The zip's end record does not match its central directory: it gives ${end.size} bytes at offset ${end.offset}, ` +
    `but the directory must end at ${stop}, where the end record starts. The zip is damaged (or has data before it).`
  );
}

type Listed = { ok: false; errors: BundleError[] } | { ok: true; entries: ZipEntry[]; errors: BundleError[]; directory: Directory };

/** Lists the central directory: the shared steps of listZip and openZip. */
export function* listSteps(
  fileSize: number,
  limits: BundleLimits,
  progress: (directoryBytesDone: number, bytesTotal: number) => void,
): Steps<Listed> {
  if (fileSize < 22) return fatal(NOT_A_ZIP);
  const tailStart = Math.max(0, fileSize - TAIL_BYTES);
  const tail = yield { start: tailStart, end: fileSize };
  const end = findEnd(tail, tailStart);
  if (!end) return fatal(NOT_A_ZIP);

  let directory: Directory;
  if (end.zip64At !== null) {
    const at = end.zip64At;
    if (at + 56 > end.at - 20) return fatal(ZIP64_DAMAGED);
    const record = at >= tailStart ? tail.subarray(at - tailStart, at - tailStart + 56) : yield { start: at, end: at + 56 };
    const view = viewOf(record);
    if (record.length < 56 || view.getUint32(0, true) !== ZIP64_EOCD) return fatal(ZIP64_DAMAGED);
    directory = { count: u64(view, 32), size: u64(view, 40), offset: u64(view, 48), countIsExact: true };
    if (directory.offset + directory.size > at) return fatal(DIRECTORY_PAST_END);
  } else {
    const candidates = directoryCandidates(end);
    if (typeof candidates === 'string') return fatal(candidates);
    let chosen = candidates[0] as { offset: number; size: number };
    // Only a file over 4 GiB has several; take the one where a directory entry starts.
    for (const candidate of candidates.length > 1 ? candidates : []) {
      const head = yield { start: candidate.offset, end: candidate.offset + 4 };
      if (head.length === 4 && viewOf(head).getUint32(0, true) === CENTRAL) {
        chosen = candidate;
        break;
      }
    }
    directory = { ...chosen, count: end.count, countIsExact: false };
  }
  if (directory.count > limits.maxEntries) {
    return fatal(`The zip has ${directory.count} entries; the limit is ${limits.maxEntries}.`);
  }

  const walker = new DirectoryWalker(directory.offset, limits);
  const stop = directory.offset + directory.size;
  const bytesTotal = directory.size + directory.offset;
  let at = directory.offset;
  do {
    const next = Math.min(at + DIRECTORY_SLICE, stop);
    walker.push(at < next ? yield { start: at, end: next } : new Uint8Array(0), next === stop);
    if (walker.fatal !== null) return fatal(walker.fatal);
    progress(next - directory.offset, bytesTotal);
    at = next;
  } while (at < stop);
  const found = walker.records;
  // Without ZIP64 the 16-bit count either wraps (fflate) or stays at 0xFFFF (some writers, which
  // Python's zipfile reads in full too); the walk, checked against the directory's size, has the rest.
  const countFits = directory.countIsExact
    ? found === directory.count
    : found % 0x10000 === directory.count || (directory.count === 0xffff && found >= 0xffff);
  if (!countFits) {
    return fatal(
      `The zip's central directory holds ${found} entries, but its end record says ${directory.count}` +
        `${directory.countIsExact ? '' : ' (counting modulo 65,536)'}; the zip is damaged.`,
    );
  }
  const listing = walker.finish();
  return listing.ok ? { ...listing, directory } : listing;
}
