import { useState } from 'react';

export interface PendingConfirm {
  /** What goes (and, where known, the bytes freed); plain text. */
  text: string;
  confirmLabel: string;
  action: () => Promise<void>;
}

/**
 * An inline confirmation for an action that can't be undone. `testId` prefixes the test ids
 * (`<testId>`, `-text`, `-yes`, `-cancel`); `className` styles it (`<className>-actions` for the buttons).
 */
export function ConfirmBar({ pending, onDone, testId, className }: { pending: PendingConfirm; onDone: () => void; testId: string; className: string }) {
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
    <div className={className} role="alertdialog" aria-label="Confirm permanent deletion" data-testid={testId}>
      <p data-testid={`${testId}-text`}>{pending.text}</p>
      <div className={`${className}-actions`}>
        <button type="button" className="danger" disabled={busy} onClick={() => void confirm()} data-testid={`${testId}-yes`}>
          {busy ? 'Deleting…' : pending.confirmLabel}
        </button>
        <button type="button" disabled={busy} onClick={onDone} data-testid={`${testId}-cancel`} autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}
