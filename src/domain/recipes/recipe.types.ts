/**
 * Recipes are Trainyard's MLproject: a declarative table of entry points with typed parameters.
 * The Train page builds its form from these specs and `validateParams` checks a submission
 * against them before any run is created. Everything here is plain, serialisable data.
 */

/** A whole number (`int`) or any finite number (`float`), optionally bounded (bounds inclusive). */
export type NumericParamSpec = {
  readonly type: 'int' | 'float';
  readonly name: string;
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  /** The value may not exceed this other (numeric) parameter's value, e.g. a start epoch ≤ epochs. */
  readonly atMostParam?: string;
  readonly help: string;
};

/**
 * Extra meaning for a string parameter, checked beyond `pattern`:
 * - `hidden-layers`: comma-separated layer sizes, parsed by `parseHiddenLayers`;
 * - `dataset`: a dataset reference; values starting with `builtin:` must be one of `builtins`,
 *   anything else is taken as the id of an imported dataset (resolved later, outside the domain).
 */
export type StringFormat = 'hidden-layers' | 'dataset';

export type StringParamSpec = {
  readonly type: 'string';
  readonly name: string;
  /** `''` when there is no sensible default; then `required` is true. */
  readonly default: string;
  /** Regular-expression source the trimmed value must match (a string so the table stays serialisable). */
  readonly pattern?: string;
  /** What `pattern` means in plain words, used in error messages and form hints. */
  readonly patternHint?: string;
  readonly format?: StringFormat;
  /** For `format: 'dataset'`: the accepted `builtin:` names. */
  readonly builtins?: readonly string[];
  /** The user must supply a value: a missing or blank value is an error. */
  readonly required?: boolean;
  readonly help: string;
};

export type ChoiceParamSpec = {
  readonly type: 'choice';
  readonly name: string;
  readonly default: string;
  readonly choices: readonly string[];
  readonly help: string;
};

export type ParamSpec = NumericParamSpec | StringParamSpec | ChoiceParamSpec;
export type ParamType = ParamSpec['type'];

export type ParamValue = number | string;
export type Params = Record<string, ParamValue>;

export type EntryPoint = {
  readonly name: string;
  readonly title: string;
  /** One or two plain sentences on what this entry point trains. */
  readonly description?: string;
  readonly params: readonly ParamSpec[];
};

/** `from-data`: regression or classification is decided by the chosen target column. */
export type RecipeTask = 'classification' | 'regression' | 'from-data';

export type Recipe = {
  readonly name: string;
  readonly title: string;
  /** Plain language for beginners: what it learns, from what, and what a good result looks like. */
  readonly description: string;
  readonly task: RecipeTask;
  readonly entryPoints: readonly EntryPoint[];
};

/** Errors are keyed by parameter name (or by the unknown key the caller sent). */
export type ValidationResult =
  | { readonly ok: true; readonly params: Params }
  | { readonly ok: false; readonly errors: Record<string, string> };
