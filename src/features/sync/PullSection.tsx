/**
 * Pull runs from a server: pick the server and its experiments, an optional filter (MLflow's
 * grammar, run by the server), how many runs and whether to fetch artifacts; the pulled runs are
 * listed with links to their pages, and every problem in words.
 */
import { ServerOptions } from './ServerOptions';
import { useEffect, useState, type FormEvent } from 'react';
import type { ExperimentId, RunId } from '../../domain/ids';
import { reads, sync } from '../../services/page';
import type { PullOutcome, ServerSummary } from '../../services/mlflowServer/sync.types';
import { routes } from '../../shared/routes';
import { serverFilterProblem } from '../../domain/mlflowRest/serverFilter';
import { DEFAULT_MAX_RUNS, parseMaxRuns, plural, progressFraction, serverLabel } from './syncViewModel';

type Experiments = { state: 'loading' } | { state: 'loaded'; list: { experimentId: string; name: string }[] } | { state: 'failed'; message: string };

interface PullResult {
  outcome: PullOutcome;
  /** The local experiment of each pulled run, for its link (missing: no link). */
  experimentOf: Map<string, ExperimentId>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function PullSection({ servers }: { servers: readonly ServerSummary[] }) {
  const [serverId, setServerId] = useState(servers[0]?.id ?? '');
  const server = servers.find((s) => s.id === serverId) ?? servers[0];
  // The experiments read, with the server they were read from: another server's list shows as loading.
  const [read, setRead] = useState<{ serverId: string; experiments: Experiments } | null>(null);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [maxRuns, setMaxRuns] = useState(String(DEFAULT_MAX_RUNS));
  const [artifacts, setArtifacts] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [pulling, setPulling] = useState(false);
  const [result, setResult] = useState<PullResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const currentId = server?.id;
  useEffect(() => {
    if (!currentId) return;
    let stale = false;
    sync.listServerExperiments(currentId).then(
      (list) => {
        if (!stale) setRead({ serverId: currentId, experiments: { state: 'loaded', list } });
      },
      (error: unknown) => {
        if (!stale) setRead({ serverId: currentId, experiments: { state: 'failed', message: message(error) } });
      },
    );
    return () => {
      stale = true;
    };
  }, [currentId]);

  const experiments: Experiments = read && read.serverId === currentId ? read.experiments : { state: 'loading' };

  if (!server) {
    return (
      <section className="sync-section" aria-labelledby="servers-pull-title" data-testid="servers.pull">
        <h3 id="servers-pull-title">Pull runs from a server</h3>
        <p className="muted">Connect a server above to pull its runs into this browser.</p>
      </section>
    );
  }

  const filterProblem = serverFilterProblem(filter);
  const max = parseMaxRuns(maxRuns);

  const pull = async (event: FormEvent) => {
    event.preventDefault();
    if ('error' in max || filterProblem) return;
    if (picked.size === 0) {
      setProblem('Pick at least one experiment to pull from.');
      return;
    }
    setPulling(true);
    setProblem(null);
    setResult(null);
    setProgress({ done: 0, total: 0 });
    try {
      const outcome = await sync.pullRuns({
        server: server.id,
        experimentNames: [...picked],
        ...(filter.trim() ? { filter: filter.trim() } : {}),
        maxRuns: max.value,
        artifacts,
        onProgress: (p) => setProgress({ done: p.done, total: p.total }),
      });
      const ids = [...outcome.runs, ...(outcome.alreadyHere ?? [])].map((r) => r.runId as RunId);
      const local = await reads.runsById(ids);
      const experimentOf = new Map<string, ExperimentId>();
      for (const [runId, run] of local) experimentOf.set(runId, run.experimentId);
      setResult({ outcome, experimentOf });
    } catch (error) {
      setProblem(message(error));
    } finally {
      setPulling(false);
      setProgress(null);
    }
  };

  const toggle = (name: string) =>
    setPicked((set) => {
      const next = new Set(set);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  return (
    <section className="sync-section" aria-labelledby="servers-pull-title" data-testid="servers.pull">
      <h3 id="servers-pull-title">Pull runs from a server</h3>
      <p className="muted">
        Pulled runs arrive in this browser with their params, tags and full metric histories, so you can compare them offline later. Pulling
        again updates them.
      </p>
      <form className="sync-form" onSubmit={(e) => void pull(e)}>
        {servers.length > 1 && (
          <label className="sync-field">
            <span>Server</span>
            <select
              value={server.id}
              onChange={(e) => {
                setServerId(e.target.value);
                setPicked(new Set());
              }}
              data-testid="pull.server"
            >
              <ServerOptions servers={servers} />
            </select>
          </label>
        )}
        <fieldset className="sync-experiments" data-testid="pull.experiments">
          <legend>Experiments on {serverLabel(server)}</legend>
          {experiments.state === 'loading' && <p className="muted">Reading the server’s experiments…</p>}
          {experiments.state === 'failed' && (
            <p role="alert" className="sync-problem" data-testid="pull.experiments-error">
              {experiments.message}
            </p>
          )}
          {experiments.state === 'loaded' && experiments.list.length === 0 && <p className="muted">The server has no experiments yet.</p>}
          {experiments.state === 'loaded' && (
            <ul className="sync-experiment-list">
              {experiments.list.map((e) => (
                <li key={e.experimentId}>
                  <label>
                    <input type="checkbox" checked={picked.has(e.name)} onChange={() => toggle(e.name)} data-testid="pull.experiment" data-name={e.name} />
                    {e.name}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <label className="sync-field sync-filter">
          <span>Filter (optional)</span>
          <input
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="metrics.accuracy > 0.9 AND params.lr = '0.1'"
            spellCheck={false}
            aria-invalid={filterProblem !== null}
            aria-describedby="pull-filter-hint"
            data-testid="pull.filter"
          />
          <span id="pull-filter-hint" className={filterProblem ? 'field-error' : 'field-hint'} data-testid="pull.filter-hint">
            {filterProblem ?? 'MLflow’s search grammar, run by the server: conditions joined with AND (no OR, no parentheses).'}
          </span>
        </label>
        <div className="sync-row">
          <label className="sync-field sync-max">
            <span>Max runs</span>
            <input inputMode="numeric" value={maxRuns} onChange={(e) => setMaxRuns(e.target.value)} aria-invalid={'error' in max} data-testid="pull.max-runs" />
          </label>
          <label className="sync-check">
            <input type="checkbox" checked={artifacts} onChange={(e) => setArtifacts(e.target.checked)} data-testid="pull.artifacts" />
            Also download artifacts
          </label>
        </div>
        {'error' in max && <p className="field-error">{max.error}</p>}
        <div className="sync-actions">
          <button type="submit" className="primary" disabled={pulling || filterProblem !== null || 'error' in max} data-testid="pull.submit">
            {pulling ? 'Pulling…' : picked.size > 0 ? `Pull from ${plural(picked.size, 'experiment')}` : 'Pull'}
          </button>
          {progress && (
            <span className="sync-progress" data-testid="pull.progress">
              <progress value={progressFraction(progress)} max={1} aria-label="Pull progress" />
              {progress.total > 0 ? `${progress.done} of ${plural(progress.total, 'run')}` : 'searching…'}
            </span>
          )}
        </div>
      </form>
      {problem && (
        <p role="alert" className="sync-problem" data-testid="pull.problem">
          {problem}
        </p>
      )}
      {result && <PullResultView result={result} />}
    </section>
  );
}

function PullResultView({ result }: { result: PullResult }) {
  const { runs, problems } = result.outcome;
  const alreadyHere = result.outcome.alreadyHere ?? [];
  const link = (run: { runId: string; runName: string }) => {
    const experimentId = result.experimentOf.get(run.runId);
    return experimentId ? <a href={routes.run({ experimentId, runId: run.runId as RunId })}>{run.runName}</a> : run.runName;
  };
  return (
    <div className="sync-result" data-testid="pull.result">
      <p role="status">
        Pulled {plural(runs.length, 'run')}
        {problems.length > 0 ? `, with ${plural(problems.length, 'problem')}` : ''}
        {alreadyHere.length > 0 ? `; ${alreadyHere.length} already here (pushed from this browser, so not copied again)` : ''}.
      </p>
      {runs.length > 0 && (
        <table className="kv-table sync-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Experiment</th>
              <th scope="col">Metric points</th>
              <th scope="col">Artifacts</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.runId} data-testid="pull.run" data-run-id={run.runId}>
                <td>{link(run)}</td>
                <td>{run.experimentName}</td>
                <td>{run.points.toLocaleString('en')}</td>
                <td>{run.artifacts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {alreadyHere.length > 0 && (
        <p data-testid="pull.already-here">
          Already here:{' '}
          {alreadyHere.map((run, i) => (
            <span key={run.runId} data-run-id={run.runId}>
              {i > 0 && ', '}
              {link(run)}
            </span>
          ))}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="sync-problems" data-testid="pull.problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
