import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whenQuiet } from './whenQuiet';

describe('whenQuiet', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should resolve after the quiet period when nothing is busy', async () => {
    let done = false;
    void whenQuiet(() => false, { quietMs: 3000, pollMs: 1000 }).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(true);
  });

  it('should start the quiet period over whenever something is busy', async () => {
    let busy = true;
    let done = false;
    void whenQuiet(() => busy, { quietMs: 2000, pollMs: 1000 }).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(done).toBe(false);
    busy = false;
    await vi.advanceTimersByTimeAsync(1000);
    busy = true; // a run starts again before the period is over
    await vi.advanceTimersByTimeAsync(1000);
    busy = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(true);
  });
});
