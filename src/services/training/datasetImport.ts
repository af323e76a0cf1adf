/**
 * Getting data into the store, on the page: importing a user's file (parsed first, so a bad file
 * gets its error naming line and column and nothing is saved) and downloading a built-in once
 * (progress, sha256 check, then kept for offline use).
 */
import type { TrackingClient } from '../../db/trackingClient';
import type { DatasetRow } from '../../db/schema';
import { findDownloadable } from '../../domain/datasets/builtinSources';
import { parseTabularCsv } from '../../domain/datasets/csv';
import { parseWineCsv } from '../../domain/datasets/builtins';
import { parseTextDataset, countLabels } from '../../domain/datasets/textImport';
import { rowCount } from '../../domain/datasets/dataset.types';
import { sha256Hex } from '../../domain/ml/digest';
import { TrackingError } from '../../domain/errors';

export interface ImportOptions {
  /** `tabular` (CSV/TSV with a header) or `text` (labelled documents). Default: from the content. */
  kind?: 'tabular' | 'text';
  name?: string;
  /** File name when the input is plain text (used for messages and format detection). */
  fileName?: string;
  textColumn?: string;
  labelColumn?: string;
  splitColumn?: string;
}

/** Parses and stores a dataset; resolves with its id, usable as a recipe's `dataset` param. */
export async function importDataset(client: TrackingClient, input: File | Blob | string, options: ImportOptions = {}): Promise<string> {
  const fileName = options.fileName ?? (input instanceof File ? input.name : 'dataset.csv');
  const text = typeof input === 'string' ? input : await input.text();
  const kind = options.kind ?? guessKind(fileName, text);
  const summary = summarize(kind, text, fileName, options);
  const blob = typeof input === 'string' ? new Blob([input], { type: 'text/plain' }) : input;
  const datasetId = `ds-${crypto.randomUUID()}`;
  await client.saveDataset({
    datasetId,
    name: options.name ?? fileName,
    kind,
    fileName,
    source: 'import',
    url: null,
    sha256: await sha256Hex(new Uint8Array(await blob.arrayBuffer())),
    size: blob.size,
    createdTime: Date.now(),
    blob,
    summary,
    ...(kind === 'text' ? { textColumns: textColumns(options) } : {}),
  });
  return datasetId;
}

function textColumns(options: ImportOptions): NonNullable<DatasetRow['textColumns']> {
  return {
    ...(options.textColumn !== undefined ? { text: options.textColumn } : {}),
    ...(options.labelColumn !== undefined ? { label: options.labelColumn } : {}),
    ...(options.splitColumn !== undefined ? { split: options.splitColumn } : {}),
  };
}

function guessKind(fileName: string, text: string): 'tabular' | 'text' {
  if (/\.jsonl?$/i.test(fileName)) return 'text';
  const header = text.slice(0, 2000).split(/\r?\n/, 1)[0]?.toLowerCase() ?? '';
  return /\b(text|body|content|document|sentence|message|review)\b/.test(header) ? 'text' : 'tabular';
}

function summarize(kind: 'tabular' | 'text', text: string, fileName: string, options: ImportOptions): DatasetRow['summary'] {
  if (kind === 'text') {
    const dataset = parseTextDataset(text, {
      fileName,
      textColumn: options.textColumn,
      labelColumn: options.labelColumn,
      splitColumn: options.splitColumn,
    });
    return { rows: dataset.texts.length, labels: countLabels(dataset.labels).size };
  }
  const dataset = parseTabularCsv(text, { fileName });
  return { rows: rowCount(dataset), columns: dataset.columns };
}

/**
 * Downloads a built-in dataset once and keeps it; later calls use the stored copy, so training
 * works offline. A file whose sha256 differs from the expected one is refused and not stored.
 */
export async function ensureBuiltinDataset(
  client: TrackingClient,
  datasetId: string,
  onProgress?: (loaded: number, total: number) => void,
): Promise<void> {
  if (await client.findDataset(datasetId)) return;
  const source = findDownloadable(datasetId);
  if (!source) return; // bundled with the app, nothing to download
  let response: Response;
  try {
    response = await fetch(source.url);
  } catch (error) {
    throw new TrackingError(
      'INVALID_STATE',
      `Could not download ${source.fileName} from ${source.url} (${error instanceof Error ? error.message : String(error)}). ` +
        'Connect once to download it, or import the file from disk.',
    );
  }
  if (!response.ok) {
    throw new TrackingError('INVALID_STATE', `Could not download ${source.fileName}: the server answered ${response.status}.`);
  }
  const bytes = await readWithProgress(response, source.size, onProgress);
  const digest = await sha256Hex(bytes);
  if (digest !== source.sha256) {
    throw new TrackingError(
      'INVALID_STATE',
      `${source.fileName} is not the expected file (sha256 ${digest}, expected ${source.sha256}); it was not saved.`,
    );
  }
  const text = new TextDecoder().decode(bytes);
  const { dataset } = parseWineCsv(text, source.fileName);
  await client.saveDataset({
    datasetId: source.datasetId,
    name: source.name,
    kind: 'tabular',
    fileName: source.fileName,
    source: 'download',
    url: source.url,
    sha256: digest,
    size: bytes.byteLength,
    createdTime: Date.now(),
    blob: new Blob([bytes], { type: 'text/csv' }),
    summary: { rows: rowCount(dataset), columns: dataset.columns },
  });
}

async function readWithProgress(
  response: Response,
  expected: number,
  onProgress?: (loaded: number, total: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const total = Number(response.headers.get('content-length')) || expected;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.byteLength;
    onProgress?.(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
