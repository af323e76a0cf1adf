/**
 * Per-run evaluation views drawn from the artifacts a training run logs: confusion matrix heatmap,
 * one-vs-rest ROC curves, per-class precision/recall/F1 (classification), predicted-vs-actual and
 * residuals (regression), each with a beginner explanation. Rendering only: parsing and figure
 * building live in evaluationFigures.ts.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { reads, tracking } from '../../services/page';
import type { RunId } from '../../domain/ids';
import type { Run } from '../../domain/tracking/types';
import { SectionErrorBoundary } from '../../shared/ui/SectionErrorBoundary';
import { LazyFigure } from '../charts/LazyPlot';
import {
  EVALUATION_EXPLANATIONS,
  confusionFigure,
  evaluationFilesOf,
  evaluationModel,
  formatScore,
  perClassFigure,
  pickEvaluationRun,
  predictedVsActualFigure,
  residualsFigure,
  rocFigure,
  type ArtifactListing,
  type EvaluationFigure,
  type EvaluationFile,
  type EvaluationModel,
  type PerClassTable,
  type RocResult,
  type Section,
  type ViewKey,
} from './evaluationFigures';
import type { ConfusionMatrix } from '../../domain/compare/evaluation';

function Explanation({ view }: { view: ViewKey }) {
  const entry = EVALUATION_EXPLANATIONS[view];
  return (
    <details className="evaluation-help" data-testid={`evaluation.${view}.help`}>
      <summary>What does this show?</summary>
      <p>{entry.what}</p>
      <p>{entry.read}</p>
      <code className="metric-help-formula">{entry.formula}</code>
    </details>
  );
}

function Chart({ view, figure }: { view: ViewKey; figure: EvaluationFigure }) {
  const title = EVALUATION_EXPLANATIONS[view].title;
  return (
    <LazyFigure
      name={title}
      title={title}
      testId={`evaluation.${view}`}
      data={figure.data}
      layout={figure.layout}
      height={figure.height}
      pointsShown={figure.pointsShown}
      csv={figure.csv}
    />
  );
}

/** A view's frame: its heading and explanation, then the chart or why there is none. */
function View<T>({ view, section, children }: { view: ViewKey; section: Section<T>; children: (value: T) => ReactNode }) {
  return (
    <figure className="compare-chart evaluation-view" data-testid={`evaluation.${view}.view`}>
      <figcaption>{EVALUATION_EXPLANATIONS[view].title}</figcaption>
      <Explanation view={view} />
      {section.state === 'ready' ? (
        <SectionErrorBoundary name={EVALUATION_EXPLANATIONS[view].title}>{children(section.value)}</SectionErrorBoundary>
      ) : (
        <p className={section.state === 'error' ? 'section-error' : 'muted'} role={section.state === 'error' ? 'alert' : undefined} data-testid={`evaluation.${view}.message`}>
          {section.message}
        </p>
      )}
    </figure>
  );
}

function ConfusionChart({ matrix }: { matrix: ConfusionMatrix }) {
  const [normalize, setNormalize] = useState(false);
  const figure = useMemo(() => confusionFigure(matrix, normalize), [matrix, normalize]);
  return (
    <>
      <label className="evaluation-option">
        <input type="checkbox" checked={normalize} onChange={(e) => setNormalize(e.target.checked)} data-testid="evaluation.confusion.normalize" />{' '}
        Normalise by true class (each row sums to 1)
      </label>
      <Chart view="confusion" figure={figure} />
    </>
  );
}

function RocChart({ result }: { result: RocResult }) {
  const figure = useMemo(() => rocFigure(result), [result]);
  return (
    <>
      <Chart view="roc" figure={figure} />
      {result.skipped.length > 0 && (
        <p className="muted" data-testid="evaluation.roc.skipped">
          No curve for {result.skipped.join(', ')}: a curve needs test examples both of the class and of other classes.
        </p>
      )}
    </>
  );
}

function PerClass({ table }: { table: PerClassTable }) {
  const figure = useMemo(() => perClassFigure(table), [table]);
  const averages = [
    { name: 'macro average', scores: table.macro },
    { name: 'weighted average', scores: table.weighted },
  ];
  return (
    <>
      <Chart view="per-class" figure={figure} />
      <div className="compare-table-scroll">
        <table className="compare-table" data-testid="evaluation.per-class.table">
          <thead>
            <tr>
              <th scope="col">class</th>
              <th scope="col">precision</th>
              <th scope="col">recall</th>
              <th scope="col">F1</th>
              <th scope="col">support</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i} data-testid="evaluation.per-class.row">
                <th scope="row">{row.label}</th>
                <td>{formatScore(row.precision)}</td>
                <td>{formatScore(row.recall)}</td>
                <td>{formatScore(row.f1)}</td>
                <td>{row.support}</td>
              </tr>
            ))}
            {averages.map(({ name, scores }) => (
              <tr key={name} className="compare-table-section">
                <th scope="row">{name}</th>
                <td>{formatScore(scores.precision)}</td>
                <td>{formatScore(scores.recall)}</td>
                <td>{formatScore(scores.f1)}</td>
                <td>{scores.support}</td>
              </tr>
            ))}
            <tr className="compare-table-section">
              <th scope="row">accuracy</th>
              <td colSpan={4}>{formatScore(table.accuracy)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

function RegressionChart({ view, yTrue, yPred }: { view: 'predicted-vs-actual' | 'residuals'; yTrue: Float64Array; yPred: Float64Array }) {
  const figure = useMemo(
    () => (view === 'residuals' ? residualsFigure(yTrue, yPred) : predictedVsActualFigure(yTrue, yPred)),
    [view, yTrue, yPred],
  );
  return <Chart view={view} figure={figure} />;
}

function Views({ model }: { model: EvaluationModel }) {
  switch (model.task) {
    case 'none':
      return (
        <p className="muted" data-testid="evaluation.empty">
          {model.legacyPlots
            ? 'This run logged its evaluation as images only (see plots/ under Artifacts). Re-run it to get the interactive views.'
            : 'This run has no evaluation artifacts (confusion_matrix.csv, classification_report.json or predictions.csv). Training recipes log them after the last epoch.'}
        </p>
      );
    case 'classification':
      return (
        <div className="compare-grid">
          <View view="confusion" section={model.confusion}>
            {(matrix) => <ConfusionChart matrix={matrix} />}
          </View>
          <View view="roc" section={model.roc}>
            {(result) => <RocChart result={result} />}
          </View>
          <View view="per-class" section={model.perClass}>
            {(table) => <PerClass table={table} />}
          </View>
        </div>
      );
    case 'regression':
      return (
        <div className="compare-grid">
          <View view="predicted-vs-actual" section={model.points}>
            {(p) => <RegressionChart view="predicted-vs-actual" yTrue={p.yTrue} yPred={p.yPred} />}
          </View>
          <View view="residuals" section={model.points}>
            {(p) => <RegressionChart view="residuals" yTrue={p.yTrue} yPred={p.yPred} />}
          </View>
        </div>
      );
  }
}

type Loaded = { key: string; model: EvaluationModel } | { key: string; error: string };

async function loadModel(runId: RunId, files: readonly EvaluationFile[], legacyPlots: boolean): Promise<EvaluationModel> {
  const texts: Partial<Record<EvaluationFile, string>> = {};
  await Promise.all(
    files.map(async (file) => {
      texts[file] = await (await tracking.downloadArtifact(runId, file)).text();
    }),
  );
  return evaluationModel(texts, legacyPlots);
}

/** Evaluation views of one of `runs` (a select picks which when there are several). */
export function EvaluationViews({ runs }: { runs: readonly Run[] }) {
  const idsKey = runs.map((r) => r.runId).join('\n');
  const runIds = useMemo(() => (idsKey === '' ? [] : (idsKey.split('\n') as RunId[])), [idsKey]);
  const filesByRun = useLiveQuery(
    (): Promise<Map<RunId, ArtifactListing[]>> => reads.artifactFilesOfRuns(runIds),
    [runIds],
  );
  const [chosen, setChosen] = useState<RunId | null>(null);
  const runId = pickEvaluationRun(runIds, filesByRun, chosen);
  const files = runId && filesByRun ? evaluationFilesOf(filesByRun.get(runId) ?? []) : null;
  // Strings, so the effect runs again only when an evaluation file is (re)logged, not on every artifact.
  const present = files?.present.join('\n') ?? null;
  const legacyPlots = files?.legacyPlots ?? false;
  const loadKey = runId && files ? `${runId}|${files.signature}|${legacyPlots}` : null;
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (!runId || present === null || loadKey === null) return;
    let cancelled = false;
    const names = (present === '' ? [] : present.split('\n')) as EvaluationFile[];
    loadModel(runId, names, legacyPlots).then(
      (model) => !cancelled && setLoaded({ key: loadKey, model }),
      (error: unknown) => !cancelled && setLoaded({ key: loadKey, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [runId, present, legacyPlots, loadKey]);

  const current = loaded?.key === loadKey ? loaded : null;
  return (
    <div className="evaluation" data-testid="evaluation">
      {runs.length > 1 && (
        <label className="evaluation-run">
          Run{' '}
          <select value={runId ?? ''} onChange={(e) => setChosen(e.target.value as RunId)} data-testid="evaluation.run">
            {runs.map((run) => (
              <option key={run.runId} value={run.runId}>
                {run.runName || run.runId}
                {filesByRun && evaluationFilesOf(filesByRun.get(run.runId) ?? []).present.length === 0 ? ' (no evaluation)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {runs.length === 0 ? (
        <p className="muted" data-testid="evaluation.empty">
          No run to evaluate.
        </p>
      ) : !current ? (
        <div className="muted">Loading evaluation…</div>
      ) : 'error' in current ? (
        <div className="section-error" role="alert">
          Could not read the evaluation artifacts: {current.error}
        </div>
      ) : (
        <Views model={current.model} />
      )}
    </div>
  );
}
