/**
 * The beginner explanation of each per-run evaluation view (EvaluationViews.tsx): what the chart
 * shows, how to read it, and the formula behind it.
 */

export type ViewKey = 'confusion' | 'roc' | 'per-class' | 'predicted-vs-actual' | 'residuals';

export interface ViewExplanation {
  title: string;
  /** What the chart shows. */
  what: string;
  /** How to read it. */
  read: string;
  /** Plain text with Unicode math, as in metricGlossary. */
  formula: string;
}

export const EVALUATION_EXPLANATIONS: Readonly<Record<ViewKey, ViewExplanation>> = {
  confusion: {
    title: 'Confusion matrix',
    what:
      'Every test example (kept aside, never trained on) counted in one cell: the row is its true class, the column the class the model predicted.',
    read:
      'The diagonal from top left to bottom right holds the correct predictions; every other cell is a mistake and tells you which class was taken for which. ' +
      'Normalised by true class, each row adds up to 1, so a diagonal cell is the share of that class the model found (its recall) and rare classes are as easy to read as common ones.',
    formula: 'C[t, p] = number of test examples of true class t predicted as class p; normalised: C[t, p] / Σ_q C[t, q]',
  },
  roc: {
    title: 'ROC curves (one-vs-rest)',
    what:
      'For each class, how well its predicted probability separates the examples of that class from all the others ("one vs the rest"), at every possible decision threshold.',
    read:
      'Lowering the threshold moves along a curve from (0, 0) to (1, 1): more of the class is found (up) at the cost of more false alarms (right). ' +
      'A curve that hugs the top-left corner is good; the dashed diagonal is what guessing gives. ' +
      'The area under the curve (AUC, in the legend) is 1 for a perfect ranking and 0.5 for guessing.',
    formula:
      'TPR = TP / (TP + FN) (true positive rate, up), FPR = FP / (FP + TN) (false positive rate, across), at each threshold; ' +
      'AUC = area under the curve = P(score of a random example of the class > score of a random example of another class)',
  },
  'per-class': {
    title: 'Precision, recall and F1 per class',
    what: 'Three scores for each class on the test set, from 0 (worst) to 1 (best), and the number of test examples of the class (support).',
    read:
      'Precision: of the examples the model put in the class, the share that really belong there (few false alarms). ' +
      'Recall: of the examples that belong to the class, the share the model found (few misses). ' +
      'F1 is high only when both are. A class with a small support has noisy scores.',
    formula:
      'precision = TP / (TP + FP); recall = TP / (TP + FN); F1 = 2 · precision · recall / (precision + recall) ' +
      '(TP, FP, FN: true positives, false positives, false negatives of the class)',
  },
  'predicted-vs-actual': {
    title: 'Predicted vs actual',
    what: 'Every test example as one point: its true value across, the model’s prediction up.',
    read:
      'A perfect model puts every point on the dashed line y = x. Points above the line are predicted too high, points below too low. ' +
      'A cloud flatter than the line means the model pulls its predictions toward the average.',
    formula: 'point i = (yᵢ, ŷᵢ), yᵢ = true value, ŷᵢ = prediction; the dashed line is ŷ = y',
  },
  residuals: {
    title: 'Residuals vs predicted',
    what: 'The error of every test example — its true value minus the prediction — against the prediction.',
    read:
      'Good residuals scatter evenly around the zero line with no shape. A curve or a funnel means the model misses something systematic ' +
      '(a non-linear effect, or errors that grow with the value). Points far from zero are the examples it gets most wrong.',
    formula: 'residual eᵢ = yᵢ − ŷᵢ (positive: predicted too low); RMSE = √((1/n) · Σᵢ eᵢ²)',
  },
};
