/**
 * Importing a bundle: drop a .zip anywhere in the app or pick one. The bundle is read and checked
 * first; a dialog says what the import will write (and lists every problem when it can't), and
 * nothing is written until the user confirms. The dialog and the drop overlay are drawn in
 * document.body, not inside the dark header where the Import button sits, so they inherit none
 * of its colours.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { bundles } from '../../services/page';
import { notify } from '../../shared/notifications';
import type { PendingImport } from '../../db/bundleTransfer';
import { BundleImportError, type BundleProblem } from '../../domain/errors';
import { isZipFile, problemLine, summaryLines } from './bundleText';
import { useModalFocus } from './useModalFocus';

type Conflict = 'skip' | 'replace';

/** The File Handling API's launch queue (Chromium, installed PWAs). */
interface LaunchQueue {
  setConsumer(consumer: (params: { files?: ReadonlyArray<{ getFile(): Promise<File> }> }) => void): void;
}
type Stage =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string; done: number; total: number }
  | { kind: 'review'; fileName: string; pending: PendingImport; plan: Awaited<ReturnType<PendingImport['plan']>>; onConflict: Conflict }
  | { kind: 'writing'; fileName: string }
  | { kind: 'failed'; fileName: string; problems: BundleProblem[] };

export function ImportBundle() {
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  // Each file opened gets a number; a read that was cancelled (Escape) or overtaken leaves the dialog alone.
  const current = useRef(0);

  const close = () => {
    current.current += 1;
    setStage({ kind: 'idle' });
  };
  useModalFocus(dialog, stage.kind !== 'idle', stage.kind === 'writing' ? null : close, button);

  const open = async (file: File) => {
    const token = ++current.current;
    const update = (next: Stage) => {
      if (token === current.current) setStage(next);
    };
    update({ kind: 'reading', fileName: file.name, done: 0, total: 0 });
    try {
      const pending = await bundles.openBundle(file, { onProgress: (done, total) => update({ kind: 'reading', fileName: file.name, done, total }) });
      update({ kind: 'review', fileName: file.name, pending, plan: await pending.plan('skip'), onConflict: 'skip' });
    } catch (error) {
      const problems = error instanceof BundleImportError ? [...error.problems] : [{ entry: file.name, message: error instanceof Error ? error.message : String(error) }];
      update({ kind: 'failed', fileName: file.name, problems });
    }
  };

  // Installed app: a .zip opened from the operating system (manifest file_handlers) arrives here.
  useEffect(() => {
    const queue = (window as unknown as { launchQueue?: LaunchQueue }).launchQueue;
    queue?.setConsumer((params) => {
      const handle = params.files?.[0];
      if (handle) void handle.getFile().then((file) => open(file));
    });
  }, []);

  // Drag and drop anywhere in the app.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const file = Array.from(e.dataTransfer?.files ?? []).find(isZipFile);
      if (file) void open(file);
      else notify('error', 'Drop a .zip run bundle to import it.');
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const choose = async (onConflict: Conflict) => {
    if (stage.kind !== 'review') return;
    const token = current.current;
    const plan = await stage.pending.plan(onConflict);
    // Closed (Escape, Cancel) or another file chosen while planning: this plan belongs to nothing.
    if (token === current.current) setStage({ ...stage, onConflict, plan });
  };

  const confirm = async () => {
    if (stage.kind !== 'review') return;
    const { pending, onConflict, fileName } = stage;
    setStage({ kind: 'writing', fileName });
    try {
      const done = await pending.write(onConflict);
      setStage({ kind: 'idle' });
      notify('info', `Imported ${fileName}: ${summaryLines(done, 'did').join('; ')}.`);
    } catch (error) {
      setStage({ kind: 'failed', fileName, problems: [{ entry: fileName, message: `nothing was written: ${error instanceof Error ? error.message : String(error)}` }] });
    }
  };

  return (
    <>
      <button type="button" ref={button} onClick={() => input.current?.click()} data-testid="bundle.import">
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        hidden
        data-testid="bundle.import.file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void open(file);
        }}
      />
      {dragging &&
        createPortal(
          <div className="drop-overlay" aria-hidden="true">
            Drop a run bundle (.zip) to import it
          </div>,
          document.body,
        )}
      {stage.kind !== 'idle' &&
        createPortal(
          <div className="dialog-backdrop">
            <div ref={dialog} tabIndex={-1} role="dialog" aria-modal="true" aria-labelledby="import-title" className="dialog" data-testid="bundle.dialog">
              <h2 id="import-title">Import {stage.fileName}</h2>
              {stage.kind === 'reading' && (
                <>
                  <p>Reading and checking the bundle…</p>
                  <progress max={stage.total || 1} value={stage.done} aria-label="Import progress" data-testid="bundle.progress" />
                </>
              )}
              {stage.kind === 'writing' && <p>Writing…</p>}
              {stage.kind === 'failed' && (
                <>
                  <p role="alert">This bundle can&apos;t be imported. Nothing was written.</p>
                  <ul className="bundle-problems" data-testid="bundle.problems">
                    {stage.problems.map((p, i) => (
                      <li key={i}>{problemLine(p)}</li>
                    ))}
                  </ul>
                  <button type="button" onClick={close}>
                    Close
                  </button>
                </>
              )}
              {stage.kind === 'review' && (
                <>
                  <ul data-testid="bundle.summary">
                    {summaryLines(stage.plan, 'will').map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                  {stage.plan.conflicts.length > 0 && (
                    <fieldset data-testid="bundle.conflicts">
                      <legend>{stage.plan.conflicts.length} runs in this bundle are already here (same run id)</legend>
                      <label>
                        <input type="radio" name="conflict" checked={stage.onConflict === 'skip'} onChange={() => void choose('skip')} /> Keep mine, skip them
                      </label>
                      <label>
                        <input type="radio" name="conflict" checked={stage.onConflict === 'replace'} onChange={() => void choose('replace')} /> Replace mine with the
                        bundle&apos;s
                      </label>
                    </fieldset>
                  )}
                  {stage.plan.notes.length > 0 && (
                    <details open data-testid="bundle.notes">
                      <summary>Notes ({stage.plan.notes.length}): what the import keeps, changes or leaves out</summary>
                      <ul>
                        {stage.plan.notes.map((note) => (
                          <li key={note}>{note}</li>
                        ))}
                      </ul>
                    </details>
                  )}
                  <div className="dialog-actions">
                    <button type="button" onClick={() => void confirm()} data-testid="bundle.confirm">
                      Import
                    </button>
                    <button type="button" onClick={close}>
                      Cancel
                    </button>
                  </div>
                </>
              )}
            </div>
          </div>,
          document.body,
        )}
    </>
  );
}
