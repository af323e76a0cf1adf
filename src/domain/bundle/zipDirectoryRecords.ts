/**
 * Parses the central directory's records from consecutive slices: names (UTF-8 or DOS), ZIP64
 * sizes and offsets, offsets wrapped by writers without ZIP64, and the per-entry checks (unsafe or
 * duplicate names, files that other names need as folders, declared sizes over the limits).
 */
import type { BundleError, BundleLimits } from './bundle.types';
import { declaredSizeProblem, unsafeEntryName } from './zipEntryChecks';
import { CENTRAL, DIGITAL_SIGNATURE, MAX16, MAX32, TWO_32, u64, viewOf, type ZipEntry, type ZipListing } from './zipFormat';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** Parses central directory records from consecutive slices of the directory. */
export class DirectoryWalker {
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
