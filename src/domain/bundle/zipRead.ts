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
 */
import { Inflate, inflateSync } from 'fflate';
import { formatBytes } from '../storage/storageSize';
import type { BundleError, BundleLimits } from './bundle.types';

export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's local header starts (its data follows the header). */
  localOffset: number;
  /**
   * Why the entry can't be read (encrypted, an unsupported method, over the size limits). `openZip`
   * lists such entries and reports this only when the entry is wanted, so a file an import skips
   * (a dataset beside `mlruns/`, a 3.x logged model's weights) can't refuse it; `listZip` reports
   * it at once and leaves the entry out.
   */
  problem?: string;
}

export type ZipListing = { ok: true; entries: ZipEntry[]; errors: BundleError[] } | { ok: false; errors: BundleError[] };

/** One entry's bytes, or why they cannot be had. */
export type EntryRead = { ok: true; data: Uint8Array } | { ok: false; message: string };

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

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DIGITAL_SIGNATURE = 0x05054b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
const TWO_32 = 2 ** 32;
const MiB = 1024 * 1024;
/** End record (22) + longest comment + ZIP64 locator (20) + ZIP64 end record (56). */
const TAIL_BYTES = 22 + MAX16 + 20 + 56;
const DIRECTORY_SLICE = 4 * MiB;
const DATA_WINDOW = 16 * MiB;
/** How long the reader may run before giving the event loop a turn (and reporting progress). */
const PAUSE_AFTER_MS = 30;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

const NOT_A_ZIP = 'This is not a complete zip file (no end-of-central-directory record); it may be truncated or not a zip at all.';
const ZIP64_DAMAGED = 'The ZIP64 end record is damaged; the zip may be truncated.';
const DIRECTORY_PAST_END = 'The zip is truncated: its central directory points past the end of the file.';

function fatal(message: string): { ok: false; errors: BundleError[] } {
  return { ok: false, errors: [{ entry: '', message }] };
}

/** Exact below 1 MiB (limits in tests and messages are small numbers); the app's usual units above. */
function sizeText(n: number): string {
  return n < MiB ? `${n} bytes` : formatBytes(n);
}

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const le16 = (bytes: Uint8Array, at: number): number => (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
const le32 = (bytes: Uint8Array, at: number): number => le16(bytes, at) + le16(bytes, at + 2) * 0x10000;

function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * TWO_32;
}

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

// ---------- finding the central directory ----------

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
function* listSteps(
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

// ---------- the central directory's records ----------

/** Parses central directory records from consecutive slices of the directory. */
class DirectoryWalker {
  readonly entries: ZipEntry[] = [];
  readonly errors: BundleError[] = [];
  fatal: string | null = null;
  /** Records parsed (entries with problems included). */
  records = 0;
  private carry: Uint8Array | null = null;
  private readonly names = new Set<string>();
  private lastLocal = 0;
  private readonly directoryOffset: number;
  private readonly limits: BundleLimits;

  constructor(directoryOffset: number, limits: BundleLimits) {
    this.directoryOffset = directoryOffset;
    this.limits = limits;
  }

  /** Parses the directory's next bytes; `last` when they reach its end. */
  push(chunk: Uint8Array, last: boolean): void {
    if (this.fatal !== null) return;
    let bytes = chunk;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = null;
    }
    const view = viewOf(bytes);
    let at = 0;
    while (at + 46 <= bytes.length) {
      if (view.getUint32(at, true) !== CENTRAL) break;
      const next = at + 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
      if (next > bytes.length) break;
      this.record(bytes, view, at);
      if (this.fatal !== null) return;
      at = next;
    }
    const rest = bytes.subarray(at);
    if (!last) {
      const signature = rest.length >= 4 ? viewOf(rest).getUint32(0, true) : CENTRAL;
      // A record (at most 46 + 3 × 65,535 bytes) or a signature record (6 + 65,535) waits for the next slice.
      if (signature === CENTRAL || (signature === DIGITAL_SIGNATURE && rest.length <= 6 + MAX16)) this.carry = rest.slice();
      else this.damaged();
      return;
    }
    // The directory may close with a digital signature record (APPNOTE 4.3.13).
    const signed = rest.length >= 6 && viewOf(rest).getUint32(0, true) === DIGITAL_SIGNATURE && rest.length === 6 + viewOf(rest).getUint16(4, true);
    if (rest.length > 0 && !signed) this.damaged();
  }

  private damaged(): void {
    this.fatal =
      `The zip's central directory is damaged at entry ${this.records + 1}: a record is cut off or missing ` +
      '(the zip may be truncated, or its end record is wrong).';
  }

  private record(bytes: Uint8Array, view: DataView, at: number): void {
    this.records++;
    if (this.records > this.limits.maxEntries) {
      this.fatal = `The zip has more than ${this.limits.maxEntries} entries; the limit is ${this.limits.maxEntries}.`;
      return;
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    let localOffset = view.getUint32(at + 42, true);
    let offsetFromZip64 = false;
    // ZIP64 sizes and offset live in extra field 0x0001, in this order, only for fields set to 0xFFFFFFFF.
    const extraEnd = at + 46 + nameLength + extraLength;
    for (let e = at + 46 + nameLength; e + 4 <= extraEnd; ) {
      const id = view.getUint16(e, true);
      const size = view.getUint16(e + 2, true);
      if (id === 1) {
        let f = e + 4;
        const fieldEnd = Math.min(e + 4 + size, extraEnd);
        if (uncompressedSize === MAX32 && f + 8 <= fieldEnd) {
          uncompressedSize = u64(view, f);
          f += 8;
        }
        if (compressedSize === MAX32 && f + 8 <= fieldEnd) {
          compressedSize = u64(view, f);
          f += 8;
        }
        if (localOffset === MAX32 && f + 8 <= fieldEnd) {
          localOffset = u64(view, f);
          offsetFromZip64 = true;
        }
      }
      e += 4 + size;
    }
    // Writers without ZIP64 store offsets modulo 2^32; in a directory past 4 GiB, entries written in
    // file order are unwrapped by keeping the offsets ascending.
    if (!offsetFromZip64 && this.directoryOffset > MAX32) {
      while (localOffset < this.lastLocal && localOffset + TWO_32 < this.directoryOffset) localOffset += TWO_32;
    }
    this.lastLocal = localOffset;

    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    let name: string;
    try {
      name = utf8.decode(rawName);
    } catch {
      if (flags & 0x800) {
        this.errors.push({ entry: lenientUtf8.decode(rawName), message: 'The entry name is not valid UTF-8.' });
        return;
      }
      name = latin1.decode(rawName); // no UTF-8 flag: an old DOS-style name
    }
    const unsafe = unsafeEntryName(name);
    if (unsafe) {
      this.errors.push({ entry: name, message: unsafe });
      return;
    }
    const key = name.endsWith('/') ? name.slice(0, -1) : name;
    if (this.names.has(key)) {
      this.errors.push({ entry: name, message: 'The zip holds this entry more than once.' });
      return;
    }
    this.names.add(key);
    const problem = declaredSizeProblem(flags, method, compressedSize, uncompressedSize, this.limits);
    const entry: ZipEntry = { name, isDirectory: name.endsWith('/'), method, crc32, compressedSize, uncompressedSize, localOffset };
    if (problem) entry.problem = problem;
    this.entries.push(entry);
  }

  /** The listing, after the check that needs every entry: files used as folders. */
  finish(): ZipListing {
    // Every folder some name needs, with the first name that needs it; a folder's own parents are
    // in the map as soon as it is, so the climb stops at the first folder seen before.
    const folders = new Map<string, string>();
    for (const key of this.names) {
      for (let cut = key.lastIndexOf('/'); cut > 0; cut = key.lastIndexOf('/', cut - 1)) {
        const parent = key.slice(0, cut);
        if (folders.has(parent)) break;
        folders.set(parent, key);
      }
    }
    for (const entry of this.entries) {
      const key = folders.get(entry.name);
      if (key !== undefined && !entry.isDirectory) {
        this.errors.push({ entry: entry.name, message: `The entry is a file, but "${key}" needs it to be a folder.` });
      }
    }
    return { ok: true, entries: this.entries, errors: this.errors };
  }
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

function declaredSizeProblem(flags: number, method: number, compressed: number, size: number, limits: BundleLimits): string | null {
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

// ---------- local headers ----------

/**
 * Checks each entry's local header, in file order: present, data inside the archive, no overlap
 * with the entry before (a crafted zip can point many entries at the same data).
 */
class LocalChecker {
  readonly errors: BundleError[] = [];
  readonly damaged = new Set<ZipEntry>();
  private previousEnd = -1;
  private previousName = '';
  /** Where the central directory starts: no entry data may go past it. */
  readonly dataEnd: number;

  constructor(dataEnd: number) {
    this.dataEnd = dataEnd;
  }

  /** Where the local header's fixed part ends (or the data area does, if sooner). */
  headEnd(entry: ZipEntry): number {
    return Math.min(entry.localOffset + 30, this.dataEnd);
  }

  private fail(entry: ZipEntry, message: string): null {
    this.errors.push({ entry: entry.name, message });
    this.damaged.add(entry);
    return null;
  }

  /**
   * Where the entry's data starts, or null when it is damaged (reported). `bytes[at]` is the
   * file's byte at the entry's local offset, and `bytes` holds at least up to `headEnd(entry)`.
   */
  check(entry: ZipEntry, bytes: Uint8Array, at: number): number | null {
    if (this.headEnd(entry) - entry.localOffset < 30 || le32(bytes, at) !== LOCAL) {
      return this.fail(entry, 'The entry is damaged: its local header is missing (the zip may be truncated).');
    }
    const dataStart = entry.localOffset + 30 + le16(bytes, at + 26) + le16(bytes, at + 28);
    const end = dataStart + entry.compressedSize;
    if (end > this.dataEnd) return this.fail(entry, 'The entry is truncated: its data runs past the end of the archive.');
    const { previousEnd, previousName } = this;
    this.previousEnd = end;
    this.previousName = entry.name;
    if (entry.localOffset < previousEnd) return this.fail(entry, `The entry's data overlaps entry "${previousName}" (a crafted zip).`);
    return dataStart;
  }
}

const byLocalOffset = (a: ZipEntry, b: ZipEntry): number => a.localOffset - b.localOffset;

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

interface ByteSource {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

function byteSource(input: Blob | Uint8Array): ByteSource {
  if (input instanceof Uint8Array) return { size: input.length, read: (start, end) => Promise.resolve(input.subarray(start, end)) };
  return { size: input.size, read: async (start, end) => new Uint8Array(await input.slice(start, end).arrayBuffer()) };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Gives the event loop a turn when the reader has run for PAUSE_AFTER_MS. */
class Pacer {
  private last = Date.now();
  /** Whether it is time for a pause (cheap: callers await `pause` only then). */
  due(): boolean {
    return Date.now() - this.last >= PAUSE_AFTER_MS;
  }
  async pause(): Promise<void> {
    await yieldToEventLoop();
    this.last = Date.now();
  }
}

/**
 * A read-ahead window over the data area: consecutive small reads cost one slice of the source.
 * `bytes[i]` is the file's byte at `start + i`.
 */
class Window {
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  private readonly source: ByteSource;
  private readonly limit: number;

  constructor(source: ByteSource, limit: number) {
    this.source = source;
    this.limit = limit;
  }

  holds(start: number, end: number): boolean {
    return start >= this.start && end <= this.start + this.bytes.length;
  }

  /** Reads a new window from `start`, covering at least up to `end` (callers keep end - start small). */
  async load(start: number, end: number): Promise<void> {
    this.bytes = await this.source.read(start, Math.min(this.limit, Math.max(end, start + DATA_WINDOW)));
    this.start = start;
  }

  /** The next bytes from `start` towards `end`: what the window holds, or a new window's worth. */
  async next(start: number, end: number): Promise<Uint8Array> {
    if (!this.holds(start, start + 1)) await this.load(start, start + 1);
    return this.bytes.subarray(start - this.start, Math.min(end, this.start + this.bytes.length) - this.start);
  }
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

// ---------- inflating ----------

const INFLATE_INPUT_CHUNK = 16 * 1024;
/** Compressed entries up to this size, given in one piece, are inflated in one call. */
const SMALL_INPUT = 64 * 1024;

/**
 * Inflates one entry from its compressed bytes, given in one or more pieces. Memory never exceeds
 * the declared size (which the listing checked against the limits) by more than one input chunk's
 * expansion.
 */
class EntryDecoder {
  private data: Uint8Array | null = null;
  private written = 0;
  private started = false;
  private inflater: Inflate | null = null;
  private problem: string | null = null;
  private readonly entry: ZipEntry;

  constructor(entry: ZipEntry) {
    this.entry = entry;
  }

  private tooBig(): void {
    this.problem = `The entry inflates to more than its declared ${this.entry.uncompressedSize} bytes (a zip bomb or a damaged zip).`;
  }

  push(input: Uint8Array, final: boolean): void {
    if (this.problem !== null) return;
    const { entry } = this;
    const first = !this.started;
    this.started = true;
    if (entry.method === 0) {
      const data = (this.data ??= new Uint8Array(entry.uncompressedSize));
      if (this.written + input.length > data.length) return this.tooBig();
      data.set(input, this.written);
      this.written += input.length;
      return;
    }
    try {
      if (first && final && input.length <= SMALL_INPUT) {
        // One call into a buffer one byte longer than declared: fflate cannot grow a buffer it is
        // given, so memory stays bounded, the work is bounded by ~1032 × the small input, and a
        // full buffer means the data goes on past its declared size.
        const buffer = new Uint8Array(entry.uncompressedSize + 1);
        this.written = inflateSync(input, { out: buffer }).length;
        if (this.written > entry.uncompressedSize) return this.tooBig();
        this.data = buffer.subarray(0, entry.uncompressedSize);
        return;
      }
      const data = (this.data ??= new Uint8Array(entry.uncompressedSize));
      this.inflater ??= new Inflate((chunk) => {
        if (this.written + chunk.length <= data.length) data.set(chunk, this.written);
        this.written += chunk.length;
      });
      for (let start = 0; ; start += INFLATE_INPUT_CHUNK) {
        const end = Math.min(start + INFLATE_INPUT_CHUNK, input.length);
        this.inflater.push(input.subarray(start, end), final && end >= input.length);
        if (this.written > data.length) return this.tooBig();
        if (end >= input.length) break;
      }
    } catch (error) {
      this.problem = `The entry's compressed data is damaged (${error instanceof Error ? error.message : String(error)}).`;
    }
  }

  result(): EntryRead {
    if (this.problem !== null) return { ok: false, message: this.problem };
    const { entry } = this;
    if (this.written !== entry.uncompressedSize) {
      return { ok: false, message: `The entry inflates to ${this.written} bytes, not the declared ${entry.uncompressedSize}; the zip is damaged.` };
    }
    const data = this.data ?? new Uint8Array(0);
    if (crc32(data) !== entry.crc32) return { ok: false, message: 'The entry is damaged: its CRC-32 checksum does not match.' };
    return { ok: true, data };
  }
}

/** An entry's bytes (a copy) from all of its compressed bytes. */
function decodeEntry(entry: ZipEntry, input: Uint8Array): EntryRead {
  const decoder = new EntryDecoder(entry);
  decoder.push(input, true);
  return decoder.result();
}

/** The entry's bytes (a copy) from a zip held in memory, or why they cannot be had. */
export function readEntry(bytes: Uint8Array, entry: ZipEntry): EntryRead {
  const checker = new LocalChecker(bytes.length);
  const dataStart = checker.check(entry, bytes, entry.localOffset);
  if (dataStart === null) return { ok: false, message: (checker.errors[0] as BundleError).message };
  return decodeEntry(entry, bytes.subarray(dataStart, dataStart + entry.compressedSize));
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
