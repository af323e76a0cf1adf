/**
 * The tracking client's writes. Metric points are buffered and written in batches, one
 * transaction per batch (on a short timer, when the buffer is large, and on flush), so logging
 * never stalls training; a failed batch is kept for the next `flush()` and told to `onError`
 * listeners, never thrown at the `logMetric` that buffered it. Params and tags are written at once
 * (`writeNow`): their errors belong to the call that caused them.
 */
import type { RunId } from '../domain/ids';
import { MetricBuffer } from './metricBuffer';
import type { TrainyardDB } from './schema';
import { writeBatch, type RunBatch } from './writeBatch';

export type TrackingErrorListener = (error: Error, runId: RunId) => void;

export interface MetricWriterOptions {
  db: TrainyardDB;
  now: () => number;
  flushIntervalMs: number;
  /** Write at once when this many points are waiting. */
  maxBufferedPoints: number;
}

export class MetricWriter {
  private readonly options: MetricWriterOptions;
  private readonly buffer = new MetricBuffer();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private failures: Array<{ runId: RunId; error: Error }> = [];
  private readonly errorListeners = new Set<TrackingErrorListener>();

  constructor(options: MetricWriterOptions) {
    this.options = options;
  }

  /** Buffers one (validated) point. */
  push(runId: RunId, key: string, point: { value: number; step: number; timestamp: number }): void {
    this.buffer.push(runId, key, point);
    this.scheduleFlush();
  }

  /** Writes everything buffered; rejects with the first error any buffered write met since the last flush. */
  async flush(): Promise<void> {
    await this.writeQueued();
    const [first] = this.failures;
    this.failures = [];
    if (first) throw first.error;
  }

  /** Chains one write of the buffer after the ones in flight; failures are queued, never thrown. */
  writeQueued(): Promise<void> {
    this.clearFlushTimer();
    // writeBuffered never rejects, so one failed write can't wedge the chain for later ones.
    this.flushing = this.flushing.then(() => this.writeBuffered());
    return this.flushing;
  }

  /** Writes one batch now, in its own transaction, and throws its error. */
  async writeNow(batch: RunBatch): Promise<void> {
    const [failure] = await writeBatch(this.options.db, [batch], this.options.now());
    if (failure) throw failure.error;
  }

  onError(listener: TrackingErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  private async writeBuffered(): Promise<void> {
    if (this.buffer.size === 0) return;
    const batches = this.buffer.take();
    let failures;
    try {
      failures = await writeBatch(this.options.db, batches, this.options.now());
    } catch (error) {
      // The whole transaction failed (storage full, database closed): every run in it failed.
      const cause = error instanceof Error ? error : new Error(String(error));
      failures = batches.map((b) => ({ runId: b.runId, error: cause }));
    }
    for (const failure of failures) {
      this.failures.push(failure);
      for (const listener of this.errorListeners) {
        try {
          listener(failure.error, failure.runId);
        } catch (listenerError) {
          // A broken listener must not stop writes or hide the run's error: report it and go on.
          console.error('A tracking onError listener threw:', listenerError);
        }
      }
    }
  }

  private scheduleFlush(): void {
    if (this.buffer.size >= this.options.maxBufferedPoints) {
      void this.writeQueued();
      return;
    }
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      void this.writeQueued();
    }, this.options.flushIntervalMs);
  }

  private clearFlushTimer(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }
}
