/**
 * Types for the CommonJS entry points of the plotly.js source package used by ./plotly.ts. The
 * package ships types only for its full entry (`plotly.js`); `lib/core` exposes the same API, and
 * every `lib/<trace>` module is a trace module for `Plotly.register`.
 */
declare module 'plotly.js/lib/core' {
  import Plotly from 'plotly.js';
  export default Plotly;
}

declare module 'plotly.js/lib/*' {
  import type { PlotlyModule } from 'plotly.js';
  const traceModule: PlotlyModule;
  export default traceModule;
}
