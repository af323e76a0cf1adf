import { useId, useState } from 'react';
import { describeDirection, explainMetric } from '../../../domain/ml/metricGlossary';

/**
 * A small "?" beside a metric name that reveals what the metric means, its formula and which way
 * is better. Renders nothing for metrics the glossary does not know (a user's own keys).
 */
export function MetricHelp({ metricKey }: { metricKey: string }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const entry = explainMetric(metricKey);
  if (!entry) return null;
  return (
    <span className="metric-help" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        className="metric-help-toggle"
        aria-label={`What is ${metricKey}?`}
        aria-expanded={open}
        aria-controls={panelId}
        title={`What is ${metricKey}?`}
        data-testid="metric-help.toggle"
        onClick={() => setOpen((o) => !o)}
      >
        ?
      </button>
      {open && (
        <span id={panelId} className="metric-help-panel" role="note" data-testid="metric-help.panel">
          <strong>{entry.title}</strong>
          <span className="metric-help-text">{entry.explanation}</span>
          <code className="metric-help-formula" data-testid="metric-help.formula">{entry.formula}</code>
          <span className="muted">{describeDirection(entry.better)}</span>
          <button type="button" className="link" onClick={() => setOpen(false)}>
            Close
          </button>
        </span>
      )}
    </span>
  );
}
