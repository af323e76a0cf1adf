import { TrackingError } from '../errors';

/** MLflow's page token: base64 of JSON {"offset": N}. Callers treat it as opaque. */
export function encodePageToken(offset: number): string {
  return btoa(JSON.stringify({ offset }));
}

export function decodePageToken(token: string | null | undefined): number {
  if (!token) return 0;
  try {
    const parsed: unknown = JSON.parse(atob(token));
    if (typeof parsed === 'object' && parsed !== null && 'offset' in parsed) {
      const offset = (parsed as { offset: unknown }).offset;
      if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // Falls through to the error below: a token that isn't base64 JSON is as invalid as a wrong shape.
  }
  throw new TrackingError('INVALID_PARAMETER_VALUE', `Invalid page token "${token}".`);
}
