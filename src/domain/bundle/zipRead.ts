/**
 * A defensive zip reader: lists the central directory (ZIP64 too), refuses unsafe names, duplicate
 * entries, encrypted or exotic entries and declared sizes over the limits before inflating anything,
 * then inflates one entry at a time with fflate's streaming `Inflate`, stopping as soon as the output
 * passes the declared size, and checks the CRC-32.
 */
import { Inflate, inflateSync } from 'fflate';
import type { BundleError, BundleLimits } from './bundle.types';

export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the compressed data starts (after the local header). */
  dataOffset: number;
}

export type ZipListing = { ok: true; entries: ZipEntry[]; errors: BundleError[] } | { ok: false; errors: BundleError[] };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

function fatal(message: string): ZipListing {
  return { ok: false, errors: [{ entry: '', message }] };
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} bytes`;
}

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
  if (parts.some((p) => p === '' || p === '.')) return 'The entry name is not a normalised path (it has "//" or "/./").';
  return null;
}

function findEnd(view: DataView): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= min; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) <= view.byteLength) return at;
  }
  return -1;
}

function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

/** Lists entries; structural damage is fatal, problems with single entries are collected. */
export function listZip(bytes: Uint8Array, limits: BundleLimits): ZipListing {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = view.byteLength >= 22 ? findEnd(view) : -1;
  if (end < 0) {
    return fatal('This is not a complete zip file (no end-of-central-directory record); it may be truncated or not a zip at all.');
  }
  let count = view.getUint16(end + 10, true);
  let directorySize = view.getUint32(end + 12, true);
  let directoryOffset = view.getUint32(end + 16, true);
  if (end >= 20 && view.getUint32(end - 20, true) === ZIP64_LOCATOR) {
    const at = u64(view, end - 12);
    if (at + 56 > end || view.getUint32(at, true) !== ZIP64_EOCD) return fatal('The ZIP64 end record is damaged; the zip may be truncated.');
    count = u64(view, at + 32);
    directorySize = u64(view, at + 40);
    directoryOffset = u64(view, at + 48);
  }
  if (count > limits.maxEntries) {
    return fatal(`The zip has ${count} entries; the limit is ${limits.maxEntries}.`);
  }
  if (directoryOffset + directorySize > end) {
    return fatal('The zip is truncated: its central directory points past the end of the file.');
  }
  const errors: BundleError[] = [];
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  const ranges: Array<{ start: number; end: number; name: string }> = [];
  let totalDeclared = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directoryOffset + directorySize || view.getUint32(at, true) !== CENTRAL) {
      return fatal(`The zip's central directory is damaged at entry ${i + 1} of ${count}; the zip may be truncated.`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directoryOffset + directorySize) return fatal(`The zip's central directory is damaged at entry ${i + 1}.`);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    // ZIP64 sizes and offset live in extra field 0x0001, in this order, only for fields set to 0xFFFFFFFF.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(e, true);
      const size = view.getUint16(e + 2, true);
      if (id === 1) {
        let f = e + 4;
        if (uncompressedSize === MAX32 && f + 8 <= e + 4 + size) {
          uncompressedSize = u64(view, f);
          f += 8;
        }
        if (compressedSize === MAX32 && f + 8 <= e + 4 + size) {
          compressedSize = u64(view, f);
          f += 8;
        }
        if (localOffset === MAX32 && f + 8 <= e + 4 + size) localOffset = u64(view, f);
      }
      e += 4 + size;
    }
    at = next;

    let name: string;
    try {
      name = utf8.decode(rawName);
    } catch {
      if (flags & 0x800) {
        errors.push({ entry: lenientUtf8.decode(rawName), message: 'The entry name is not valid UTF-8.' });
        continue;
      }
      name = latin1.decode(rawName); // no UTF-8 flag: an old DOS-style name
    }
    const unsafe = unsafeEntryName(name);
    if (unsafe) {
      errors.push({ entry: name, message: unsafe });
      continue;
    }
    const key = name.endsWith('/') ? name.slice(0, -1) : name;
    if (names.has(key)) {
      errors.push({ entry: name, message: 'The zip holds this entry more than once.' });
      continue;
    }
    names.add(key);
    const problem = declaredSizeProblem(flags, method, compressedSize, uncompressedSize, limits);
    if (problem) {
      errors.push({ entry: name, message: problem });
      continue;
    }
    totalDeclared += uncompressedSize;
    if (totalDeclared > limits.maxTotalUncompressedBytes) {
      return fatal(`The zip's entries add up to more than ${formatBytes(limits.maxTotalUncompressedBytes)} uncompressed; that is over the limit.`);
    }
    if (localOffset + 30 > directoryOffset || view.getUint32(localOffset, true) !== LOCAL) {
      errors.push({ entry: name, message: 'The entry is damaged: its local header is missing (the zip may be truncated).' });
      continue;
    }
    const dataOffset = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataOffset + compressedSize > directoryOffset) {
      errors.push({ entry: name, message: 'The entry is truncated: its data runs past the end of the archive.' });
      continue;
    }
    ranges.push({ start: localOffset, end: dataOffset + compressedSize, name });
    entries.push({ name, isDirectory: name.endsWith('/'), method, crc32, compressedSize, uncompressedSize, dataOffset });
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1] as (typeof ranges)[number];
    const range = ranges[i] as (typeof ranges)[number];
    if (range.start < previous.end) {
      errors.push({ entry: range.name, message: `The entry's data overlaps entry "${previous.name}" (a crafted zip).` });
    }
  }
  const files = new Set(entries.filter((e) => !e.isDirectory).map((e) => e.name));
  const reported = new Set<string>();
  for (const key of names) {
    for (let cut = key.lastIndexOf('/'); cut > 0; cut = key.lastIndexOf('/', cut - 1)) {
      const parent = key.slice(0, cut);
      if (files.has(parent) && !reported.has(parent)) {
        reported.add(parent);
        errors.push({ entry: parent, message: `The entry is a file, but "${key}" needs it to be a folder.` });
      }
    }
  }
  return { ok: true, entries, errors };
}

function declaredSizeProblem(flags: number, method: number, compressed: number, size: number, limits: BundleLimits): string | null {
  if (flags & 1) return 'The entry is encrypted; bundles cannot be password-protected.';
  if (method !== 0 && method !== 8) return `The entry uses compression method ${method}; only stored (0) and deflate (8) are supported.`;
  if (method === 0 && compressed !== size) return 'The entry is damaged: a stored entry with different compressed and uncompressed sizes.';
  if (size > limits.maxEntryUncompressedBytes) {
    return `The entry is ${formatBytes(size)} uncompressed; the limit per entry is ${formatBytes(limits.maxEntryUncompressedBytes)}.`;
  }
  if (size > limits.ratioCheckMinBytes && size / Math.max(compressed, 1) > limits.maxCompressionRatio) {
    return `The entry expands ${Math.round(size / Math.max(compressed, 1))}:1 (over the ${limits.maxCompressionRatio}:1 limit), the mark of a zip bomb.`;
  }
  return null;
}

const INFLATE_INPUT_CHUNK = 16 * 1024;
/** Compressed entries up to this size are inflated in one call (see readEntry). */
const SMALL_INPUT = 64 * 1024;

/**
 * The entry's bytes (a copy), or why they cannot be had. Memory never exceeds the declared size
 * (which listZip has checked against the limits) by more than one input chunk's expansion.
 */
export function readEntry(bytes: Uint8Array, entry: ZipEntry): { ok: true; data: Uint8Array } | { ok: false; message: string } {
  const input = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    data = input.slice();
  } else if (input.length <= SMALL_INPUT) {
    // One call into a buffer one byte longer than declared: fflate cannot grow a buffer it is given,
    // so memory stays bounded, the work is bounded by ~1032 × the small input, and a full buffer
    // means the data goes on past its declared size.
    const buffer = new Uint8Array(entry.uncompressedSize + 1);
    let inflated: Uint8Array;
    try {
      inflated = inflateSync(input, { out: buffer });
    } catch (error) {
      return { ok: false, message: `The entry's compressed data is damaged (${error instanceof Error ? error.message : String(error)}).` };
    }
    if (inflated.length > entry.uncompressedSize) {
      return { ok: false, message: `The entry inflates to more than its declared ${entry.uncompressedSize} bytes (a zip bomb or a damaged zip).` };
    }
    if (inflated.length !== entry.uncompressedSize) {
      return { ok: false, message: `The entry inflates to ${inflated.length} bytes, not the declared ${entry.uncompressedSize}; the zip is damaged.` };
    }
    data = buffer.subarray(0, entry.uncompressedSize);
  } else {
    data = new Uint8Array(entry.uncompressedSize);
    let written = 0;
    let overflow = false;
    const inflater = new Inflate((chunk) => {
      if (written + chunk.length > data.length) overflow = true;
      else data.set(chunk, written);
      written += chunk.length;
    });
    try {
      for (let start = 0; ; start += INFLATE_INPUT_CHUNK) {
        const end = Math.min(start + INFLATE_INPUT_CHUNK, input.length);
        inflater.push(input.subarray(start, end), end >= input.length);
        if (overflow) {
          return { ok: false, message: `The entry inflates to more than its declared ${entry.uncompressedSize} bytes (a zip bomb or a damaged zip).` };
        }
        if (end >= input.length) break;
      }
    } catch (error) {
      return { ok: false, message: `The entry's compressed data is damaged (${error instanceof Error ? error.message : String(error)}).` };
    }
    if (written !== entry.uncompressedSize) {
      return { ok: false, message: `The entry inflates to ${written} bytes, not the declared ${entry.uncompressedSize}; the zip is damaged.` };
    }
  }
  if (crc32(data) !== entry.crc32) return { ok: false, message: 'The entry is damaged: its CRC-32 checksum does not match.' };
  return { ok: true, data };
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
