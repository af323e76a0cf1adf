/**
 * The app's partial Plotly bundle: plotly.js core plus exactly the trace types of
 * FigureTrace['type'] (figure.types.ts), instead of the full ≈1.4 MB-gzip bundle. Import it ONLY
 * through loadPlotly() (plotlyLoader.ts), i.e. `import('./plotly')`, so Plotly stays out of the
 * first-paint bundle. A new trace type goes into FigureTrace['type'] and into `traceModules` below
 * (the Record type makes the two lists agree).
 */
import './plotlyGlobal'; // first: plotly.js reads `global` while loading, and must not inject styles
import 'plotly.js/dist/plotly.css'; // Plotly's rules as a stylesheet, allowed by the CSP
import type { PlotlyModule } from 'plotly.js';
import Plotly from 'plotly.js/lib/core';
import bar from 'plotly.js/lib/bar';
import box from 'plotly.js/lib/box';
import contour from 'plotly.js/lib/contour';
import heatmap from 'plotly.js/lib/heatmap';
import parcoords from 'plotly.js/lib/parcoords';
import scattergl from 'plotly.js/lib/scattergl';
import type { FigureTrace } from './figure.types';

const traceModules: Record<FigureTrace['type'], PlotlyModule | 'in core'> = {
  scatter: 'in core',
  scattergl,
  parcoords,
  contour,
  box,
  bar,
  heatmap,
};

Plotly.register(Object.values(traceModules).filter((m): m is PlotlyModule => m !== 'in core'));

export type PlotlyApi = typeof Plotly;
export default Plotly;
