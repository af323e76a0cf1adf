/**
 * Task inference for a tabular dataset: whether predicting a target column is regression or
 * classification, with a plain reason a beginner can read.
 */
import { DatasetError, rowCount } from './dataset.types';
import type { TabularDataset, TaskKind } from './dataset.types';
import { showValue } from './messageText';

export interface TaskInference {
  readonly task: TaskKind;
  /** One plain sentence a beginner can read, e.g. why a column of whole numbers is a classification. */
  readonly reason: string;
}

/** At most this many distinct whole-number values for a numeric target to count as classes. */
export const MAX_CLASSES = 20;
/** …and at most this share of the rows may be distinct. */
export const MAX_CLASS_SHARE = 0.05;

function targetIndex(dataset: TabularDataset, targetColumn: string): number {
  if (targetColumn.trim() === '') {
    throw new DatasetError('NO_TARGET', { file: dataset.name, problem: 'no target column was chosen; pick the column to predict' });
  }
  const c = dataset.columns.indexOf(targetColumn);
  if (c === -1) {
    throw new DatasetError('MISSING_COLUMN', {
      file: dataset.name,
      column: targetColumn,
      problem: `there is no column ${showValue(targetColumn)}; the columns are ${dataset.columns.map(showValue).join(', ')}`,
    });
  }
  return c;
}

/**
 * Decides regression or classification for `targetColumn`, with the reason:
 * 1. a non-numeric (categorical) column → classification;
 * 2. exactly two distinct values → classification (binary);
 * 3. whole numbers only, with ≤ 20 distinct values that are also ≤ 5% of the rows → classification
 *    (label-encoded classes such as 0/1/2);
 * 4. anything else → regression.
 * A target with one value in every row throws NO_TARGET; an unknown column throws MISSING_COLUMN.
 *
 * Ordinal scores are ambiguous: wine `quality` (six whole numbers, 3–8, in 1,599 rows) comes out as
 * classification under rule 3, while MLflow's wine example treats it as regression. So the wine
 * recipes pass the task explicitly (`inferTask(ds, 'quality', 'regression')`, see builtins
 * `WINE_TASK`), and the UI shows the reason and lets the user override it.
 */
export function inferTaskWithReason(dataset: TabularDataset, targetColumn: string): TaskInference {
  const c = targetIndex(dataset, targetColumn);
  const values = dataset.data[c] ?? new Float64Array(0);
  const rows = values.length;
  const levels = dataset.categorical?.[targetColumn];
  const shown = showValue(targetColumn);
  if (levels !== undefined) {
    if (levels.length < 2) throw constantTarget(dataset, targetColumn);
    return { task: 'classification', reason: `column ${shown} holds text (${levels.length} distinct values), so each value is a class` };
  }
  const distinct = new Set<number>();
  let whole = true;
  for (let r = 0; r < rows; r++) {
    const v = values[r] ?? 0;
    if (whole && !Number.isInteger(v)) whole = false;
    if (distinct.size <= MAX_CLASSES) distinct.add(v);
    if (!whole && distinct.size > MAX_CLASSES) break;
  }
  if (distinct.size < 2) throw constantTarget(dataset, targetColumn);
  if (distinct.size === 2) {
    return { task: 'classification', reason: `column ${shown} has exactly two values, so it is a yes/no (binary) classification` };
  }
  if (whole && distinct.size <= MAX_CLASSES && distinct.size <= rows * MAX_CLASS_SHARE) {
    return {
      task: 'classification',
      reason: `column ${shown} has only ${distinct.size} distinct whole numbers in ${rows.toLocaleString('en-US')} rows, so they look like class codes; choose regression if they are an ordered score`,
    };
  }
  const why = whole
    ? `column ${shown} has more than a few distinct whole numbers, so it is predicted as a quantity`
    : `column ${shown} holds numbers with fractions, so it is predicted as a quantity`;
  return { task: 'regression', reason: why };
}

function constantTarget(dataset: TabularDataset, targetColumn: string): DatasetError {
  return new DatasetError('NO_TARGET', {
    file: dataset.name,
    column: targetColumn,
    problem: `column ${showValue(targetColumn)} has the same value in all ${rowCount(dataset).toLocaleString('en-US')} rows; there is nothing to predict`,
  });
}

/**
 * 'regression' or 'classification' for `targetColumn` (rules in `inferTaskWithReason`).
 * `override` wins when given (the wine recipes pass 'regression'), after checking that the column
 * exists and, for regression, that it is numeric.
 */
export function inferTask(dataset: TabularDataset, targetColumn: string, override?: TaskKind): TaskKind {
  if (override === undefined) return inferTaskWithReason(dataset, targetColumn).task;
  targetIndex(dataset, targetColumn);
  if (override === 'regression' && dataset.categorical?.[targetColumn] !== undefined) {
    throw new DatasetError('NON_NUMERIC', {
      file: dataset.name,
      column: targetColumn,
      problem: `column ${showValue(targetColumn)} holds text, so it cannot be a regression target; choose classification`,
    });
  }
  return override;
}
