/**
 * Inflates one entry's data (stored or deflate) with fflate, stopping as soon as the output passes
 * the entry's declared size, and checks its length and CRC-32.
 */
import { Inflate, inflateSync } from 'fflate';
import { crc32 } from './crc32';
import type { EntryRead, ZipEntry } from './zipFormat';

const INFLATE_INPUT_CHUNK = 16 * 1024;
/** Compressed entries up to this size, given in one piece, are inflated in one call. */
const SMALL_INPUT = 64 * 1024;

/**
 * Inflates one entry from its compressed bytes, given in one or more pieces. Memory never exceeds
 * the declared size (which the listing checked against the limits) by more than one input chunk's
 * expansion.
 */
export class EntryDecoder {
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
export function decodeEntry(entry: ZipEntry, input: Uint8Array): EntryRead {
  const decoder = new EntryDecoder(entry);
  decoder.push(input, true);
  return decoder.result();
}
