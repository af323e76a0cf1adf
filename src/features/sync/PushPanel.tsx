/**
 * "Push to server…" for the selected runs: pick the server, push, watch the progress, and read
 * each run's result (pushed, already there, or why not).
 */
import { ServerOptions } from './ServerOptions';
import { useState } from 'react';
import type { RunId } from '../../domain/ids';
import { sync } from '../../services/page';
import type { PushOutcome } from '../../services/mlflowServer/sync.types';
import { routes } from '../../shared/routes';
import { plural, progressFraction, pushOutcomeText, pushSummary, serverLabel } from './syncViewModel';
import './sync.css';
import { useServers } from './useServers';

interface Props {
  runIds: readonly RunId[];
  onClose: () => void;
}

export function PushPanel({ runIds, onClose }: Props) {
  const { servers } = useServers();
  const [serverId, setServerId] = useState(servers[0]?.id ?? '');
  const server = servers.find((s) => s.id === serverId) ?? servers[0];
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<PushOutcome[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const pushing = progress !== null;

  const push = async () => {
    if (!server) return;
    setProblem(null);
    setOutcomes(null);
    setProgress({ done: 0, total: runIds.length });
    try {
      setOutcomes(await sync.pushRuns([...runIds], { server: server.id, onProgress: (p) => setProgress({ done: p.done, total: p.total }) }));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="sync-push" role="region" aria-label="Push to server" data-testid="push.panel">
      <div className="sync-push-head">
        <strong>Push {plural(runIds.length, 'run')} to a tracking server</strong>
        <button type="button" className="link" onClick={onClose} data-testid="push.close">
          Close
        </button>
      </div>
      {!server ? (
        <p data-testid="push.no-server">
          No server is connected yet. <a href={routes.servers()}>Connect one on the Servers page</a>.
        </p>
      ) : (
        <>
          <div className="sync-actions">
            {servers.length > 1 ? (
              <label>
                <span className="visually-hidden">Server</span>
                <select value={server.id} onChange={(e) => setServerId(e.target.value)} disabled={pushing} data-testid="push.server">
                  <ServerOptions servers={servers} />
                </select>
              </label>
            ) : (
              <span>to {serverLabel(server)}</span>
            )}
            <button type="button" className="primary" onClick={() => void push()} disabled={pushing || runIds.length === 0} data-testid="push.submit">
              {pushing ? 'Pushing…' : 'Push'}
            </button>
            {progress && (
              <span className="sync-progress" data-testid="push.progress">
                <progress value={progressFraction(progress)} max={1} aria-label="Push progress" />
                {progress.done} of {progress.total}
              </span>
            )}
          </div>
          {problem && (
            <p role="alert" className="sync-problem" data-testid="push.problem">
              {problem}
            </p>
          )}
          {outcomes && (
            <div data-testid="push.result">
              <p role="status">{pushSummary(outcomes)}.</p>
              <ul className="sync-outcomes">
                {outcomes.map((o) => (
                  <li key={o.runId} className={o.ok ? 'sync-ok' : 'sync-failed'} data-testid="push.outcome" data-run-id={o.runId} data-ok={o.ok}>
                    <span aria-hidden="true">{o.ok ? '✓' : '✗'}</span> <strong>{o.runName}</strong>: {pushOutcomeText(o)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </div>
  );
}
