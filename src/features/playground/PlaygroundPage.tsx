/**
 * The prediction playground (`#/playground?model=<uri>`): pick a logged or registered model, fill
 * the form generated from its signature and preprocessing, predict one row or a whole CSV in the
 * prediction worker, and export the model as a standalone zip.
 */
import { useState } from 'react';
import { reportError } from '../../shared/notifications';
import { navigate, routes } from '../../shared/routes';
import { SectionErrorBoundary } from '../../shared/ui/SectionErrorBoundary';
import type { DescribedModel } from '../../services/prediction/predictClient';
import { BatchPredict } from './components/BatchPredict';
import { ModelPicker } from './components/ModelPicker';
import { PredictForm } from './components/PredictForm';
import { exportModelZip } from './exportModelZip';
import { usePlaygroundModel } from './hooks/usePlaygroundModel';
import { downloadBlob } from '../../shared/download';
import { exportFileName, inputsText, modelKindText } from './playgroundView';
import './playground.css';

export function PlaygroundPage({ modelUri }: { modelUri: string | null }) {
  const state = usePlaygroundModel(modelUri);
  return (
    <div className="playground-page" data-testid="playground.page">
      <div className="page-header">
        <h2>Prediction playground</h2>
      </div>
      <ModelPicker uri={modelUri} onOpen={(uri) => navigate(routes.playground(uri))} />
      {state.status === 'none' && <p className="muted">Choose a model to predict with: a run that logged one, a registered version, or a model URI.</p>}
      {state.status === 'loading' && <p className="muted">Loading {state.uri}…</p>}
      {state.status === 'failed' && (
        <p className="field-error" data-testid="playground.model-error">
          Could not open {state.uri}: {state.error}
        </p>
      )}
      {state.status === 'ready' && (
        <SectionErrorBoundary name="The playground">
          <ModelPanel key={state.model.uri} model={state.model} />
        </SectionErrorBoundary>
      )}
    </div>
  );
}

function ModelPanel({ model }: { model: DescribedModel }) {
  const [exporting, setExporting] = useState(false);
  const { summary } = model;
  const exportZip = async () => {
    setExporting(true);
    try {
      downloadBlob(await exportModelZip(model), exportFileName(model.uri, model.location.runId));
    } catch (error) {
      reportError('export the model', error);
    } finally {
      setExporting(false);
    }
  };
  const inputs = inputsText(summary);
  const outputs =
    summary.output.kind === 'classes' ? `${summary.output.labels.length} classes` : summary.output.kind === 'value' ? 'one value' : `${summary.output.width} values`;
  return (
    <div className="playground-model" data-testid="playground.model">
      <dl className="playground-model-info">
        <dt>Model</dt>
        <dd>
          <code data-testid="playground.model-uri">{model.uri}</code> from run{' '}
          <a href={routes.run({ experimentId: model.experimentId, runId: model.location.runId })} data-testid="playground.run-link">
            {model.location.runId.slice(0, 8)}
          </a>{' '}
          <button type="button" data-testid="playground.export" disabled={exporting} onClick={() => void exportZip()} title="A zip with the model, its preprocessing and a README, to use outside Trainyard">
            {exporting ? 'Exporting…' : 'Export model'}
          </button>
        </dd>
        <dt>Kind</dt>
        <dd data-testid="playground.model-kind">{modelKindText(model)}</dd>
        <dt>Input</dt>
        <dd>{inputs}</dd>
        <dt>Output</dt>
        <dd>{outputs}</dd>
      </dl>
      <PredictForm model={model} />
      <BatchPredict model={model} />
    </div>
  );
}
