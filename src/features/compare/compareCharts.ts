/**
 * Pure chart building for the compare view, gathered in one import: run colours (runColors.ts),
 * metric curves — TensorBoard smoothing, x-axis choice, spike-keeping downsampling, group mean with
 * a min–max band (metricCurveFigure.ts) — the hyperparameter charts — parallel coordinates,
 * scatter, contour, box (hyperparamFigures.ts) — and the columns they can use (compareColumns.ts).
 */
export { runColor, translucent } from './runColors';
export { bucketsPerSeries, curveFigure, curveLayout, X_AXIS_TITLES, type CurveFigure, type CurveOptions } from './metricCurveFigure';
export { boxFigure, contourFigure, defaultParallelColumns, parallelFigure, scatterFigure } from './hyperparamFigures';
export { chartColumns, columnOption, formatCompareValue, metricKeys, paramKeys, parseColumnOption } from './compareColumns';
