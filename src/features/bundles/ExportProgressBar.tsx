/**
 * A bar under the header while an export is being zipped (in a worker; the page stays usable),
 * then, when the saved bundle holds what MLflow 2.x would refuse, a notice saying what, until
 * dismissed or the next export.
 */
import { dismissExportResult, useExportProgress, useExportResult } from './exportBundle';
import './bundles.css';

export function ExportProgressBar() {
  const progress = useExportProgress();
  const result = useExportResult();
  if (progress) {
    return (
      <div className="export-progress" role="status" data-testid="bundle.export-progress">
        Exporting {progress.what}… <progress max={progress.total || 1} value={progress.done} aria-label="Export progress" />
      </div>
    );
  }
  if (!result) return null;
  return (
    <div className="export-warnings" role="status" data-testid="bundle.export-warnings">
      <p>
        <strong>The bundle was {result.how === 'shared' ? 'shared' : 'saved'}</strong> ({result.fileName}). MLflow 3.x reads it, but
        MLflow 2.x will refuse some of it:
      </p>
      <ul>
        {result.warnings.map((warning) => (
          <li key={warning.problem} data-problem={warning.problem}>
            {warning.message}
          </li>
        ))}
      </ul>
      <button type="button" onClick={dismissExportResult}>
        Dismiss
      </button>
    </div>
  );
}
