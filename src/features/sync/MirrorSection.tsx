/** Mirror while training: new runs also go to a server through the outbox; its state, live. */
import { reportError } from '../../shared/notifications';
import { sync } from '../../services/page';
import type { RunSyncState, ServerSummary } from '../../services/mlflowServer/sync.types';
import { outboxSummary, serverLabel } from './syncViewModel';
import { useOnline } from './useOnline';
import { serversChanged } from './useServers';

interface Props {
  servers: readonly ServerSummary[];
  mirror: ServerSummary | null;
  states: readonly RunSyncState[] | undefined;
}

export function MirrorSection({ servers, mirror, states }: Props) {
  const online = useOnline();
  const setMirror = (serverId: string | null) => {
    try {
      sync.setMirror(serverId);
      serversChanged();
    } catch (error) {
      reportError(serverId ? 'turn mirroring on' : 'turn mirroring off', error);
    }
  };
  const outbox = mirror && states ? outboxSummary(states, { serverId: mirror.id, online }) : null;

  return (
    <section className="sync-section" aria-labelledby="servers-mirror-title" data-testid="servers.mirror">
      <h3 id="servers-mirror-title">Mirror while training</h3>
      <p className="muted">
        Every new run is also written to an outbox in this browser and sent to the server in batches as it trains. Without a network the
        outbox waits, and it is sent in order when the browser is back online (also after a reload).
      </p>
      {servers.length === 0 ? (
        <p className="muted">Connect a server above to mirror runs to it.</p>
      ) : (
        <ul className="sync-mirror-choices">
          {servers.map((server) => (
            <li key={server.id}>
              <label>
                <input
                  type="checkbox"
                  checked={mirror?.id === server.id}
                  onChange={(e) => setMirror(e.target.checked ? server.id : null)}
                  data-testid="servers.mirror-toggle"
                />
                Mirror new runs to {serverLabel(server)}
              </label>
            </li>
          ))}
        </ul>
      )}
      {!online && !outbox && (
        <p className="sync-offline" data-testid="servers.offline">
          Offline: waiting for the network.
        </p>
      )}
      {outbox && (
        <p role="status" className={online ? undefined : 'sync-offline'} data-testid="servers.outbox" data-queued={outbox.queued} data-errors={outbox.errors}>
          Outbox: {outbox.text}
        </p>
      )}
    </section>
  );
}
