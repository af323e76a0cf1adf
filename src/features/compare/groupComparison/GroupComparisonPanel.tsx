/**
 * "Is the difference real?" on the compare page: the runs in groups (by default the runs that
 * differ only in their seed), each group's n, mean, spread and 95% interval of the chosen metrics,
 * every run as a dot, and for two groups the answer in words. With one run per group it says what
 * is missing and repeats those runs with new seeds, adding the repeats to the comparison, so the
 * answer appears without leaving the page. The rules are in groupModel.ts.
 */
import { GroupByOptions } from '../GroupByOptions';
import { useMemo, useState } from 'react';
import type { ColumnRef } from '../../../domain/compare/columns';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { DEFAULT_SEEDS, MAX_SEEDS } from '../../../services/insights/insightService';
import { insights } from '../../../services/page';
import { reportError } from '../../../shared/notifications';
import { navigate, routes } from '../../../shared/routes';
import { groupColors, parseColumnOption } from '../compareCharts';
import { WhenVisible } from '../WhenVisible';
import { GroupFigure, GroupTable } from './GroupTable';
import { buildGroupModel, SEED_MODE, soloSentence, type GroupMode, type GroupModel, type GroupRun } from './groupModel';
import { RepeatOffer, type Progress } from './RepeatOffer';
import './groupComparison.css';

const SEED_OPTION = 'seed';

export const READING_HELP =
  'How to read this: n is how many seeds a group has (runs that share a seed count once), or how many runs when grouped by a param or tag; ' +
  'std (standard deviation) is how much its values vary from run to run; ' +
  'the 95% interval is where the group’s true average most likely lies, judging by how much its runs vary; ' +
  'the p-value is how often seed noise alone would give a difference this large (below 0.05: rarely, so the difference is probably real).';

interface Props {
  runs: readonly Run[];
  metricKeys: readonly string[];
  /** The compare view's main metric (the search's objective, else the metric that matters most). */
  defaultMetric: string | null;
  /** Params and tags to group by instead of "differ only in their seed". */
  groupColumns: readonly ColumnRef[];
  /** Adds runs to the comparison (the repeats). */
  onAddRuns: (runIds: RunId[]) => void;
}

/** The answer's tone: a real difference, one too small to tell, or runs missing. */
function tone(model: GroupModel): 'real' | 'unclear' | 'missing' {
  const c = model.pair?.comparison;
  if (!c || c.status === 'insufficient') return 'missing';
  const diff = c.difference.mean ?? 0;
  const ci = c.difference.ci95;
  if (diff !== 0 && ci && (ci[0] > 0 || ci[1] < 0 || c.status === 'no-variance')) return 'real';
  return 'unclear';
}

export function GroupComparisonPanel({ runs, metricKeys, defaultMetric, groupColumns, onAddRuns }: Props) {
  const [primaryChoice, setPrimary] = useState<string | null>(null);
  const [extras, setExtras] = useState<string[]>([]);
  const [modeOption, setModeOption] = useState(SEED_OPTION);
  const [pick, setPick] = useState<{ a: string; b: string } | null>(null);
  const [seeds, setSeeds] = useState(DEFAULT_SEEDS);
  const [progress, setProgress] = useState<Progress | null>(null);

  const primary = primaryChoice !== null && metricKeys.includes(primaryChoice) ? primaryChoice : (defaultMetric ?? metricKeys[0] ?? null);
  const shown = useMemo(() => (primary ? [primary, ...extras.filter((m) => m !== primary && metricKeys.includes(m))] : []), [primary, extras, metricKeys]);
  const mode: GroupMode = useMemo(() => {
    const column = modeOption === SEED_OPTION ? null : parseColumnOption(modeOption);
    return column ? { kind: 'column', column } : SEED_MODE;
  }, [modeOption]);
  const models = useMemo(() => shown.map((metric) => buildGroupModel({ runs, metric, mode, pick })), [shown, runs, mode, pick]);
  const first = models[0];
  const labelsKey = JSON.stringify(first?.groups.map((g) => g.label) ?? []);
  // One colour per group, the same in the table, the dots and every metric's figure.
  const colorOf = useMemo(() => groupColors(JSON.parse(labelsKey) as string[]), [labelsKey]);
  const openRun = (runId: unknown) => {
    const run = runs.find((r) => r.runId === runId);
    if (run) navigate(routes.run({ experimentId: run.experimentId, runId: run.runId }));
  };

  const groupBy = (
    <label>
      Group by{' '}
      <select
        value={modeOption}
        onChange={(e) => {
          setModeOption(e.target.value);
          setPick(null);
        }}
        data-testid="groups.group-by"
      >
        <option value={SEED_OPTION}>runs that differ only in their seed</option>
        <GroupByOptions columns={groupColumns} />
      </select>
    </label>
  );

  const metricSelect = (
    <label>
      Metric{' '}
      <select value={primary ?? ''} onChange={(e) => setPrimary(e.target.value)} data-testid="groups.metric">
        {metricKeys.map((key) => (
          <option key={key} value={key}>
            {key}
          </option>
        ))}
      </select>
    </label>
  );
  // What was left out and why: shown whether or not anything is left to compare, as it is the why.
  const notes =
    first && first.notes.length > 0 ? (
      <ul className="group-notes muted" data-testid="groups.notes">
        {first.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    ) : null;

  const repeatable = (first?.single ?? []).flatMap((g) => (g.runs[0]?.repeatable ? [g.runs[0]] : []));
  const applies = first !== undefined && (first.groups.some((g) => g.samples.length >= 2) || repeatable.length > 0);
  if (!first || !applies) {
    return (
      <section className="compare-section group-comparison" aria-labelledby="groups-title" data-testid="groups">
        <header className="compare-section-header">
          <h3 id="groups-title">Is the difference real?</h3>
        </header>
        {first && (
          <div className="compare-controls" role="group" aria-label="What to compare">
            {metricSelect}
            {groupBy}
          </div>
        )}
        <p className="muted" data-testid="groups.note">
          {!first
            ? 'These runs logged no metrics to compare.'
            : first.groups.length === 0
              ? soloSentence(first)
              : 'Each group here has one run logged from code: to tell a real difference from seed noise, log several runs per setting that differ only in a param named seed, or group by a param.'}
        </p>
        {notes}
      </section>
    );
  }

  const repeatAll = async (targets: readonly GroupRun[]) => {
    for (const [i, target] of targets.entries()) {
      const experimentId = runs.find((r) => r.runId === target.runId)?.experimentId ?? ('0' as Run['experimentId']);
      setProgress({ index: i + 1, total: targets.length, name: target.name, experimentId, parentRunId: null });
      try {
        const result = await insights.repeatRun(target.runId, {
          seeds,
          onStarted: (parentRunId) => setProgress((p) => (p ? { ...p, parentRunId } : p)),
        });
        onAddRuns(result.runIds);
      } catch (error) {
        reportError(`repeat ${target.name} with ${seeds} seed${seeds === 1 ? '' : 's'}`, error);
      }
    }
    setProgress(null);
  };

  const seedsValid = Number.isInteger(seeds) && seeds >= 1 && seeds <= MAX_SEEDS;

  return (
    <section className="compare-section group-comparison" aria-labelledby="groups-title" data-testid="groups">
      <header className="compare-section-header">
        <h3 id="groups-title">Is the difference real?</h3>
      </header>
      <div className="compare-controls" role="group" aria-label="What to compare">
        {metricSelect}
        {groupBy}
        {first.groups.length > 2 && first.pair && (
          <>
            <GroupSelect label="Group A" value={first.pair.a.key} groups={first} testId="groups.a" onChange={(a) => setPick({ a, b: first.pair?.b.key ?? '' })} />
            <GroupSelect label="Group B" value={first.pair.b.key} groups={first} testId="groups.b" onChange={(b) => setPick({ a: first.pair?.a.key ?? '', b })} />
          </>
        )}
        {metricKeys.length > 1 && (
          <details className="group-more-metrics">
            <summary>More metrics{extras.length > 0 ? ` (${extras.length})` : ''}</summary>
            <fieldset>
              <legend className="visually-hidden">Also show</legend>
              {metricKeys
                .filter((key) => key !== primary)
                .map((key) => (
                  <label key={key}>
                    <input
                      type="checkbox"
                      checked={extras.includes(key)}
                      onChange={() => setExtras((list) => (list.includes(key) ? list.filter((k) => k !== key) : [...list, key]))}
                      data-testid={`groups.also.${key}`}
                    />{' '}
                    {key}
                  </label>
                ))}
            </fieldset>
          </details>
        )}
      </div>
      {notes}
      {models.map((model, m) => (
        <div className="group-metric" key={model.metric} data-testid="groups.metric-block" data-metric={model.metric}>
          {models.length > 1 && <h4>{model.metric}</h4>}
          <p className="group-verdict" data-tone={tone(model)} aria-live="polite" data-testid="groups.verdict">
            {model.pair ? model.pair.verdict : soloSentence(model)}
          </p>
          {m === 0 && (model.single.length > 0 || progress) && (
            <RepeatOffer model={model} repeatable={repeatable} seeds={seeds} seedsValid={seedsValid} progress={progress} onSeeds={setSeeds} onRepeat={(targets) => void repeatAll(targets)} />
          )}
          <div className="group-body">
            <div>
              <GroupTable model={model} colorOf={colorOf} />
              {/* Beside the dots, under the numbers it explains (the space below a short table). */}
              {m === 0 && <p className="muted group-help">{READING_HELP}</p>}
            </div>
            <WhenVisible minHeight={280}>
              <GroupFigure model={model} colorOf={colorOf} onPointClick={openRun} />
            </WhenVisible>
          </div>
        </div>
      ))}
    </section>
  );
}

function GroupSelect(props: { label: string; value: string; groups: GroupModel; testId: string; onChange: (key: string) => void }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        {props.groups.groups.map((g) => (
          <option key={g.key} value={g.key}>
            {g.label} ({g.runs.length === g.samples.length ? g.runs.length : `${g.samples.length} seeds, ${g.runs.length} runs`})
          </option>
        ))}
      </select>
    </label>
  );
}
