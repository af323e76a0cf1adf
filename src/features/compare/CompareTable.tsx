/** Params, metrics and tags side by side, "only what differs", best value per metric highlighted. */
import { useMemo, useState } from 'react';
import { compareRows, type Direction } from '../../domain/compare/compareTable';
import { metricDirection } from '../../domain/tracking/metricDirection';
import type { Run } from '../../domain/tracking/types';
import { formatCompareValue, runColor } from './compareCharts';

const SECTION_TITLES = { attribute: 'Run', param: 'Parameters', metric: 'Metrics', tag: 'Tags' } as const;

export function CompareTable(props: { runs: readonly Run[]; onlyDiffering: boolean; onOnlyDiffering: (on: boolean) => void }) {
  const { runs, onlyDiffering } = props;
  const [directions, setDirections] = useState<Record<string, Direction>>({});
  const rows = useMemo(() => compareRows(runs, { onlyDiffering, directions }), [runs, onlyDiffering, directions]);
  const direction = (key: string): Direction => (Object.hasOwn(directions, key) ? (directions[key] as Direction) : metricDirection(key));

  return (
    <section className="compare-section" aria-labelledby="compare-table-title">
      <header className="compare-section-header">
        <h3 id="compare-table-title">Side by side</h3>
        <label>
          <input type="checkbox" checked={onlyDiffering} onChange={(e) => props.onOnlyDiffering(e.target.checked)} data-testid="compare.only-differing" />{' '}
          Only what differs
        </label>
      </header>
      <div className="compare-table-scroll">
        <table className="compare-table" data-testid="compare.table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              {runs.map((run, i) => (
                <th scope="col" key={run.runId}>
                  <span className="run-swatch" style={{ background: runColor(i) }} aria-hidden="true" />
                  {run.runName || run.runId}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => {
              const first = r === 0 || rows[r - 1]?.section !== row.section;
              const best = new Set(row.bestIndices);
              return [
                first && (
                  <tr key={`section-${row.section}`} className="compare-table-section">
                    <th colSpan={runs.length + 1} scope="rowgroup">
                      {SECTION_TITLES[row.section]}
                    </th>
                  </tr>
                ),
                <tr key={`${row.section}:${row.key}`} data-testid="compare.row" data-key={`${row.section}:${row.key}`} className={row.differs ? 'differs' : undefined}>
                  <th scope="row">
                    {row.key}
                    {row.section === 'metric' && (
                      <button
                        type="button"
                        className="direction"
                        data-testid="compare.direction"
                        title="Which way is better for this metric; click to switch"
                        onClick={() => setDirections((d) => ({ ...d, [row.key]: direction(row.key) === 'lower' ? 'higher' : 'lower' }))}
                      >
                        {direction(row.key) === 'lower' ? '↓ lower is better' : '↑ higher is better'}
                      </button>
                    )}
                  </th>
                  {row.values.map((value, i) => (
                    <td key={runs[i]?.runId ?? i} className={best.has(i) ? 'best' : undefined} data-best={best.has(i) ? 'true' : undefined}>
                      {formatCompareValue(value, row.key)}
                      {best.has(i) && <span className="visually-hidden"> (best)</span>}
                    </td>
                  ))}
                </tr>,
              ];
            })}
          </tbody>
        </table>
        {rows.length === 0 && <p className="muted">These runs have no differences.</p>}
      </div>
    </section>
  );
}
