/**
 * The one component that draws with Plotly (the partial bundle of ./plotly.ts, loaded on first
 * use). Load it through LazyFigure (LazyPlot.tsx), which adds the error boundary and the Suspense
 * fallback this component needs while Plotly loads.
 */
import { use, useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout, PlotlyHTMLElement, PlotMouseEvent } from 'plotly.js';
import { reportError } from '../../shared/notifications';
import { countPoints, downloadCsv, exportFileName } from './figureExport';
import type { FigureProps } from './figure.types';
import { loadPlotly } from './plotlyLoader';

const DEFAULT_HEIGHT = 260;
const DEFAULT_MARGIN = { l: 50, r: 10, t: 10, b: 40 };
const CONFIG: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  showSendToCloud: false, // Plotly 4 defaults to a "Share chart" button that uploads to cloud.plotly.com
  modeBarButtonsToRemove: ['toImage'], // the toolbar's PNG button does it, with the chart's file name
};

export default function Figure({ data, layout, height, testId, title, pointsShown, csv, onPointClick }: FigureProps) {
  const Plotly = use(loadPlotly());
  const plotRef = useRef<HTMLDivElement>(null);
  const onPointClickRef = useRef(onPointClick);
  const [failure, setFailure] = useState<Error | null>(null);

  useEffect(() => {
    onPointClickRef.current = onPointClick;
  }, [onPointClick]);

  useEffect(() => {
    const el = plotRef.current as PlotlyHTMLElement | null;
    if (!el) return;
    const margin = { ...DEFAULT_MARGIN, ...(layout?.margin as object | undefined) };
    const fullLayout = {
      ...layout,
      // Plotly draws a heavy black line at x = 0, right on every curve's first step: off unless asked for.
      xaxis: { zeroline: false, ...(layout?.xaxis as object | undefined) },
      margin,
      height: height ?? (layout?.height as number | undefined) ?? DEFAULT_HEIGHT,
      // Same uirevision across updates: Plotly keeps the user's zoom, pan and legend toggles while
      // live data arrives; a chart of something else (another title) starts afresh.
      uirevision: layout?.uirevision ?? title,
    };
    Plotly.react(el, data as Data[], fullLayout as Partial<Layout>, CONFIG).catch((error: unknown) => {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    });
    // react() (re)initialises the div's event emitter synchronously (also after a purge); keep one
    // click listener on it.
    if (typeof el.on !== 'function') return;
    el.removeAllListeners('plotly_click');
    el.on('plotly_click', (event: PlotMouseEvent) => {
      const customdata = event.points[0]?.customdata;
      if (customdata !== undefined) onPointClickRef.current?.(customdata);
    });
  }, [Plotly, data, layout, height, title]);

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    // `responsive` follows the window; this follows the container (sidebars, grid reflows).
    let width = -1;
    let frame = 0;
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(([entry]) => {
            const next = Math.round(entry?.contentRect.width ?? 0);
            if (width >= 0 && next > 0 && next !== width) {
              cancelAnimationFrame(frame);
              frame = requestAnimationFrame(() => {
                Promise.resolve(Plotly.Plots.resize(el)).catch(() => undefined); // hidden meanwhile: fine
              });
            }
            width = next;
          });
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      cancelAnimationFrame(frame);
      Plotly.purge(el);
    };
  }, [Plotly]);

  const saveImage = (format: 'png' | 'svg') => {
    const el = plotRef.current;
    if (!el) return;
    Plotly.downloadImage(el, { format, filename: exportFileName(title), width: null, height: null }).catch((error: unknown) =>
      reportError(`export ${title} as ${format.toUpperCase()}`, error),
    );
  };

  const saveCsv = () => {
    if (!csv) return;
    try {
      downloadCsv(title, csv());
    } catch (error) {
      reportError(`export ${title} as CSV`, error);
    }
  };

  if (failure) throw failure; // a failed draw goes to the SectionErrorBoundary around the chart

  const id = (suffix: string) => (testId ? `${testId}.${suffix}` : undefined);
  return (
    <div className="figure">
      <div className="figure-toolbar" role="toolbar" aria-label={`Export ${title}`} style={{ display: 'flex', justifyContent: 'flex-end', gap: 4 }}>
        <button type="button" data-testid={id('export-png')} title="Download as PNG image" onClick={() => saveImage('png')}>
          PNG
        </button>
        <button type="button" data-testid={id('export-svg')} title="Download as SVG image" onClick={() => saveImage('svg')}>
          SVG
        </button>
        {csv && (
          <button type="button" data-testid={id('export-csv')} title="Download the data as CSV" onClick={saveCsv}>
            CSV
          </button>
        )}
      </div>
      {/* A group, not an image: Plotly's mode bar and drag layers inside are interactive. */}
      <div role="group" aria-label={title}>
        <div ref={plotRef} className="plot" data-testid={testId} data-points={pointsShown ?? countPoints(data)} />
      </div>
    </div>
  );
}
