/**
 * Picks the experiment's main metric: the first metric column, the one a beginner reads as "how
 * good was this run". By default the headline metric of the runs' recipe; the pick is kept per
 * experiment with the other column prefs.
 */
interface Props {
  metrics: readonly string[];
  main: string | null;
  headline: string | null;
  onPick: (key: string | null) => void;
}

export function MainMetricPicker({ metrics, main, headline, onPick }: Props) {
  if (metrics.length === 0 || main === null) return null;
  return (
    <label className="main-metric-picker">
      <span>Main metric</span>
      <select value={main} data-testid="run-table.main-metric" onChange={(e) => onPick(e.target.value)}>
        {metrics.map((key) => (
          <option key={key} value={key}>
            {key}
            {key === headline ? ' (default)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
