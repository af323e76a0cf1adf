import { useState } from 'react';
import { training } from '../../../services/page';
import { BACKEND_CHOICES, type TrainingSettings } from '../../../services/training/settings';

/** The backend override and worker count, as a small panel on the Train page. */
export function TrainingSettingsPanel() {
  const [settings, setSettings] = useState<TrainingSettings>(() => training.getTrainingSettings());
  const update = (change: Partial<TrainingSettings>) => setSettings(training.setTrainingSettings(change));
  return (
    <details className="training-settings" data-testid="train.settings">
      <summary>Settings: backend {settings.backend}, {settings.workers} worker{settings.workers === 1 ? '' : 's'}</summary>
      <label>
        Backend{' '}
        <select
          value={settings.backend}
          data-testid="train.settings.backend"
          onChange={(e) => update({ backend: e.target.value as TrainingSettings['backend'] })}
        >
          {BACKEND_CHOICES.map((b) => (
            <option key={b} value={b}>
              {b === 'auto' ? 'auto (measure on first run)' : b}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Workers{' '}
        <input
          type="number"
          min={1}
          max={16}
          value={settings.workers}
          data-testid="train.settings.workers"
          onChange={(e) => {
            const workers = Number(e.target.value);
            if (Number.isInteger(workers) && workers >= 1 && workers <= 16) update({ workers });
          }}
        />
      </label>{' '}
      <label title="TF.js's threaded wasm build, when this page is cross-origin isolated. Off by default: it was slower than the plain SIMD build on the machines measured.">
        <input type="checkbox" checked={settings.wasmThreads} data-testid="train.settings.wasm-threads" onChange={(e) => update({ wasmThreads: e.target.checked })} />{' '}
        wasm threads
      </label>
      <p className="muted">Each run records the backend and threads it used. A new worker count or thread setting applies after a reload.</p>
    </details>
  );
}
