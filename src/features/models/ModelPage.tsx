import { useState } from 'react';
import { navigate, routes } from '../../shared/routes';
import { reportError } from '../../shared/notifications';
import { registry } from '../../services/page';
import { modelDeleteBlocker } from '../../domain/registry/registry';
import { SectionErrorBoundary } from '../../shared/ui/SectionErrorBoundary';
import { AliasEditor } from './components/AliasEditor';
import { ConfirmBar, type PendingConfirm } from '../../shared/ui/ConfirmBar';
import { KeyValueEditor } from './components/KeyValueEditor';
import { SourceMetrics } from './components/SourceMetrics';
import { VersionsTable } from './components/VersionsTable';
import { useRegisteredModel, useSourceRuns } from './hooks/useRegistry';
import './models.css';

/** A registered model's or version's description: shown, edited in place, saved through `onSave`. */
function DescriptionEditor(props: { description: string; what: string; testId: string; onSave: (description: string) => Promise<void> }) {
  const [draft, setDraft] = useState<string | null>(null);
  const save = async () => {
    try {
      await props.onSave(draft ?? '');
      setDraft(null);
    } catch (error) {
      reportError(`save the ${props.what} description`, error);
    }
  };
  if (draft === null) {
    return (
      <div>
        <p data-testid={props.testId}>{props.description || <span className="muted">No description.</span>}</p>
        <button type="button" onClick={() => setDraft(props.description)} data-testid={`${props.testId}-edit`}>
          Edit description
        </button>
      </div>
    );
  }
  return (
    <div>
      <textarea aria-label={`Description of the ${props.what}`} rows={4} cols={60} value={draft} onChange={(e) => setDraft(e.target.value)} data-testid={`${props.testId}-input`} />
      <div>
        <button type="button" onClick={() => void save()} data-testid={`${props.testId}-save`}>
          Save
        </button>{' '}
        <button type="button" onClick={() => setDraft(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** One registered model: description, tags, aliases, versions and their source runs' metrics side by side. */
export function ModelPage({ name }: { name: string }) {
  const data = useRegisteredModel(name);
  const runs = useSourceRuns(data?.versions.flatMap((v) => (v.runId ? [v.runId] : [])) ?? []);
  const [pending, setPending] = useState<PendingConfirm | null>(null);
  const [tagVersion, setTagVersion] = useState<number | null>(null);
  if (data === undefined || runs === undefined) return <div className="muted">Loading the model…</div>;
  if (data === null) {
    return (
      <section>
        <h2>Model not found</h2>
        <p>
          There is no registered model named <code>{name}</code> in this browser. <a href={routes.models()}>All models</a>
        </p>
      </section>
    );
  }
  const { model, versions } = data;
  const blocked = modelDeleteBlocker(versions);
  const versionForTags = versions.find((v) => v.version === tagVersion) ?? versions[0];
  const askDeleteModel = () =>
    setPending({
      text: `Delete the registered model "${model.name}" with its ${versions.length} version(s) and aliases? This can't be undone; the source runs stay.`,
      confirmLabel: 'Delete model',
      action: async () => {
        try {
          await registry.deleteRegisteredModel(model.name);
          navigate(routes.models());
        } catch (error) {
          reportError(`delete the model "${model.name}"`, error);
        }
      },
    });

  return (
    <article aria-label={`Registered model ${model.name}`}>
      <nav className="breadcrumbs">
        <a href={routes.models()}>← Models</a>
      </nav>
      <h2 data-testid="model.title">{model.name}</h2>
      <p className="muted">
        Created {new Date(model.creationTimestamp).toLocaleString()}, last updated {new Date(model.lastUpdatedTimestamp).toLocaleString()}
      </p>
      <section>
        <h3>Description</h3>
        <DescriptionEditor
          description={model.description}
          what="model"
          testId="model.description"
          onSave={(description) => registry.updateRegisteredModel(model.name, description)}
        />
      </section>
      <section>
        <h3>Aliases</h3>
        <AliasEditor model={model} versions={versions} />
      </section>
      <section>
        <h3>Versions ({versions.length})</h3>
        {versions.length === 0 ? <p className="muted">No versions.</p> : <VersionsTable name={model.name} versions={versions} runs={runs} />}
      </section>
      <section>
        <h3>Source runs' metrics</h3>
        <SectionErrorBoundary name="Metrics">
          <SourceMetrics versions={versions} runs={runs} />
        </SectionErrorBoundary>
      </section>
      <section>
        <h3>Tags</h3>
        <KeyValueEditor
          tags={model.tags}
          what="model"
          testId="model.tags"
          onSet={(key, value) => registry.setRegisteredModelTag(model.name, key, value)}
          onDelete={(key) => registry.deleteRegisteredModelTag(model.name, key)}
        />
        {versionForTags && (
          <>
            <h4>
              Version{' '}
              <select value={versionForTags.version} onChange={(e) => setTagVersion(Number(e.target.value))} aria-label="Version" data-testid="model.version-tags-select">
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </h4>
            <DescriptionEditor
              key={versionForTags.version}
              description={versionForTags.description}
              what="version"
              testId="model.version-description"
              onSave={(description) => registry.updateModelVersion(model.name, versionForTags.version, description)}
            />
            <KeyValueEditor
              tags={versionForTags.tags}
              what="version"
              testId="model.version-tags"
              onSet={(key, value) => registry.setModelVersionTag(model.name, versionForTags.version, key, value)}
              onDelete={(key) => registry.deleteModelVersionTag(model.name, versionForTags.version, key)}
            />
          </>
        )}
      </section>
      <section>
        <h3>Danger zone</h3>
        {pending && <ConfirmBar pending={pending} onDone={() => setPending(null)} testId="models.confirm" className="models-confirm" />}
        <button type="button" className="danger" disabled={blocked !== null} title={blocked ?? undefined} onClick={askDeleteModel} data-testid="model.delete">
          Delete model
        </button>
        {blocked && <p className="muted">{blocked}</p>}
      </section>
    </article>
  );
}
