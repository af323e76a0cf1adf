import { useState } from 'react';
import { reportError } from '../../../shared/notifications';
import { routes } from '../../../shared/routes';
import { registry } from '../../../services/page';
import type { RunId } from '../../../domain/ids';
import { MODEL_STAGES } from '../../../domain/registry/registry';
import type { ModelVersion } from '../../../domain/registry/registry.types';
import type { Run } from '../../../domain/tracking/types';
import { deleteVersionHint } from '../modelsView';
import { AliasBadges } from './AliasBadges';
import { ConfirmBar, type PendingConfirm } from '../../../shared/ui/ConfirmBar';

function SourceRun({ version, run }: { version: ModelVersion; run: Run | undefined }) {
  if (!version.runId) return <code>{version.source}</code>;
  if (!run) return <span title={version.source}>run {version.runId.slice(0, 8)}… (not in this browser)</span>;
  return (
    <a href={routes.run({ experimentId: run.experimentId, runId: run.runId })} title={version.source} data-testid="model.version-run">
      {run.runName || run.runId}
    </a>
  );
}

/** The versions, newest first: aliases, legacy stage (changeable), source run, tags, delete. */
export function VersionsTable({ name, versions, runs }: { name: string; versions: readonly ModelVersion[]; runs: ReadonlyMap<RunId, Run> }) {
  const [archiveOthers, setArchiveOthers] = useState(false);
  const [pending, setPending] = useState<PendingConfirm | null>(null);

  const transition = async (version: number, stage: string) => {
    try {
      await registry.transitionModelVersionStage(name, version, stage, { archiveExistingVersions: archiveOthers && (stage === 'Staging' || stage === 'Production') });
    } catch (error) {
      reportError(`move version ${version} to ${stage}`, error);
    }
  };
  const askDelete = (version: ModelVersion) =>
    setPending({
      text: `Delete version ${version.version} of "${name}"${version.aliases.length ? ` and its aliases ${version.aliases.map((a) => `@${a}`).join(', ')}` : ''}? Its number will not be reused. The source run and its files stay.`,
      confirmLabel: `Delete version ${version.version}`,
      action: () => registry.deleteModelVersion(name, version.version).catch((error: unknown) => reportError(`delete version ${version.version}`, error)),
    });

  return (
    <div>
      {pending && <ConfirmBar pending={pending} onDone={() => setPending(null)} testId="models.confirm" className="models-confirm" />}
      {/* Its own sideways scroll on narrow screens: the page never scrolls sideways. */}
      <div className="models-table-wrap">
        <table className="models-table" data-testid="model.versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Aliases</th>
              <th scope="col">
                Stage <span className="legacy-stage">(legacy)</span>
              </th>
              <th scope="col">Source run</th>
              <th scope="col">Created</th>
              <th scope="col">Tags</th>
              <th scope="col" aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const blocked = deleteVersionHint(v);
              return (
                <tr key={v.version} data-testid="model.version" data-version={v.version}>
                  <td data-testid="model.version-number">
                    Version {v.version}{' '}
                    <a href={routes.playground(`models:/${name}/${v.version}`)} data-testid="model.version-predict">
                      Predict
                    </a>
                  </td>
                  <td>
                    <AliasBadges aliases={v.aliases} testId="model.version-aliases" />
                  </td>
                  <td>
                    <select
                      aria-label={`Stage of version ${v.version}`}
                      value={v.currentStage}
                      onChange={(e) => void transition(v.version, e.target.value)}
                      data-testid="model.version-stage"
                    >
                      {MODEL_STAGES.map((stage) => (
                        <option key={stage} value={stage}>
                          {stage}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <SourceRun version={v} run={v.runId ? runs.get(v.runId) : undefined} />
                  </td>
                  <td>{new Date(v.creationTimestamp).toLocaleString()}</td>
                  <td>
                    {Object.entries(v.tags).map(([k, value]) => (
                      <div key={k}>
                        {k}: {value}
                      </div>
                    ))}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="danger"
                      disabled={blocked !== null}
                      title={blocked ?? undefined}
                      onClick={() => askDelete(v)}
                      data-testid="model.version-delete"
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <label className="legacy-stage">
        <input type="checkbox" checked={archiveOthers} onChange={(e) => setArchiveOthers(e.target.checked)} /> When moving a version to Staging or
        Production, archive the versions already there (MLflow's archive_existing_versions). Stages are MLflow's legacy way; aliases are preferred.
      </label>
    </div>
  );
}
