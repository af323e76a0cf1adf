/**
 * A raw input as the model saw it in training. Tabular rows go through the same functions the
 * recipes used (domain/ml logTransform + normalize), in the same order and precision (float64,
 * then float32), so a row of the test set gets exactly the input it had in training. Text goes
 * through the Keras-style tokenizer and vectorizer with the run's vocabulary.
 */
import { applyLog1p } from '../ml/logTransform';
import { applyStandardizer } from '../ml/normalize';
import { toDense, tokenize, vectorize } from '../ml/vectorizer';
import type { TabularTransform, TextTransform } from './playgroundModel';

/** Row-major float32 model input for raw feature rows (each row in the transform's feature order). */
export function tabularInputs(rows: readonly (readonly number[])[], transform: TabularTransform | null, width: number): Float32Array {
  rows.forEach((row, r) => {
    if (row.length !== width) throw new RangeError(`Row ${r + 1} has ${row.length} values; the model takes ${width}.`);
  });
  if (!transform) return Float32Array.from(rows.flat());
  const columns = transform.features.map((_, c) => Float64Array.from(rows, (row) => row[c] as number));
  const logged = applyLog1p(
    columns,
    transform.features.map((name) => transform.log1pFeatures.includes(name)),
  );
  return applyStandardizer(logged, { mean: transform.mean, std: transform.std });
}

/** Row-major float32 bag-of-words vectors for raw texts, as the text recipe vectorised its documents. */
export function textInputs(texts: readonly string[], transform: TextTransform): Float32Array {
  const { vocabulary, mode, idf } = transform;
  return toDense(
    texts.map((text) => vectorize(tokenize(text), vocabulary, mode, idf ?? undefined)),
    vocabulary.width,
  );
}

/** A value read back from float32 arithmetic, shown as a person would type it (6 significant digits). */
function tidy(value: number): number {
  if (Math.abs(value) < 1e-6) return 0;
  return Number(value.toPrecision(6));
}

/**
 * Model inputs back to raw units (the inverse of tabularInputs, rounded to 6 significant digits):
 * how the input example, logged as the standardised training tensor, is shown in the form.
 */
export function toRawRows(rows: readonly (readonly number[])[], transform: TabularTransform): number[][] {
  const logged = transform.features.map((name) => transform.log1pFeatures.includes(name));
  return rows.map((row) =>
    row.map((z, c) => {
      const x = z * (transform.std[c] as number) + (transform.mean[c] as number);
      return tidy(logged[c] ? Math.expm1(x) : x);
    }),
  );
}
