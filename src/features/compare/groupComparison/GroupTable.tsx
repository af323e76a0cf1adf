/** One metric's groups as a table (n, mean, std, 95% CI) and as dots with each mean and its interval. */
import { useMemo } from 'react';
import { formatInterval, formatNumber } from '../../../domain/stats/verdict';
import { LazyFigure } from '../../charts/LazyPlot';
import { groupDotsFigure } from './groupDotsFigure';
import type { GroupModel } from './groupModel';

export function GroupTable({ model, colorOf }: { model: GroupModel; colorOf: (label: string) => string }) {
  const role = (key: string) => (model.pair?.a.key === key ? 'A' : model.pair?.b.key === key ? 'B' : null);
  const unit = model.unit === 'seeds' ? 'seeds' : 'runs';
  return (
    <div className="group-table-scroll">
      <table className="group-table" data-testid="groups.table">
        <caption className="visually-hidden">
          {model.metric} per group ({model.direction} is better)
        </caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" title={`How many ${unit}`}>
              n
            </th>
            <th scope="col">mean</th>
            <th scope="col" title="Standard deviation: how much the runs of the group vary">
              std
            </th>
            <th scope="col">95% CI</th>
          </tr>
        </thead>
        <tbody>
          {model.groups.map((group) => {
            const { n, mean, std, ci95 } = group.stats;
            const mark = role(group.key);
            return (
              <tr key={group.key} data-testid="groups.row" data-role={mark ?? undefined}>
                <th scope="row" title={group.label}>
                  <span className="run-swatch" style={{ background: colorOf(group.label) }} aria-hidden="true" />
                  {mark && <span className="group-role">{mark}</span>} {group.label}
                </th>
                <td data-testid="groups.n">{n}</td>
                <td>{mean === null ? '—' : formatNumber(mean)}</td>
                <td>{std === null ? <span className="muted">needs 2 runs</span> : formatNumber(std)}</td>
                <td data-testid="groups.ci">{ci95 ? formatInterval(ci95[0], ci95[1]) : <span className="muted">needs 2 runs</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function GroupFigure({ model, colorOf, onPointClick }: { model: GroupModel; colorOf: (label: string) => string; onPointClick: (runId: unknown) => void }) {
  const figure = useMemo(() => groupDotsFigure(model, colorOf), [model, colorOf]);
  const points = model.groups.reduce((n, g) => n + g.runs.length, 0);
  return (
    <LazyFigure
      name="Is the difference real?"
      title={`${model.metric} by group`}
      data={figure.data}
      layout={figure.layout}
      height={280}
      testId="groups.figure"
      pointsShown={points}
      onPointClick={onPointClick}
    />
  );
}
