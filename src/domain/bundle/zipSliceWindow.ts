/**
 * Reading a Blob (or bytes) by slices: the byte source, a bounded read-ahead window over the data
 * area, and a pacer that gives the event loop a turn while a large zip is read.
 */
import { MiB } from './zipFormat';

const DATA_WINDOW = 16 * MiB;
/** How long the reader may run before giving the event loop a turn (and reporting progress). */
const PAUSE_AFTER_MS = 30;

export interface ByteSource {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

export function byteSource(input: Blob | Uint8Array): ByteSource {
  if (input instanceof Uint8Array) return { size: input.length, read: (start, end) => Promise.resolve(input.subarray(start, end)) };
  return { size: input.size, read: async (start, end) => new Uint8Array(await input.slice(start, end).arrayBuffer()) };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Gives the event loop a turn when the reader has run for PAUSE_AFTER_MS. */
export class Pacer {
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
export class Window {
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
