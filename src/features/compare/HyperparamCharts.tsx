/**
 * How params relate to metrics across runs: parallel coordinates over chosen columns, a scatter of
 * any column against any other, a contour of a metric over two params, and a box plot of a metric
 * by a param's values. Clicking a point in the scatter opens that run.
 */
import { useMemo } from 'react';
import type { ColumnRef } from '../../domain/compare/columns';
import { columnLabel, sameColumn } from '../../domain/compare/columns';
import type { CompareState } from '../../domain/compare/compareState';
import type { RunId } from '../../domain/ids';
import type { Run } from '../../domain/tracking/types';
import { navigate, routes } from '../../shared/routes';
import { LazyFigure } from '../charts/LazyPlot';
import {
  boxFigure,
  chartDefaults,
  columnOption,
  contourFigure,
  PARALLEL_CAPTION,
  parallelFigure,
  parseColumnOption,
  scatterFigure,
  type SearchContext,
} from './compareCharts';

type ChartState = Pick<CompareState, 'parallel' | 'scatter' | 'contour' | 'box'>;

interface Props {
  runs: readonly Run[];
  columns: readonly ColumnRef[];
  state: ChartState;
  /** The hyperparameter search these runs belong to, if any: its searched params and objective come first. */
  search: SearchContext;
  onChange: (patch: Partial<ChartState>) => void;
}

function ColumnSelect(props: { label: string; value: ColumnRef | null; columns: readonly ColumnRef[]; onChange: (ref: ColumnRef) => void; testId: string }) {
  return (
    <label>
      {props.label}{' '}
      <select
        value={props.value ? columnOption(props.value) : ''}
        onChange={(e) => {
          const ref = parseColumnOption(e.target.value);
          if (ref) props.onChange(ref);
        }}
        data-testid={props.testId}
      >
        {props.value === null && <option value="">(choose)</option>}
        {props.columns.map((ref) => (
          <option key={columnOption(ref)} value={columnOption(ref)}>
            {columnLabel(ref)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function HyperparamCharts({ runs, columns, state, search, onChange }: Props) {
  const params = useMemo(() => columns.filter((c) => c.kind === 'param'), [columns]);
  const metrics = useMemo(() => columns.filter((c) => c.kind === 'metric'), [columns]);
  const defaults = useMemo(() => chartDefaults(runs, search), [runs, search]);
  const firstMetric = defaults.scatter?.y ?? metrics[0] ?? null;
  // Each chart's choice from the URL, or a default from what varies among these runs.
  const choice = {
    parallel: state.parallel.length > 0 ? state.parallel : defaults.parallel,
    scatter: state.scatter ?? defaults.scatter,
    contour: state.contour ?? defaults.contour,
    box: state.box ?? defaults.box,
  };
  const { parallel, scatter, contour, box } = choice;
  const figures = useMemo(
    () => ({
      parallel: parallelFigure(runs, parallel),
      scatter: scatter ? scatterFigure(runs, scatter) : null,
      contour: contour ? contourFigure(runs, contour) : null,
      box: box ? boxFigure(runs, box) : null,
    }),
    [runs, parallel, scatter, contour, box],
  );
  const { parallel: parallelData, scatter: scatterData, contour: contourData, box: boxData } = figures;
  const toggleParallel = (ref: ColumnRef) =>
    onChange({ parallel: parallel.some((c) => sameColumn(c, ref)) ? parallel.filter((c) => !sameColumn(c, ref)) : [...parallel, ref] });

  if (params.length === 0 || metrics.length === 0) {
    return (
      <section className="compare-section">
        <h3>Params and metrics</h3>
        <p className="muted">These runs need params and metrics for these charts.</p>
      </section>
    );
  }

  return (
    <section className="compare-section" aria-labelledby="compare-hparams-title">
      <header className="compare-section-header">
        <h3 id="compare-hparams-title">Params and metrics</h3>
      </header>
      <div className="compare-grid">
        <figure className="compare-chart" data-testid="compare.parallel">
          <figcaption>Parallel coordinates</figcaption>
          <details>
            <summary>Axes ({parallel.length})</summary>
            <div className="column-checklist">
              {columns.map((ref) => (
                <label key={columnOption(ref)}>
                  <input type="checkbox" checked={parallel.some((c) => sameColumn(c, ref))} onChange={() => toggleParallel(ref)} /> {columnLabel(ref)}
                </label>
              ))}
            </div>
          </details>
          {parallelData.data.length > 0 ? (
            <>
              <LazyFigure
                name="Parallel coordinates"
                title="parallel coordinates"
                data={parallelData.data}
                layout={parallelData.layout}
                height={380}
                testId="compare.parallel.plot"
                pointsShown={runs.length}
              />
              <p className="muted chart-caption" data-testid="compare.parallel.caption">
                {PARALLEL_CAPTION}
              </p>
            </>
          ) : (
            <p className="muted">Choose at least two axes.</p>
          )}
        </figure>

        <figure className="compare-chart" data-testid="compare.scatter">
          <figcaption>Scatter</figcaption>
          <div className="compare-controls">
            <ColumnSelect label="x" value={scatter?.x ?? null} columns={columns} testId="compare.scatter.x" onChange={(x) => onChange({ scatter: { x, y: scatter?.y ?? x } })} />
            <ColumnSelect label="y" value={scatter?.y ?? null} columns={columns} testId="compare.scatter.y" onChange={(y) => onChange({ scatter: { x: scatter?.x ?? y, y } })} />
          </div>
          {!scatter && <p className="muted">No param varies among these runs: every run has the same values.</p>}
          {scatterData && (
            <LazyFigure
              name="Scatter"
              title={`${scatter ? columnLabel(scatter.y) : ''} vs ${scatter ? columnLabel(scatter.x) : ''}`}
              data={scatterData.data}
              layout={scatterData.layout}
              height={320}
              testId="compare.scatter.plot"
              onPointClick={(runId) => {
                const run = runs.find((r) => r.runId === runId);
                if (run) navigate(routes.run({ experimentId: run.experimentId, runId: run.runId as RunId }));
              }}
            />
          )}
        </figure>

        <figure className="compare-chart" data-testid="compare.contour">
          <figcaption>Contour</figcaption>
          <div className="compare-controls">
            <ColumnSelect label="x" value={contour?.x ?? null} columns={params} testId="compare.contour.x" onChange={(x) => contour && onChange({ contour: { ...contour, x } })} />
            <ColumnSelect label="y" value={contour?.y ?? null} columns={params} testId="compare.contour.y" onChange={(y) => contour && onChange({ contour: { ...contour, y } })} />
            <ColumnSelect label="z" value={contour?.z ?? null} columns={metrics} testId="compare.contour.z" onChange={(z) => contour && onChange({ contour: { ...contour, z } })} />
          </div>
          {!contour ? (
            <p className="muted">A contour needs two numeric params that vary among these runs.</p>
          ) : contourData?.reason ? (
            <p className="muted" data-testid="compare.contour.reason">{contourData.reason}</p>
          ) : (
            contourData && <LazyFigure name="Contour" title="contour" data={contourData.data} layout={contourData.layout} height={320} testId="compare.contour.plot" />
          )}
        </figure>

        <figure className="compare-chart" data-testid="compare.box">
          <figcaption>Box plot</figcaption>
          <div className="compare-controls">
            <ColumnSelect
              label="param"
              value={box ? { kind: 'param', key: box.param } : null}
              columns={params}
              testId="compare.box.param"
              onChange={(ref) => onChange({ box: { param: ref.key, metric: box?.metric ?? firstMetric?.key ?? '' } })}
            />
            <ColumnSelect
              label="metric"
              value={box ? { kind: 'metric', key: box.metric } : null}
              columns={metrics}
              testId="compare.box.metric"
              onChange={(ref) => onChange({ box: { param: box?.param ?? params[0]?.key ?? '', metric: ref.key } })}
            />
          </div>
          {!box && <p className="muted">No param varies among these runs: every run has the same values.</p>}
          {boxData && <LazyFigure name="Box plot" title="box plot" data={boxData.data} layout={boxData.layout} height={320} testId="compare.box.plot" />}
        </figure>
      </div>
    </section>
  );
}
