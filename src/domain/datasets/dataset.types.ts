/**
 * The two shapes of data Trainyard trains on, and the one error every parser throws.
 *
 * Pure TypeScript: no TF.js, DOM or storage. A tabular dataset is stored column-wise
 * (one Float64Array per column) so the trainer can standardize and batch it without
 * re-boxing numbers; a text dataset is three parallel arrays.
 */

/** A table of numbers. Non-numeric (categorical) columns hold level indices into `categorical[column]`. */
export interface TabularDataset {
  /** What the user calls it: the file name unless the caller gave one. */
  readonly name: string;
  /** Column names in file order, trimmed, unique. */
  readonly columns: string[];
  /** One array per column, each `rowCount(dataset)` long, aligned with `columns`. */
  readonly data: Float64Array[];
  /**
   * Levels of the non-numeric columns, keyed by column name, sorted by UTF-16 code unit
   * (so the encoding does not depend on row order). For such a column, `data[c][r]` is the
   * index of row r's level. Numeric columns have no entry; absent when every column is numeric.
   */
  readonly categorical?: Readonly<Record<string, string[]>>;
}

export type Split = 'train' | 'test';

/** Labelled documents: `texts[i]` has label `labels[i]` and, when the source said so, `split[i]`. */
export interface TextDataset {
  readonly name: string;
  readonly texts: string[];
  readonly labels: string[];
  /** Present only when the source had a split column; every entry is then 'train' or 'test'. */
  readonly split?: Split[];
}

export type TaskKind = 'regression' | 'classification';

export type DatasetErrorCode =
  /** Nothing but whitespace (or nothing at all). */
  | 'EMPTY_FILE'
  /** A header but no data rows, or a split with no documents. */
  | 'TOO_FEW_ROWS'
  /** A row with more or fewer fields than the header. */
  | 'RAGGED_ROW'
  /** A quoted field whose closing quote never comes. */
  | 'UNTERMINATED_QUOTE'
  /** Text right after a closing quote (`"abc"def`). */
  | 'BAD_QUOTE'
  /** Two header cells with the same name. */
  | 'DUPLICATE_COLUMN'
  /** A header cell that is empty. */
  | 'EMPTY_COLUMN_NAME'
  /** A value that is not a number in a numeric column. */
  | 'NON_NUMERIC'
  /** An empty cell, or a missing-value marker (NA, NaN, ?, …) in a numeric column. */
  | 'MISSING_VALUE'
  /** A column the caller named, or that the importer needs, is not in the header. */
  | 'MISSING_COLUMN'
  /** A JSON Lines object without the text or label key. */
  | 'MISSING_FIELD'
  /** A JSON Lines value of the wrong type (an array label, an object text, …). */
  | 'BAD_FIELD_TYPE'
  /** A JSON Lines line that is not one JSON object. */
  | 'BAD_JSON_LINE'
  /** A split value other than train/test. */
  | 'BAD_SPLIT_VALUE'
  /** NUL bytes: a binary or UTF-16 file, not text. */
  | 'BINARY_CONTENT'
  /** The target column has one value in every row (nothing to predict), or no target was given. */
  | 'NO_TARGET'
  /** Fewer than two distinct labels: nothing to classify. */
  | 'TOO_FEW_LABELS';

export interface DatasetErrorDetails {
  /** The file name the user picked (or the built-in data's name). */
  readonly file: string;
  /** 1-based line as a text editor shows it; for a record spanning lines, the line it starts on. */
  readonly line?: number;
  /** Column name (CSV header cell) or JSON key at fault, when there is one. */
  readonly column?: string;
  /** 1-based position of the field within its row, when known. */
  readonly columnIndex?: number;
  /** What is wrong, naming the column or field; the file and line are prefixed automatically. */
  readonly problem: string;
}

/**
 * A dataset that cannot be used as given. `message` is for people and always starts with the
 * file (and the line when there is one), e.g.
 * `winequality-red.csv, line 17: column "pH" has "abc", which is not a number`.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  readonly code: DatasetErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;
  readonly columnIndex: number | undefined;
  constructor(code: DatasetErrorCode, details: DatasetErrorDetails) {
    const where = details.line === undefined ? details.file : `${details.file}, line ${details.line}`;
    super(`${where}: ${details.problem}`);
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.columnIndex = details.columnIndex;
  }
}

/** Number of rows of a tabular dataset (0 when it has no columns). */
export function rowCount(dataset: TabularDataset): number {
  return dataset.data[0]?.length ?? 0;
}
