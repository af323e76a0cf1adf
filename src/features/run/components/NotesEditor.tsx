import { useState } from 'react';
import { reportError } from '../../../shared/notifications';
import { tracking } from '../../../services/page';
import { TAG_NOTE } from '../../../domain/tracking/types';
import type { Run } from '../../../domain/tracking/types';
import { MarkdownText } from '../../../shared/ui/MarkdownText';

/**
 * The run description (tag mlflow.note.content), edited as Markdown and shown by MarkdownText:
 * raw HTML stays text, script and data URLs are dropped, images are links, never loaded.
 */
export function NotesEditor({ run }: { run: Run }) {
  const note = run.tags[TAG_NOTE] ?? '';
  const [draft, setDraft] = useState<string | null>(null);

  const save = async () => {
    if (draft === null) return;
    try {
      await tracking.setTag(TAG_NOTE, draft, { runId: run.runId });
      setDraft(null);
    } catch (error) {
      reportError('save the description', error);
    }
  };

  if (draft !== null) {
    return (
      <div className="notes-editor">
        <textarea
          aria-label="Description (Markdown)"
          data-testid="run-notes.input"
          value={draft}
          rows={8}
          onChange={(e) => setDraft(e.target.value)}
        />
        <div className="row-actions">
          <button type="button" onClick={() => void save()} data-testid="run-notes.save">
            Save
          </button>
          <button type="button" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="notes">
      <div className="markdown" data-testid="run-notes.rendered">
        {note ? <MarkdownText>{note}</MarkdownText> : <p className="muted">No description.</p>}
      </div>
      <button type="button" onClick={() => setDraft(note)} data-testid="run-notes.edit">
        Edit description
      </button>
    </div>
  );
}
