/** Servers: connect MLflow tracking servers, mirror new runs to one, and pull runs from them. */
import { ConnectSection } from './ConnectSection';
import { MirrorSection } from './MirrorSection';
import { PullSection } from './PullSection';
import './sync.css';
import { useSyncStates } from './useRunSyncStates';
import { useServers } from './useServers';

export function ServersPage() {
  const { servers, mirror } = useServers();
  const states = useSyncStates();
  return (
    <div className="servers-page" data-testid="servers.page">
      <h2>Tracking servers</h2>
      <p className="muted servers-intro">
        Sync runs with an MLflow Tracking Server your team runs: push runs from the runs table (select them, then “Push to server…”), pull
        the server’s runs here, or mirror every new run while it trains. Everything still works offline; the server is only contacted when
        you connect, push, pull or mirror.
      </p>
      <ConnectSection servers={servers} />
      <PullSection key={servers.map((s) => s.id).join(',')} servers={servers} />
      <MirrorSection servers={servers} mirror={mirror} states={states} />
    </div>
  );
}
