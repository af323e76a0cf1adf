/**
 * The zip format's shared pieces for the reader: the entry type, record signatures, the
 * little-endian field readers, and the wording helpers its messages use.
 */
import { formatBytes } from '../storage/storageSize';
import type { BundleError } from './bundle.types';

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

export const EOCD = 0x06054b50;
export const ZIP64_LOCATOR = 0x07064b50;
export const ZIP64_EOCD = 0x06064b50;
export const CENTRAL = 0x02014b50;
export const LOCAL = 0x04034b50;
export const DIGITAL_SIGNATURE = 0x05054b50;
export const MAX16 = 0xffff;
export const MAX32 = 0xffffffff;
export const TWO_32 = 2 ** 32;
export const MiB = 1024 * 1024;

export function fatal(message: string): { ok: false; errors: BundleError[] } {
  return { ok: false, errors: [{ entry: '', message }] };
}

/** Exact below 1 MiB (limits in tests and messages are small numbers); the app's usual units above. */
export function sizeText(n: number): string {
  return n < MiB ? `${n} bytes` : formatBytes(n);
}

export const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export const le16 = (bytes: Uint8Array, at: number): number => (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
export const le32 = (bytes: Uint8Array, at: number): number => le16(bytes, at) + le16(bytes, at + 2) * 0x10000;

export function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * TWO_32;
}
