/**
 * Checks each entry's local header before its data is read: present, data inside the archive, and
 * no overlap with the entry before it.
 */
import type { BundleError } from './bundle.types';
import { le16, le32, LOCAL, type ZipEntry } from './zipFormat';

/**
 * Checks each entry's local header, in file order: present, data inside the archive, no overlap
 * with the entry before (a crafted zip can point many entries at the same data).
 */
export class LocalChecker {
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

export const byLocalOffset = (a: ZipEntry, b: ZipEntry): number => a.localOffset - b.localOffset;
