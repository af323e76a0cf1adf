import type { RunId } from '../../../domain/ids';
import type { ModelVersion } from '../../../domain/registry/registry.types';
import type { Run } from '../../../domain/tracking/types';
import { formatMetric } from '../../../domain/tracking/formatMetric';
import { bestVersionIndex, compareSourceMetrics } from '../modelsView';

/** The source runs' latest metric values, one column per version, the best of each row in bold. */
export function SourceMetrics({ versions, runs }: { versions: readonly ModelVersion[]; runs: ReadonlyMap<RunId, Run> }) {
  const { keys, values } = compareSourceMetrics(versions, runs);
  if (keys.length === 0) return <p className="muted">The source runs logged no metrics.</p>;
  return (
    <table className="models-table" data-testid="model.metrics">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          {versions.map((v) => (
            <th scope="col" key={v.version}>
              Version {v.version}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const row = values.map((v) => v[key] ?? null);
          const best = bestVersionIndex(key, row);
          return (
            <tr key={key}>
              <th scope="row">{key}</th>
              {row.map((value, i) => (
                <td key={versions[i]?.version} className={i === best ? 'best' : undefined}>
                  {formatMetric(value)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
