/** Test helpers that return the error a call throws or rejects with, so its code and message can be checked. */
import { TrackingError } from '../domain/errors';

export function thrownTrackingError(fn: () => unknown): TrackingError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TrackingError) return error;
    throw new Error(`expected a TrackingError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a TrackingError, but nothing was thrown');
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`expected an Error, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export async function trackingRejection(promise: Promise<unknown>): Promise<TrackingError> {
  const error = await rejectionOf(promise);
  if (error instanceof TrackingError) return error;
  throw new Error(`expected a TrackingError, got ${error.name}: ${error.message}`, { cause: error });
}
