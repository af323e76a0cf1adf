/**
 * Typed errors with a code union (excalidraw's errors.ts idea): callers switch on `code`,
 * users read `message`, which always names the field, key or position at fault.
 */
export type TrackingErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'INVALID_STATE';

export class TrackingError extends Error {
  override readonly name = 'TrackingError';
  readonly code: TrackingErrorCode;
  constructor(code: TrackingErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A malformed search filter or order_by clause; `position` is a 0-based index into the input. */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  readonly code = 'FILTER_SYNTAX' as const;
  readonly position: number;
  readonly expected: string;
  readonly input: string;
  constructor(options: { input: string; position: number; expected: string; found: string }) {
    const { input, position, expected, found } = options;
    super(`Invalid filter at position ${position + 1}: expected ${expected} but found ${found}`);
    this.position = position;
    this.expected = expected;
    this.input = input;
  }
}
