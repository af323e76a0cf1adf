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

/** Where a bundle is wrong: the zip entry and, for text files, the 1-based line. */
export interface BundleProblem {
  entry: string;
  line?: number;
  message: string;
}

/** "mlruns/1/meta.yaml, line 3: …", or "bundle: …" when no entry is at fault. */
export function formatProblem(problem: BundleProblem): string {
  return `${problem.entry || 'bundle'}${problem.line !== undefined ? `, line ${problem.line}` : ''}: ${problem.message}`;
}

/** A bundle that can't be imported: every problem found; nothing was written. */
export class BundleImportError extends Error {
  override readonly name = 'BundleImportError';
  readonly code = 'INVALID_BUNDLE' as const;
  readonly problems: readonly BundleProblem[];
  constructor(problems: readonly BundleProblem[]) {
    const shown = problems.slice(0, 5).map(formatProblem);
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    super(`This bundle can't be imported, nothing was written. ${shown.join('; ')}${more}`);
    this.problems = problems;
  }
}
