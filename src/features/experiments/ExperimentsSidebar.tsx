import { useState, type FormEvent } from 'react';
import { reportError } from '../../shared/notifications';
import { navigate, routes } from '../../shared/routes';
import { tracking } from '../../services/page';
import { DEFAULT_EXPERIMENT_ID, type ExperimentId } from '../../domain/ids';
import type { Experiment } from '../../domain/tracking/types';

interface Props {
  experiments: Experiment[];
  selectedId: ExperimentId | null;
}

/** Experiments list: create, rename, move to trash, restore. */
export function ExperimentsSidebar({ experiments, selectedId }: Props) {
  const [newName, setNewName] = useState('');
  const [showTrash, setShowTrash] = useState(false);
  const [renaming, setRenaming] = useState<{ id: ExperimentId; name: string } | null>(null);
  const shown = experiments.filter((e) => (e.lifecycleStage === 'deleted') === showTrash);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const id = await tracking.createExperiment(newName.trim());
      setNewName('');
      navigate(routes.experiment(id));
    } catch (error) {
      reportError('create the experiment', error);
    }
  };

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (!renaming) return;
    try {
      await tracking.renameExperiment(renaming.id, renaming.name.trim());
      setRenaming(null);
    } catch (error) {
      reportError('rename the experiment', error);
    }
  };

  const remove = async (experiment: Experiment) => {
    try {
      await tracking.deleteExperiment(experiment.experimentId);
      if (experiment.experimentId === selectedId) navigate(routes.experiment(DEFAULT_EXPERIMENT_ID));
    } catch (error) {
      reportError(`delete "${experiment.name}"`, error);
    }
  };

  const restore = async (experiment: Experiment) => {
    try {
      await tracking.restoreExperiment(experiment.experimentId);
    } catch (error) {
      reportError(`restore "${experiment.name}"`, error);
    }
  };

  return (
    <nav className="sidebar" aria-label="Experiments">
      <h2>Experiments</h2>
      <form onSubmit={create} className="new-experiment">
        <input
          aria-label="New experiment name"
          data-testid="experiment-create.name"
          placeholder="New experiment"
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
        />
        <button type="submit" data-testid="experiment-create.submit" disabled={!newName.trim()}>
          Create
        </button>
      </form>
      <ul className="experiment-list" data-testid="experiment-list">
        {shown.map((experiment) => (
          <li key={experiment.experimentId} data-testid="experiment-list.item" aria-current={experiment.experimentId === selectedId ? 'page' : undefined}>
            {renaming?.id === experiment.experimentId ? (
              <form onSubmit={rename} className="rename-form">
                <input
                  aria-label="Experiment name"
                  data-testid="experiment-rename.name"
                  value={renaming.name}
                  autoFocus
                  onChange={(e) => setRenaming({ id: experiment.experimentId, name: e.target.value })}
                  onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                />
                <button type="submit" data-testid="experiment-rename.submit">Save</button>
              </form>
            ) : showTrash ? (
              <>
                <span className="experiment-name">{experiment.name}</span>
                <button type="button" onClick={() => void restore(experiment)} data-testid="experiment.restore">
                  Restore
                </button>
              </>
            ) : (
              <>
                <a href={routes.experiment(experiment.experimentId)} className="experiment-name">
                  {experiment.name}
                </a>
                <span className="item-actions">
                  <button
                    type="button"
                    title="Rename"
                    aria-label={`Rename ${experiment.name}`}
                    onClick={() => setRenaming({ id: experiment.experimentId, name: experiment.name })}
                  >
                    Rename
                  </button>
                  {experiment.experimentId !== DEFAULT_EXPERIMENT_ID && (
                    <button
                      type="button"
                      title="Move to trash"
                      aria-label={`Delete ${experiment.name}`}
                      onClick={() => void remove(experiment)}
                    >
                      Delete
                    </button>
                  )}
                </span>
              </>
            )}
          </li>
        ))}
        {shown.length === 0 && <li className="muted">{showTrash ? 'The trash is empty.' : 'No experiments.'}</li>}
      </ul>
      <button type="button" className="link" onClick={() => setShowTrash((s) => !s)} data-testid="experiment-list.trash-toggle">
        {showTrash ? '← Back to experiments' : 'Trash'}
      </button>
    </nav>
  );
}
