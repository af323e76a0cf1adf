/**
 * A cheap way for a training loop to let the worker's other tasks run between batches: the Stop
 * message from the page, the tracking client's timed metric writes (db/metricWriter.ts) and
 * IndexedDB's events. A loop that only awaits settled promises runs as one task from start to end,
 * so none of those happen until training is over.
 *
 * `nextTask()` resolves in a new task. In a browser worker that is a message to ourselves on a
 * MessageChannel: unlike setTimeout(0) it has no minimum delay (nested timeouts wait at least
 * 4 ms), and unlike requestAnimationFrame (TF.js's own yield) it waits for no frame, which a worker
 * of a hidden tab may never get. It costs microseconds, so a fit loop can afford one per batch.
 * Node (the tests) has setImmediate for this; its MessagePort hands over up to 1,000 queued messages
 * in one go, which would let nothing else run in between.
 */

type Schedule = (callback: () => void) => void;

let schedule: Schedule | null = null;

function messageChannelSchedule(): Schedule {
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return (callback) => {
    waiting.push(callback);
    channel.port2.postMessage(null);
  };
}

function chooseSchedule(): Schedule {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return immediate ? (callback) => void immediate(callback) : messageChannelSchedule();
}

/** Resolves in a new task, so that the tasks already waiting in this thread (messages, due timers, IndexedDB events) run first. */
export function nextTask(): Promise<void> {
  schedule ??= chooseSchedule();
  const run = schedule;
  return new Promise((resolve) => run(resolve));
}
