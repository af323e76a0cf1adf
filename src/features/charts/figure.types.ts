/**
 * The contract between chart-building code and the one component that draws with Plotly. Traces
 * and layouts are plain data (Plotly's JSON schema, loosely typed here so feature code doesn't
 * import Plotly's types); every user-supplied string in them must already be escaped with
 * plotText() from plotText.ts.
 */

/** One Plotly trace: `type` is one of the trace types the app's partial Plotly bundle registers. */
export interface FigureTrace {
  type: 'scatter' | 'scattergl' | 'parcoords' | 'contour' | 'box' | 'bar' | 'heatmap';
  [attribute: string]: unknown;
}

/** A Plotly layout (title, axes, shapes, annotations…). */
export type FigureLayout = Record<string, unknown>;

export interface FigureProps {
  data: FigureTrace[];
  layout?: FigureLayout;
  height?: number;
  testId?: string;
  /** Accessible name of the chart, and the file name of its PNG/SVG/CSV exports. */
  title: string;
  /** Points drawn (after downsampling), shown as `data-points` for tests. Default: counted from `x`. */
  pointsShown?: number;
  /** The chart's data as CSV for the "CSV" export button; no button when absent. */
  csv?: () => string;
  /** Called with the clicked point's `customdata` (e.g. a run id) when the user clicks a point. */
  onPointClick?: (customdata: unknown) => void;
}
