/** A run's sync state in the runs table: a short word, the details (an error's reason) in its tooltip. */
import type { SyncBadgeModel } from './syncViewModel';
import './sync.css';

export function SyncBadge({ badge }: { badge: SyncBadgeModel }) {
  return (
    <span className={`sync-badge sync-badge-${badge.state}`} title={badge.title} data-testid="run-table.sync" data-state={badge.state}>
      {badge.label}
    </span>
  );
}
