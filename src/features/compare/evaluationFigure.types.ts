/** What every evaluation figure builder returns, for EvaluationViews.tsx to draw and export. */
import type { FigureLayout, FigureTrace } from '../charts/figure.types';

export interface EvaluationFigure {
  data: FigureTrace[];
  layout: FigureLayout;
  /** Cells, curve points or test examples drawn (the chart's `data-points`). */
  pointsShown: number;
  csv: () => string;
  height: number;
}
