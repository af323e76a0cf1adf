/**
 * A defensive zip reader. It lists the central directory (ZIP64 too) and refuses unsafe names,
 * duplicate entries, encrypted or exotic entries and declared sizes over the limits before
 * inflating anything; then it inflates entries with fflate, stopping as soon as an entry's output
 * passes its declared size, and checks every CRC-32.
 *
 * The central directory is walked to its end rather than trusting the end record's entry count:
 * writers without ZIP64 support (fflate's `zipSync`, some archivers) store the count modulo 65,536
 * and the directory's offset and size modulo 2^32. The walk either finds every entry, consistent
 * with the directory's size and the recorded count, or the zip is refused: never a part of it.
 *
 * Two ways in:
 * - `listZip(bytes)` / `readEntry(bytes, entry)`: a zip held in memory, synchronously.
 * - `openZip(blob or bytes)`: reads a `Blob` (a `File`) by slices, so the zip is never held whole:
 *   the tail for the end records, the central directory in 4 MiB slices, then `readAll` goes
 *   through the entries in file order with a 16 MiB window, inflating each wanted entry.
 *
 * This file drives the reading; the parts live beside it: `zipDirectory` (end records, ZIP64, the
 * walk) with `zipDirectoryRecords` (each record), `zipEntryChecks` (names and size limits),
 * `zipLocalHeaders`, `zipInflate`, `zipSliceWindow` (Blob slices) and `zipFormat` (shared pieces).
 */
import type { BundleError, BundleLimits } from './bundle.types';
import { listSteps } from './zipDirectory';
import { totalSizeProblem } from './zipEntryChecks';
import { fatal, type EntryRead, type ZipEntry, type ZipListing } from './zipFormat';
import { decodeEntry, EntryDecoder } from './zipInflate';
import { byLocalOffset, LocalChecker } from './zipLocalHeaders';
import { byteSource, Pacer, Window } from './zipSliceWindow';

export { crc32 } from './crc32';
export { totalSizeProblem, unsafeEntryName } from './zipEntryChecks';
export type { EntryRead, ZipEntry, ZipListing } from './zipFormat';

export interface ZipProgress {
  /** Bytes of the zip read so far (its central directory, then entry data in file order), of `bytesTotal`. */
  bytesDone: number;
  bytesTotal: number;
  /** Entries inflated by `readAll` so far, of the entries it was asked for (0 of 0 while listing). */
  entriesDone: number;
  entriesTotal: number;
}

export interface OpenZipOptions {
  /** Called every few dozen milliseconds while the zip is read, and when listing and reading end. */
  onProgress?: (progress: ZipProgress) => void;
}

export interface ReadAllResult {
  /** Entries whose local header or data position is wrong (each reported in `errors`). */
  damaged: ReadonlySet<ZipEntry>;
  errors: BundleError[];
  /** Set when the wanted entries together break a limit (total size, overall ratio): nothing was read. */
  fatal?: string;
}

export interface OpenedZip {
  ok: true;
  entries: ZipEntry[];
  /**
   * Problems with single entries found while listing (those entries are left out of `entries`).
   * Entries that are listed but can't be read carry their `problem`, reported by `readAll`.
   */
  errors: BundleError[];
  /**
   * Goes through every listed entry in file order, checking its local header and position, and
   * inflates those in `wanted`, calling `onEntry` with each one's bytes (or why not) in file order.
   * Damaged entries are returned (and not passed to `onEntry`).
   */
  readAll(wanted: Iterable<ZipEntry>, onEntry: (entry: ZipEntry, read: EntryRead) => void): Promise<ReadAllResult>;
}

export type OpenZipResult = OpenedZip | { ok: false; errors: BundleError[] };

// ---------- the two ways in ----------

/**
 * Lists the entries of a zip held in memory; structural damage is fatal, problems with single
 * entries (bad local headers included) are collected and the entries left out.
 */
export function listZip(bytes: Uint8Array, limits: BundleLimits): ZipListing {
  const steps = listSteps(bytes.length, limits, () => {});
  let step = steps.next();
  while (!step.done) step = steps.next(bytes.subarray(step.value.start, step.value.end));
  const listing = step.value;
  if (!listing.ok) return listing;
  const total = totalSizeProblem(listing.entries, limits);
  if (total !== null) return fatal(total);
  const checker = new LocalChecker(listing.directory.offset);
  for (const entry of [...listing.entries].sort(byLocalOffset)) checker.check(entry, bytes, entry.localOffset);
  const unreadable = listing.entries.filter((e) => e.problem !== undefined);
  return {
    ok: true,
    entries: listing.entries.filter((e) => !checker.damaged.has(e) && e.problem === undefined),
    errors: [...listing.errors, ...unreadable.map((e) => ({ entry: e.name, message: e.problem as string })), ...checker.errors],
  };
}

/**
 * Lists a zip read from a Blob (or bytes) by slices, never holding the whole file; `readAll` then
 * reads the entries' data in file order through a bounded window.
 */
export async function openZip(input: Blob | Uint8Array, limits: BundleLimits, options: OpenZipOptions = {}): Promise<OpenZipResult> {
  const source = byteSource(input);
  const pacer = new Pacer();
  const report = options.onProgress;
  let listedBytes = 0;
  const steps = listSteps(source.size, limits, (done, total) => {
    listedBytes = done;
    report?.({ bytesDone: done, bytesTotal: total, entriesDone: 0, entriesTotal: 0 });
  });
  let step = steps.next();
  while (!step.done) {
    const bytes = await source.read(step.value.start, step.value.end);
    if (pacer.due()) await pacer.pause();
    step = steps.next(bytes);
  }
  const listing = step.value;
  if (!listing.ok) return listing;
  const { directory, entries } = listing;
  const bytesTotal = directory.size + directory.offset;

  const readAll = async (wanted: Iterable<ZipEntry>, onEntry: (entry: ZipEntry, read: EntryRead) => void): Promise<ReadAllResult> => {
    const want = new Set(wanted);
    const total = totalSizeProblem(want, limits);
    if (total !== null) return { damaged: new Set(), errors: [{ entry: '', message: total }], fatal: total };
    const checker = new LocalChecker(directory.offset);
    const window = new Window(source, directory.offset);
    const progress = { bytesDone: listedBytes, bytesTotal, entriesDone: 0, entriesTotal: 0 };
    for (const entry of entries) if (want.has(entry)) progress.entriesTotal++;
    const pause = async (position: number): Promise<void> => {
      progress.bytesDone = Math.max(progress.bytesDone, listedBytes + position);
      report?.({ ...progress });
      await pacer.pause();
    };
    // Everything stays synchronous while the window holds what an entry needs (the common case):
    // an await per entry would cost more than reading a small entry.
    for (const entry of [...entries].sort(byLocalOffset)) {
      const headEnd = checker.headEnd(entry);
      if (entry.localOffset < headEnd && !window.holds(entry.localOffset, headEnd)) await window.load(entry.localOffset, headEnd);
      const dataStart = checker.check(entry, window.bytes, entry.localOffset - window.start);
      if (dataStart !== null && want.has(entry) && entry.problem !== undefined) {
        onEntry(entry, { ok: false, message: entry.problem });
        progress.entriesDone++;
      } else if (dataStart !== null && want.has(entry)) {
        const dataEnd = dataStart + entry.compressedSize;
        let read: EntryRead;
        if (window.holds(dataStart, dataEnd)) {
          read = decodeEntry(entry, window.bytes.subarray(dataStart - window.start, dataEnd - window.start));
        } else {
          const decoder = new EntryDecoder(entry);
          for (let at = dataStart; at < dataEnd; ) {
            const chunk = await window.next(at, dataEnd);
            at += chunk.length;
            decoder.push(chunk, at === dataEnd);
            if (at < dataEnd && pacer.due()) await pause(at);
          }
          read = decoder.result();
        }
        onEntry(entry, read);
        progress.entriesDone++;
      }
      if (pacer.due()) await pause(Math.min(entry.localOffset, directory.offset));
    }
    report?.({ ...progress, bytesDone: bytesTotal });
    return { damaged: checker.damaged, errors: checker.errors };
  };
  return { ok: true, entries, errors: listing.errors, readAll };
}

/** The ZipEntry objects that `root` (e.g. a layout of the listing) refers to, found by walking it. */
export function entriesReferencedBy(root: unknown, listed: readonly ZipEntry[]): Set<ZipEntry> {
  const known = new Set<unknown>(listed);
  const found = new Set<ZipEntry>();
  const seen = new Set<object>();
  const stack: object[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (known.has(value)) found.add(value as ZipEntry);
    else if (!seen.has(value)) {
      seen.add(value);
      stack.push(value);
    }
  };
  visit(root);
  for (let value = stack.pop(); value !== undefined; value = stack.pop()) {
    if (value instanceof Map) for (const item of value.values()) visit(item);
    else if (value instanceof Set || Array.isArray(value)) for (const item of value) visit(item);
    else if (!ArrayBuffer.isView(value)) for (const key in value) visit((value as Record<string, unknown>)[key]);
  }
  return found;
}

/** The entry's bytes (a copy) from a zip held in memory, or why they cannot be had. */
export function readEntry(bytes: Uint8Array, entry: ZipEntry): EntryRead {
  const checker = new LocalChecker(bytes.length);
  const dataStart = checker.check(entry, bytes, entry.localOffset);
  if (dataStart === null) return { ok: false, message: (checker.errors[0] as BundleError).message };
  return decodeEntry(entry, bytes.subarray(dataStart, dataStart + entry.compressedSize));
}
