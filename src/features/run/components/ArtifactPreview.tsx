import Papa from 'papaparse';
import { useEffect, useState } from 'react';
import { tracking } from '../../../services/page';
import type { RunId } from '../../../domain/ids';
import { MAX_TABLE_PREVIEW_ROWS, MAX_TEXT_PREVIEW_BYTES, prettyJson, previewKind } from '../artifactTree';

type Loaded =
  | { kind: 'text'; text: string; truncated: boolean; note?: string }
  | { kind: 'table'; rows: string[][]; truncated: boolean; errors: string[] }
  | { kind: 'image'; url: string }
  | { kind: 'none' }
  | { kind: 'error'; message: string };

async function load(runId: RunId, path: string): Promise<Loaded> {
  const blob = await tracking.downloadArtifact(runId, path);
  const kind = previewKind(path, blob.type);
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'image') return { kind: 'image', url: URL.createObjectURL(blob) };
  const truncated = blob.size > MAX_TEXT_PREVIEW_BYTES;
  const text = await blob.slice(0, MAX_TEXT_PREVIEW_BYTES).text();
  if (kind === 'json' && !truncated) {
    const pretty = prettyJson(text);
    return { kind: 'text', text: pretty.text, truncated, note: pretty.error ? `Not valid JSON: ${pretty.error}` : undefined };
  }
  if (kind === 'csv' || kind === 'tsv') {
    const parsed = Papa.parse<string[]>(text, {
      delimiter: kind === 'tsv' ? '\t' : '',
      preview: MAX_TABLE_PREVIEW_ROWS + 1,
      skipEmptyLines: true,
    });
    return {
      kind: 'table',
      rows: parsed.data,
      truncated: truncated || parsed.data.length > MAX_TABLE_PREVIEW_ROWS,
      errors: parsed.errors.slice(0, 3).map((e) => `line ${(e.row ?? 0) + 1}: ${e.message}`),
    };
  }
  return { kind: 'text', text, truncated };
}

/** Shows a text, JSON, CSV/TSV (as a table) or raster image artifact; everything renders as text nodes. */
export function ArtifactPreview({ runId, path }: { runId: RunId; path: string }) {
  const [loaded, setLoaded] = useState<{ path: string; value: Loaded } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let url: string | null = null;
    load(runId, path)
      .catch((error: unknown): Loaded => ({ kind: 'error', message: error instanceof Error ? error.message : String(error) }))
      .then((value) => {
        if (value.kind === 'image') url = value.url;
        if (cancelled) {
          if (url) URL.revokeObjectURL(url);
          return;
        }
        setLoaded({ path, value });
      });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [runId, path]);

  const value = loaded?.path === path ? loaded.value : null;
  if (!value) return <div className="muted">Loading {path}…</div>;
  switch (value.kind) {
    case 'error':
      return <div role="alert">Could not open {path}: {value.message}</div>;
    case 'none':
      return <div className="muted">No preview for this file type. Download it to open it.</div>;
    case 'image':
      return <img className="artifact-image" src={value.url} alt={path} data-testid="artifact-preview.image" />;
    case 'text':
      return (
        <div>
          {value.note && <div className="muted">{value.note}</div>}
          <pre className="artifact-text" data-testid="artifact-preview.text">
            {value.text}
          </pre>
          {value.truncated && <div className="muted">Showing the first {MAX_TEXT_PREVIEW_BYTES.toLocaleString()} bytes.</div>}
        </div>
      );
    case 'table': {
      const [header, ...rows] = value.rows;
      return (
        <div className="artifact-table-wrap">
          {value.errors.map((e) => (
            <div key={e} className="muted">
              {e}
            </div>
          ))}
          <table className="artifact-table" data-testid="artifact-preview.table">
            <thead>
              <tr>{header?.map((cell, i) => <th key={i}>{cell}</th>)}</tr>
            </thead>
            <tbody>
              {rows.slice(0, MAX_TABLE_PREVIEW_ROWS).map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {value.truncated && <div className="muted">Showing the first {MAX_TABLE_PREVIEW_ROWS} rows.</div>}
        </div>
      );
    }
  }
}
