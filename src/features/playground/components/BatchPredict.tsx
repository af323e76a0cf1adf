/**
 * Batch prediction: upload a CSV, every valid row is predicted, rows that don't match the model
 * show their error (line and column), the results table is virtualised, and the results download
 * as CSV.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type ChangeEvent } from 'react';
import { predictions } from '../../../services/page';
import { parseBatchCsv, type Batch } from '../../../domain/playground/rows';
import { outputColumns, predictionsCsv, predictionText, type RowResult } from '../../../domain/playground/results';
import type { DescribedModel } from '../../../services/prediction/predictClient';
import { downloadBlob } from '../../../shared/download';
import { predictionsFileName } from '../playgroundView';

const ROW_HEIGHT = 26;

type State =
  | { kind: 'idle' }
  | { kind: 'running'; file: string }
  | { kind: 'done'; batch: Batch; results: RowResult[] }
  | { kind: 'failed'; error: string };

export function BatchPredict({ model }: { model: DescribedModel }) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setState({ kind: 'running', file: file.name });
    try {
      const batch = parseBatchCsv(await file.text(), file.name, model.summary);
      const good = batch.rows.flatMap((row) => (row.check.ok ? [row.check.input] : []));
      const predicted = good.length > 0 ? await predictions.predictAt(model.location, good) : [];
      let next = 0;
      const results = batch.rows.map((row): RowResult => (row.check.ok ? (predicted[next++] ?? { ok: false, error: 'no prediction' }) : row.check));
      setState({ kind: 'done', batch, results });
    } catch (error) {
      setState({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section className="playground-batch" data-testid="playground.batch">
      <h3>Batch prediction</h3>
      <p className="field-hint">
        A CSV with a header row and one row per prediction; columns are matched by name
        {model.summary.input === 'text' ? ' (a "text" column)' : ` (${model.summary.features.map((f) => f.name).join(', ')})`}, others are kept as they are.
      </p>
      <input type="file" accept=".csv,.tsv,.txt,text/csv" aria-label="CSV file to predict" data-testid="playground.batch-file" onChange={(e) => void upload(e)} />
      {state.kind === 'running' && <p className="muted">Predicting {state.file}…</p>}
      {state.kind === 'failed' && (
        <p className="field-error" data-testid="playground.batch-error">
          {state.error}
        </p>
      )}
      {state.kind === 'done' && <BatchResults model={model} batch={state.batch} results={state.results} />}
    </section>
  );
}

function BatchResults({ model, batch, results }: { model: DescribedModel; batch: Batch; results: RowResult[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual returns unstable functions; fine here, as this app doesn't use the React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: batch.rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const failed = results.filter((r) => !r.ok);
  const saveCsv = () => {
    const csv = predictionsCsv({ header: batch.header, rows: batch.rows, results, output: model.summary.output });
    downloadBlob(new Blob([csv], { type: 'text/csv' }), predictionsFileName(batch.file));
  };
  const items = virtualizer.getVirtualItems();
  const columns = ['line', ...batch.header, outputColumns(model.summary.output)[0] ?? 'prediction'];
  return (
    <div>
      <p data-testid="playground.batch-summary">
        {batch.file}: {results.length - failed.length} of {results.length} rows predicted
        {failed.length > 0 ? `, ${failed.length} with errors` : ''}.{' '}
        <button type="button" data-testid="playground.download" onClick={saveCsv}>
          Download predictions
        </button>
      </p>
      {failed.length > 0 && (
        <ul className="playground-row-errors" data-testid="playground.row-errors">
          {failed.slice(0, 20).map((r, i) => (
            <li key={i} data-testid="playground.row-error">
              {r.ok ? '' : r.error}
            </li>
          ))}
          {failed.length > 20 && <li className="muted">…and {failed.length - 20} more (all are in the download)</li>}
        </ul>
      )}
      <div className="playground-results-scroll" ref={scrollRef} data-testid="playground.results">
        <div className="playground-results-row playground-results-head" style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(80px, 1fr))` }}>
          {columns.map((c, i) => (
            <span key={i}>{c}</span>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = batch.rows[item.index];
            const result = results[item.index];
            if (!row || !result) return null;
            return (
              <div
                key={item.key}
                className={result.ok ? 'playground-results-row' : 'playground-results-row playground-results-bad'}
                data-testid="playground.result-row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: `repeat(${columns.length}, minmax(80px, 1fr))` }}
              >
                <span>{row.line}</span>
                {batch.header.map((_, c) => (
                  <span key={c}>{row.cells[c] ?? ''}</span>
                ))}
                <span data-testid="playground.result-prediction" title={result.ok ? undefined : result.error}>
                  {result.ok ? predictionText(result.prediction) : 'error'}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
