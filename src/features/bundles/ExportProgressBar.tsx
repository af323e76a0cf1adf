/** A bar under the header while an export is being zipped (in a worker; the page stays usable). */
import { useExportProgress } from './exportBundle';

export function ExportProgressBar() {
  const progress = useExportProgress();
  if (!progress) return null;
  return (
    <div className="export-progress" role="status" data-testid="bundle.export-progress">
      Exporting {progress.what}… <progress max={progress.total || 1} value={progress.done} aria-label="Export progress" />
    </div>
  );
}
