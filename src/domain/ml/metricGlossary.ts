/**
 * Plain-language explanations of every metric Trainyard logs, for beginners: what it measures,
 * its formula as plain text, and which direction is better. Pure data plus one lookup that
 * understands the prefixes Keras and autolog put in front of a metric (`val_`, `batch/`).
 */

export type MetricDirection = 'higher' | 'lower' | 'neither';

export interface MetricExplanation {
  /** The key as logged, e.g. `val_loss`. */
  readonly key: string;
  /** A short human title, e.g. "Validation loss". */
  readonly title: string;
  /** Two or three plain sentences; no jargon without saying what it means. */
  readonly explanation: string;
  /** Plain text with Unicode math, e.g. "RMSE = √(1/n · Σ (ŷᵢ − yᵢ)²)". */
  readonly formula: string;
  /** Which way is an improvement; `neither` for counters and reference values. */
  readonly better: MetricDirection;
}

type Entry = Omit<MetricExplanation, 'key'>;

const NOTATION = 'n is the number of examples, yᵢ the true value and ŷᵢ the prediction for example i.';

function precision(average: 'macro' | 'weighted'): Entry {
  return {
    title: `Test precision (${average} average)`,
    explanation:
      'Of the test examples the model put in a class, the share that really belong there: high precision means few false alarms. ' +
      averageSentence(average),
    formula: `precision_c = TP_c / (TP_c + FP_c); ${averageFormula(average, 'precision')}`,
    better: 'higher',
  };
}

function recall(average: 'macro' | 'weighted'): Entry {
  return {
    title: `Test recall (${average} average)`,
    explanation:
      'Of the test examples that really belong to a class, the share the model found: high recall means few misses. ' +
      averageSentence(average),
    formula: `recall_c = TP_c / (TP_c + FN_c); ${averageFormula(average, 'recall')}`,
    better: 'higher',
  };
}

function f1(average: 'macro' | 'weighted'): Entry {
  return {
    title: `Test F1 score (${average} average)`,
    explanation:
      'A single number that is high only when both precision and recall are high (their harmonic mean). ' +
      averageSentence(average),
    formula: `F1_c = 2 · precision_c · recall_c / (precision_c + recall_c); ${averageFormula(average, 'F1')}`,
    better: 'higher',
  };
}

function averageSentence(average: 'macro' | 'weighted'): string {
  return average === 'macro'
    ? 'It is computed per class and averaged with every class counting equally, so rare classes matter as much as common ones.'
    : 'It is computed per class and averaged weighted by how many test examples each class has, so common classes count more.';
}

function averageFormula(average: 'macro' | 'weighted', name: string): string {
  return average === 'macro'
    ? `${name} = (1/K) · Σ_c ${name}_c over the K classes (TP, FP, FN: true positives, false positives, false negatives)`
    : `${name} = Σ_c (n_c / n) · ${name}_c, n_c = test examples of class c (TP, FP, FN: true positives, false positives, false negatives)`;
}

const LOSS: Entry = {
  title: 'Loss',
  explanation:
    'The number the model is trained to make smaller: how wrong its predictions are on the training data, averaged over an epoch. ' +
    'Classifiers use cross-entropy (it punishes confident wrong answers hardest), regressors the mean squared error. ' +
    'A loss that stops falling means training has stopped learning.',
  formula: `cross-entropy L = −(1/n) · Σᵢ log p̂ᵢ(yᵢ), p̂ᵢ(yᵢ) = predicted probability of the true class; mean squared error L = (1/n) · Σᵢ (ŷᵢ − yᵢ)². ${NOTATION}`,
  better: 'lower',
};

const ACCURACY: Entry = {
  title: 'Accuracy',
  explanation:
    'The share of examples whose predicted class is the true class, from 0 (never right) to 1 (always right). ' +
    'Compare it with guessing the most common class: on unbalanced data a high accuracy can still be a poor model.',
  formula: 'accuracy = (number of correct predictions) / n',
  better: 'higher',
};

const MAE: Entry = {
  title: 'Mean absolute error',
  explanation:
    'How far the predictions are from the true values on average, in the units of the target (for wine: quality points). ' +
    'Every error counts in proportion to its size.',
  formula: `MAE = (1/n) · Σᵢ |ŷᵢ − yᵢ|. ${NOTATION}`,
  better: 'lower',
};

const MSE: Entry = {
  title: 'Mean squared error',
  explanation:
    'The average of the squared differences between predictions and true values. Squaring makes big mistakes count much more than small ones; its square root is the RMSE.',
  formula: `MSE = (1/n) · Σᵢ (ŷᵢ − yᵢ)². ${NOTATION}`,
  better: 'lower',
};

/** Exact keys. Prefixed forms (`val_`, `batch/`) are derived by explainMetric. */
const GLOSSARY: Readonly<Record<string, Entry>> = {
  loss: LOSS,
  acc: ACCURACY,
  accuracy: ACCURACY,
  mae: MAE,
  mse: MSE,
  test_accuracy: {
    ...ACCURACY,
    title: 'Test accuracy',
    explanation:
      'The share of test examples (kept aside, never trained on) whose class the model predicted correctly, from 0 to 1. ' +
      'This is the honest estimate of how often it will be right on new data.',
  },
  test_precision_macro: precision('macro'),
  test_precision_weighted: precision('weighted'),
  test_recall_macro: recall('macro'),
  test_recall_weighted: recall('weighted'),
  test_f1_macro: f1('macro'),
  test_f1_weighted: f1('weighted'),
  test_roc_auc_ovr: {
    title: 'Test ROC AUC (one-vs-rest)',
    explanation:
      'How well the predicted probabilities rank the examples: the chance that a random example of a class gets a higher score for that class than a random example of another class. ' +
      '0.5 is guessing and 1 is a perfect ranking; it is computed for each class against the rest and averaged.',
    formula: 'AUC_c = P(score_c(x⁺) > score_c(x⁻)) for x⁺ in class c and x⁻ not in c (area under the ROC curve); AUC = (1/K) · Σ_c AUC_c',
    better: 'higher',
  },
  test_rmse: {
    title: 'Test RMSE (root mean squared error)',
    explanation:
      'The typical size of a prediction error on the test set, in the units of the target (for wine: quality points). ' +
      'Big errors count more than small ones. Compare it with test_baseline_rmse: a useful model has a clearly smaller RMSE.',
    formula: `RMSE = √((1/n) · Σᵢ (ŷᵢ − yᵢ)²). ${NOTATION}`,
    better: 'lower',
  },
  test_mae: {
    ...MAE,
    title: 'Test MAE (mean absolute error)',
    explanation:
      'How far the predictions on the test set are from the true values on average, in the units of the target. ' +
      'Less sensitive to a few big mistakes than RMSE.',
  },
  test_r2: {
    title: 'Test R² (coefficient of determination)',
    explanation:
      'How much of the variation in the target the model explains on the test set. 1 is perfect, 0 is no better than always predicting the average, and below 0 is worse than that.',
    formula: 'R² = 1 − Σᵢ (yᵢ − ŷᵢ)² / Σᵢ (yᵢ − ȳ)², ȳ = mean of the true values',
    better: 'higher',
  },
  test_baseline_rmse: {
    title: 'Baseline RMSE (always predict the training mean)',
    explanation:
      'The RMSE on the test set of a "model" that ignores the inputs and always predicts the average target of the training data. ' +
      'It is a yardstick, not a score: the trained model should beat it.',
    formula: 'baseline RMSE = √((1/n) · Σᵢ (ȳ_train − yᵢ)²), ȳ_train = mean target of the training data',
    better: 'neither',
  },
  test_baseline_mae: {
    title: 'Baseline MAE (always predict the training mean)',
    explanation:
      'The MAE on the test set of a "model" that ignores the inputs and always predicts the average target of the training data. ' +
      'It is a yardstick, not a score: the trained model should beat it.',
    formula: 'baseline MAE = (1/n) · Σᵢ |ȳ_train − yᵢ|, ȳ_train = mean target of the training data',
    better: 'neither',
  },
  test_baseline_accuracy: {
    title: 'Baseline accuracy (always guess the most common class)',
    explanation:
      'The test accuracy of a "model" that ignores the inputs and always guesses the class that was most common in the training data. ' +
      'With 3 equally common classes it is about 0.33. It is a yardstick, not a score: the trained model should beat it clearly.',
    formula: 'baseline accuracy = (1/n) · #{i : yᵢ = majority class of the training labels}',
    better: 'neither',
  },
  stopped_epoch: {
    title: 'Stopped epoch',
    explanation:
      'The epoch at which early stopping ended training because the monitored metric stopped improving. It is a record of what happened, not a score.',
    formula: 'the epoch number when training stopped (counting from 0, as Keras does)',
    better: 'neither',
  },
  oob_r2: {
    title: 'Out-of-bag R²',
    explanation:
      'A random forest grows each tree on a random sample of the training rows, so every row is left out by about a third of the trees. ' +
      'Predicting each training row with only the trees that never saw it gives a free test score, computed without the test set. ' +
      'Like test R², 1 is perfect and 0 is no better than guessing the mean.',
    formula: `out-of-bag R² = 1 − Σᵢ (yᵢ − ŷᵢ)² / Σᵢ (yᵢ − ȳ)², ŷᵢ = mean prediction of the trees whose sample left row i out (rows left out by no tree are skipped). ${NOTATION}`,
    better: 'higher',
  },
  oob_accuracy: {
    title: 'Out-of-bag accuracy',
    explanation:
      'A random forest grows each tree on a random sample of the training rows, so every row is left out by about a third of the trees. ' +
      'The share of training rows that the trees which never saw them classify correctly: a free test score, computed without the test set.',
    formula: 'out-of-bag accuracy = #{i : the class with the highest mean probability over the trees that left row i out = yᵢ} / (rows left out by at least one tree)',
    better: 'higher',
  },
  fit_seconds: {
    title: 'Fit time',
    explanation:
      'How many seconds growing the model took on this device (a random forest: all its trees). It is a cost, not a score: it shows what more trees or deeper trees cost, and it varies with how busy the computer was.',
    formula: 'seconds from the first tree started to the last tree built',
    better: 'lower',
  },
  tree_nodes: {
    title: 'Tree nodes',
    explanation:
      'The total number of questions and leaves in all the trees of the forest. Bigger forests and deeper trees have more; it tells you the size of the model, not how good it is.',
    formula: 'Σ over the trees of (split nodes + leaves)',
    better: 'neither',
  },
};

const PREFIXES: ReadonlyArray<{ prefix: string; title: (base: string) => string; sentence: string }> = [
  {
    prefix: 'batch/',
    title: (base) => `${base} (per batch)`,
    sentence: 'Logged after single training batches rather than whole epochs, so it is noisier than the epoch value.',
  },
  {
    prefix: 'val_',
    title: (base) => `Validation ${lowerFirst(base)}`,
    sentence:
      'Measured on the validation data, held back from training each epoch: if it gets worse while the training value keeps improving, the model is overfitting (memorising instead of learning).',
  },
];

function lowerFirst(text: string): string {
  // Keep acronyms (RMSE, MAE) as written.
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * The explanation of a logged metric key, or null when Trainyard has none. Understands the
 * `batch/` and `val_` prefixes (also combined, `batch/val_loss`) on top of the base keys.
 */
export function explainMetric(key: string): MetricExplanation | null {
  const exact = Object.hasOwn(GLOSSARY, key) ? GLOSSARY[key] : undefined;
  if (exact) return { key, ...exact };
  for (const { prefix, title, sentence } of PREFIXES) {
    if (!key.startsWith(prefix) || key.length === prefix.length) continue;
    const base = explainMetric(key.slice(prefix.length));
    if (!base) return null;
    return { ...base, key, title: title(base.title), explanation: `${sentence} ${base.explanation}` };
  }
  return null;
}

/** Every key with an entry of its own (not counting prefixed forms), for docs and tests. */
export const GLOSSARY_KEYS: readonly string[] = Object.keys(GLOSSARY);

/** "Higher is better" and friends, for the UI. */
export function describeDirection(better: MetricDirection): string {
  switch (better) {
    case 'higher':
      return 'Higher is better.';
    case 'lower':
      return 'Lower is better.';
    case 'neither':
      return 'Neither higher nor lower is better in itself.';
  }
}
