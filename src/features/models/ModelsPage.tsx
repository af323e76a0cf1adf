import { routes } from '../../shared/routes';
import { AliasBadges } from './components/AliasBadges';
import { useRegisteredModels } from './hooks/useRegistry';
import { shortDescription, sortModels } from './modelsView';
import './models.css';

/** The model registry: every registered model with its latest version, aliases and last change. */
export function ModelsPage() {
  const models = useRegisteredModels();
  if (models === undefined) return <div className="muted">Loading the registry…</div>;
  return (
    <section aria-label="Registered models">
      <h2>Registered models</h2>
      {models.length === 0 ? (
        <p className="muted" data-testid="models.empty">
          No registered models yet. Open a run that logged a model and press “Register model”, or call
          <code> await trainyard.registerModel(runId, 'my-model')</code> in the console.
        </p>
      ) : (
        <table className="models-table" data-testid="models.table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Latest version</th>
              <th scope="col">Aliases</th>
              <th scope="col">Description</th>
              <th scope="col">Last updated</th>
            </tr>
          </thead>
          <tbody>
            {sortModels(models).map((model) => (
              <tr key={model.name} data-testid="models.row">
                <td>
                  <a href={routes.model(model.name)} data-testid="models.name">
                    {model.name}
                  </a>
                </td>
                <td data-testid="models.latest">{model.latestVersion === null ? '—' : `Version ${model.latestVersion}`}</td>
                <td>
                  <AliasBadges aliases={model.aliases.map((a) => `${a.alias}: v${a.version}`)} testId="models.aliases" />
                </td>
                <td>{shortDescription(model.description)}</td>
                <td>{new Date(model.lastUpdatedTimestamp).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
