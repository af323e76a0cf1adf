import { useSyncExternalStore } from 'react';
import { reads } from '../services/page';
import './updatedElsewhere.css';

function subscribe(onChange: () => void): () => void {
  return reads.watchVersionChange(onChange);
}

const closed = () => reads.versionChanged();

/**
 * Shown once a newer Trainyard in another tab upgraded the database: this tab's connection closed
 * (see TrainyardDB), so it can't read or write until it reloads onto the new version. Runs
 * training here ended KILLED with the reason before the connection closed.
 */
export function UpdatedElsewhereBanner() {
  const versionChanged = useSyncExternalStore(subscribe, closed);
  if (!versionChanged) return null;
  return (
    <div className="updated-elsewhere" role="alert" data-testid="updated-elsewhere">
      <span>Trainyard was updated in another tab — reload to continue.</span>
      <button type="button" data-testid="updated-elsewhere.reload" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
