import { useState } from 'react';

export interface PendingDelete {
  /** What goes, in plain text. */
  text: string;
  confirmLabel: string;
  action: () => Promise<void>;
}

/** An inline confirmation for a deletion that can't be undone. */
export function ConfirmPanel({ pending, onDone }: { pending: PendingDelete; onDone: () => void }) {
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
    <div className="models-confirm" role="alertdialog" aria-label="Confirm deletion" data-testid="models.confirm">
      <p>{pending.text}</p>
      <button type="button" className="danger" disabled={busy} onClick={() => void confirm()} data-testid="models.confirm-yes">
        {busy ? 'Deleting…' : pending.confirmLabel}
      </button>{' '}
      <button type="button" disabled={busy} onClick={onDone} data-testid="models.confirm-cancel" autoFocus>
        Cancel
      </button>
    </div>
  );
}
