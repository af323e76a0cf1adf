/**
 * Streams bundle files into a zip with fflate's `Zip`, one entry at a time, so a worker can report
 * progress and a large export is emitted as ~1 MiB chunks (`new Blob(chunks)`) instead of one giant
 * array. More than 65,535 entries get a ZIP64 end record (fflate writes 16-bit counts).
 *
 * Entries are marked as made on Unix (version made by 3.x) with Unix modes (0644 files, 0755
 * folders): fflate's default, MS-DOS, makes Info-ZIP `unzip` translate names from a DOS code page,
 * turning UTF-8 names like `tags/ünïcode` into mojibake even with the UTF-8 flag set (fflate sets
 * flag bit 11 itself for any name that is not plain ASCII).
 *
 * Entries are compressed with `deflateSync`, not the streaming `ZipDeflate`: in fflate 0.8.2/0.8.3
 * the streaming Deflate can emit back-references into the empty window before the data ("invalid
 * distance" on unzip) for some inputs, e.g. binary files with runs of zeros (fflate issues #260,
 * #282; fix proposed in PR #261). `deflateSync` on the same bytes is correct.
 */
import { Zip, ZipPassThrough, deflateSync, type ZipInputFile } from 'fflate';
import type { BundleFile } from './bundle.types';
import { crc32 } from './zipRead';

export interface WriteZipProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface WriteZipOptions {
  /** Called about every MiB of input (file sizes count at least 4 KiB each) and after the last file. */
  onProgress?: (progress: WriteZipProgress) => void;
  /** Modification time stored for every entry (DOS time, local); default now. Years 1980–2099. */
  mtime?: number | Date;
  /** Deflate level 1–9 (default 6); 0 stores everything. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  signal?: AbortSignal;
}

const CHUNK = 1024 * 1024;
/** "Version made by" host system: Unix (APPNOTE 4.4.2). */
const MADE_BY_UNIX = 3;
/** External attributes: the Unix mode in the high 16 bits; folders also get the MS-DOS folder bit. */
const FILE_ATTRS = 0o100644 * 0x10000;
const FOLDER_ATTRS = 0o40755 * 0x10000 + 0x10;
/** The zip header's deflate option bits for each level (as fflate's ZipDeflate sets them). */
const DEFLATE_LEVEL_FLAG = [0, 3, 2, 2, 2, 2, 0, 0, 0, 1];
const YIELD_EVERY = 16 * CHUNK;
/** Formats that are already compressed: deflating them again costs time and gains nothing. */
const STORED_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'mp3', 'mp4',
  'ogg', 'webm', 'woff', 'woff2', 'npz', 'parquet',
]);

function shouldStore(path: string, size: number, level: number): boolean {
  if (level === 0 || size < 64 || path.endsWith('/')) return true;
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && STORED_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

function dosSafeTime(mtime: number | Date | undefined): Date {
  const date = new Date(mtime ?? Date.now());
  const year = date.getFullYear();
  if (Number.isNaN(year) || year < 1980) return new Date(1980, 0, 1);
  if (year > 2099) return new Date(2099, 11, 31);
  return date;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Zips `files` in order; resolves to the zip's bytes as a list of chunks. */
export async function writeZip(files: readonly BundleFile[], options: WriteZipOptions = {}): Promise<Uint8Array[]> {
  const level = options.level ?? 6;
  const mtime = dosSafeTime(options.mtime);
  const bytesTotal = files.reduce((sum, f) => sum + f.bytes.length, 0);
  const out = new ChunkCollector();
  let failure: unknown = null;
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) {
      failure = error;
      return;
    }
    if (final) {
      out.push(files.length > 0xffff ? withZip64End(data, out.length, files.length) : data);
      finished = true;
    } else {
      out.push(data);
    }
  });
  const progress: WriteZipProgress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal };
  let sinceYield = 0;
  let sinceReport = 0;
  for (const file of files) {
    options.signal?.throwIfAborted();
    const { bytes } = file;
    if (shouldStore(file.path, bytes.length, level)) {
      const entry = new ZipPassThrough(file.path);
      entry.mtime = mtime;
      entry.os = MADE_BY_UNIX;
      entry.attrs = file.path.endsWith('/') ? FOLDER_ATTRS : FILE_ATTRS;
      zip.add(entry);
      if (bytes.length <= CHUNK) entry.push(bytes, true);
      for (let start = 0; bytes.length > CHUNK && start < bytes.length; start += CHUNK) {
        const end = Math.min(start + CHUNK, bytes.length);
        entry.push(bytes.subarray(start, end), end === bytes.length);
        if (end < bytes.length) options.onProgress?.({ ...progress, bytesDone: progress.bytesDone + end });
      }
    } else {
      const entry: ZipInputFile = {
        filename: file.path,
        size: bytes.length,
        crc: crc32(bytes),
        compression: 8,
        flag: DEFLATE_LEVEL_FLAG[level] ?? 0,
        mtime,
        os: MADE_BY_UNIX,
        attrs: FILE_ATTRS,
      };
      zip.add(entry);
      entry.ondata?.(null, deflateSync(bytes, { level: level as Exclude<typeof level, 0> }), true);
    }
    if (failure) throw failure;
    progress.filesDone++;
    progress.bytesDone += bytes.length;
    sinceReport += bytes.length + 4096;
    if (sinceReport >= CHUNK || progress.filesDone === files.length) {
      sinceReport = 0;
      options.onProgress?.({ ...progress });
    }
    sinceYield += bytes.length + 512;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
    if (out.length > 0xffffffff) {
      throw new RangeError('The bundle is larger than 4 GiB, which a zip without ZIP64 entries cannot hold.');
    }
  }
  zip.end();
  if (failure) throw failure;
  if (!finished) throw new Error('The zip writer did not finish.');
  return out.finish();
}

/** Gathers small fflate chunks into ~1 MiB blocks. */
class ChunkCollector {
  private readonly blocks: Uint8Array[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Total bytes pushed so far. */
  length = 0;

  push(data: Uint8Array): void {
    this.length += data.length;
    if (data.length >= CHUNK) {
      this.flush();
      this.blocks.push(data);
      return;
    }
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes >= CHUNK) this.flush();
  }

  finish(): Uint8Array[] {
    this.flush();
    return this.blocks;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const block = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const part of this.pending) {
      block.set(part, at);
      at += part.length;
    }
    this.blocks.push(block);
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/**
 * fflate's last chunk is the central directory followed by a 22-byte end record with 16-bit entry
 * counts. For more entries, insert a ZIP64 end record and locator, and set the counts to 0xFFFF.
 */
function withZip64End(last: Uint8Array, offsetOfLast: number, entries: number): Uint8Array {
  const directorySize = last.length - 22;
  const directoryOffset = offsetOfLast;
  const zip64EndOffset = directoryOffset + directorySize;
  const result = new Uint8Array(directorySize + 56 + 20 + 22);
  result.set(last.subarray(0, directorySize));
  const view = new DataView(result.buffer);
  let at = directorySize;
  const u16 = (v: number): void => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number): void => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const u64 = (v: number): void => {
    view.setBigUint64(at, BigInt(v), true);
    at += 8;
  };
  u32(0x06064b50); // ZIP64 end of central directory record
  u64(44);
  u16(45);
  u16(45);
  u32(0);
  u32(0);
  u64(entries);
  u64(entries);
  u64(directorySize);
  u64(directoryOffset);
  u32(0x07064b50); // ZIP64 end of central directory locator
  u32(0);
  u64(zip64EndOffset);
  u32(1);
  u32(0x06054b50); // end of central directory record
  u16(0);
  u16(0);
  u16(0xffff);
  u16(0xffff);
  u32(directorySize);
  u32(directoryOffset);
  u16(0);
  return result;
}
