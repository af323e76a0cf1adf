import { useState } from 'react';

export interface PendingConfirm {
  /** Names what goes and the bytes freed; plain text. */
  text: string;
  confirmLabel: string;
  action: () => Promise<void>;
}

/** An inline confirmation for an action that can't be undone. */
export function ConfirmBar({ pending, onDone }: { pending: PendingConfirm; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await pending.action();
    } finally {
      setBusy(false);
      onDone();
    }
  };
  return (
    <div className="storage-confirm" role="alertdialog" aria-label="Confirm permanent deletion" data-testid="storage.confirm">
      <p data-testid="storage.confirm-text">{pending.text}</p>
      <div className="storage-confirm-actions">
        <button type="button" className="danger" disabled={busy} onClick={() => void confirm()} data-testid="storage.confirm-yes">
          {busy ? 'Deleting…' : pending.confirmLabel}
        </button>
        <button type="button" disabled={busy} onClick={onDone} data-testid="storage.confirm-cancel" autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}
