/**
 * Pure chart building for the compare view, gathered in one import: run and group colours
 * (runColors.ts), metric curves — TensorBoard smoothing, x-axis choice, spike-keeping
 * downsampling, group mean with a min–max band, a validation curve over its training one
 * (metricCurveFigure.ts, metricPanels.ts) — single-value metrics as bars (metricBarFigure.ts), the
 * hyperparameter charts — parallel coordinates, scatter, contour, box (hyperparamFigures.ts) — their
 * defaults (compareDefaults.ts), and the columns they can use (compareColumns.ts).
 */
export { groupColors, runColor, translucent } from './runColors';
export {
  bucketsPerSeries,
  curveFigure,
  curveLayout,
  GROUP_MEAN_CAPTION,
  X_AXIS_TITLES,
  type CurveFigure,
  type CurveOptions,
} from './metricCurveFigure';
export { barFigure, GROUP_BAR_CAPTION } from './metricBarFigure';
export { defaultMetrics, isSingleValue, metricPanels, type MetricPanel } from './metricPanels';
export { boxFigure, contourFigure, PARALLEL_CAPTION, parallelFigure, scatterFigure } from './hyperparamFigures';
export { chartDefaults, mainMetric, searchContext, varyingParams, type ChartDefaults, type SearchContext } from './compareDefaults';
export { chartColumns, columnOption, formatCompareValue, metricKeys, paramKeys, parseColumnOption } from './compareColumns';
