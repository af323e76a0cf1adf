/**
 * The run page's "Feature importance" section, for runs that logged `feature_importances.json`
 * (random forests): the chart of featureImportanceFigure.ts beside a beginner explanation, or the
 * reason the file cannot be shown. Runs without the file get no section at all.
 */
import { useEffect, useMemo, useState } from 'react';
import { tracking } from '../../../services/page';
import type { RunId } from '../../../domain/ids';
import { SectionErrorBoundary } from '../../../shared/ui/SectionErrorBoundary';
import { LazyFigure } from '../../charts/LazyPlot';
import { useArtifactFiles } from '../hooks/useRun';
import { featureImportanceFigure, rankImportances, type RankedImportances } from './featureImportanceFigure';
import {
  FEATURE_IMPORTANCES_FILE,
  checkFileSize,
  parseFeatureImportances,
  type FeatureImportances,
  type ImportanceRead,
} from './featureImportanceFile';
import { FEATURE_IMPORTANCE_TEXT as TEXT } from './featureImportanceText';
import './featureImportance.css';

/** The file's contents once read (null meanwhile); read again when it is logged anew. */
function useImportances(runId: RunId, fileSize: number): ImportanceRead | null {
  const tooBig = checkFileSize(fileSize);
  const key = `${runId}|${fileSize}`;
  const [loaded, setLoaded] = useState<{ key: string; read: ImportanceRead } | null>(null);
  useEffect(() => {
    if (tooBig) return;
    let cancelled = false;
    tracking
      .downloadArtifact(runId, FEATURE_IMPORTANCES_FILE)
      .then((blob) => blob.text())
      .then(
        (text) => !cancelled && setLoaded({ key, read: parseFeatureImportances(text) }),
        (error: unknown) =>
          !cancelled &&
          setLoaded({ key, read: { ok: false, message: `${FEATURE_IMPORTANCES_FILE} could not be read: ${error instanceof Error ? error.message : String(error)}` } }),
      );
    return () => {
      cancelled = true;
    };
  }, [runId, key, tooBig]);
  if (tooBig) return { ok: false, message: tooBig };
  return loaded?.key === key ? loaded.read : null;
}

function Explanation() {
  return (
    <div className="feature-importance-help" data-testid="feature-importance.help">
      <p>{TEXT.what}</p>
      <h4>{TEXT.notTitle}</h4>
      <ul>
        {TEXT.not.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <details>
        <summary>The formula</summary>
        <code className="metric-help-formula">{TEXT.formula}</code>
      </details>
    </div>
  );
}

function Chart({ ranked }: { ranked: RankedImportances }) {
  const figure = useMemo(() => featureImportanceFigure(ranked), [ranked]);
  const left = ranked.all.length - ranked.shown.length;
  return (
    <figure className="feature-importance-chart">
      <figcaption className="muted">
        {left > 0
          ? `The ${ranked.shown.length} most important of ${ranked.all.length.toLocaleString('en-US')} features (the CSV button exports all of them).`
          : `All ${ranked.all.length} features, the most important on top.`}
      </figcaption>
      <LazyFigure
        name={TEXT.title}
        title={TEXT.title}
        testId="feature-importance.chart"
        data={figure.data}
        layout={figure.layout}
        height={figure.height}
        pointsShown={figure.pointsShown}
        csv={figure.csv}
      />
    </figure>
  );
}

function Body({ model }: { model: FeatureImportances }) {
  const ranked = useMemo(() => rankImportances(model), [model]);
  return (
    <div className="feature-importance-layout">
      {model.allZero ? (
        <p className="muted" data-testid="feature-importance.all-zero">
          Every importance is 0: no tree made a split, so the forest used none of the {model.features.length} features and predicts the same
          value for every row. Try a larger <code>max_depth</code> or a smaller <code>min_samples_leaf</code>.
        </p>
      ) : (
        <Chart ranked={ranked} />
      )}
      <Explanation />
    </div>
  );
}

function Content({ runId, fileSize }: { runId: RunId; fileSize: number }) {
  const read = useImportances(runId, fileSize);
  if (read === null) return <p className="muted">Loading feature importances…</p>;
  if (!read.ok) {
    return (
      <p className="section-error" role="alert" data-testid="feature-importance.error">
        {read.message}
      </p>
    );
  }
  return <Body model={read.value} />;
}

function Section({ runId }: { runId: RunId }) {
  const file = useArtifactFiles(runId)?.find((f) => f.path === FEATURE_IMPORTANCES_FILE && !f.isDir);
  if (!file) return null;
  return (
    <section className="feature-importance" data-testid="feature-importance" aria-labelledby={`feature-importance-${runId}`}>
      <h3 id={`feature-importance-${runId}`}>{TEXT.title}</h3>
      <SectionErrorBoundary name={TEXT.title}>
        <Content runId={runId} fileSize={file.fileSize} />
      </SectionErrorBoundary>
    </section>
  );
}

/** The section, or nothing for a run without feature_importances.json. */
export function FeatureImportanceSection({ runId }: { runId: RunId }) {
  return (
    <SectionErrorBoundary name={TEXT.title}>
      <Section runId={runId} />
    </SectionErrorBoundary>
  );
}
