/**
 * The column model of the runs table: which columns the user chose to see, the main metric, each
 * metric's summary and each column's width (the prefs, stored per experiment; see
 * columnPrefsStorage.ts), and the visible columns that follow from them and the runs' keys.
 *
 * By default the table reads left to right as a beginner asks: which run, did it finish, when, how
 * long, how good (the main metric first, then the other metrics), and with which settings (the
 * params users set). Digests, `trainyard.*` params, system tags and a recipe's side records are
 * offered in the chooser only. Once the user chooses columns, the choice stays: keys that appear
 * later are offered as new columns, never pushed into the table.
 */
import type { RunKeys } from './runKeys';
import { ALL_ATTRIBUTE_COLUMNS, columnKey, columnLabel, type ColumnId, type MetricSummaryChoice, type SortState } from './runsTableModel';

export { collectRunKeys, isSystemTag, runKeysFromSignature, runKeysSignature, type RunKeys } from './runKeys';

export interface ColumnPrefs {
  /** Column keys ("param:lr") the user chose to show, and to hide; the rest follow the defaults. */
  shown: ReadonlySet<string>;
  hidden: ReadonlySet<string>;
  /** Metric key → summary, for metrics that don't show their latest value. */
  summaries: ReadonlyMap<string, MetricSummaryChoice>;
  /**
   * Every column key there was when the user last chose columns; null until the first choice.
   * A key outside it appeared later: it is offered as a new column, not shown.
   */
  known: ReadonlySet<string> | null;
  /** The main metric the user picked; null follows the runs' headline metric. */
  mainMetric: string | null;
  /** Column key → width in px, for columns the user widened or fitted. */
  widths: ReadonlyMap<string, number>;
}

export const EMPTY_PREFS: ColumnPrefs = {
  shown: new Set(),
  hidden: new Set(),
  summaries: new Map(),
  known: null,
  mainMetric: null,
  widths: new Map(),
};

/** User tags are shown by default only when there are at most this many of them. */
export const MAX_DEFAULT_TAG_COLUMNS = 5;

/** Run name carries the link and the nesting: it is always shown. */
export const PINNED_COLUMN: ColumnId = { kind: 'attribute', key: 'run_name' };

const DEFAULT_ATTRIBUTES = new Set(['attribute:run_name', 'attribute:status', 'attribute:start_time', 'attribute:duration']);

export type ColumnGroupId = 'attributes' | 'metrics' | 'params' | 'tags' | 'recordedParams' | 'systemTags';

export interface ColumnGroup {
  id: ColumnGroupId;
  label: string;
  columns: ColumnId[];
}

/** The main metric: the user's pick while the runs still have it, else the runs' headline metric. */
export function mainMetric(keys: RunKeys, prefs: ColumnPrefs): string | null {
  if (prefs.mainMetric !== null && keys.metrics.includes(prefs.mainMetric)) return prefs.mainMetric;
  return keys.headlineMetric;
}

/** Every column the chooser lists, grouped in table order; the main metric leads its group. */
export function columnCatalog(keys: RunKeys, prefs: ColumnPrefs): ColumnGroup[] {
  const main = mainMetric(keys, prefs);
  const metricKeys = main === null ? keys.metrics : [main, ...keys.metrics.filter((key) => key !== main)];
  const params = (list: readonly string[]) => list.map((key): ColumnId => ({ kind: 'param', key }));
  const tags = (list: readonly string[]) => list.map((key): ColumnId => ({ kind: 'tag', key }));
  return [
    { id: 'attributes', label: 'Attributes', columns: [...ALL_ATTRIBUTE_COLUMNS] },
    {
      id: 'metrics',
      label: 'Metrics',
      columns: metricKeys.map((key): ColumnId => {
        const summary = prefs.summaries.get(key);
        return summary && summary !== 'latest' ? { kind: 'metric', key, summary } : { kind: 'metric', key };
      }),
    },
    { id: 'params', label: 'Params', columns: params(keys.params) },
    { id: 'tags', label: 'Tags', columns: tags(keys.tags) },
    { id: 'recordedParams', label: 'Recorded params (digests, sizes, trainyard.*)', columns: params(keys.recordedParams) },
    { id: 'systemTags', label: 'System tags', columns: tags(keys.systemTags) },
  ];
}

/** Shown without a choice: the usual four attributes, every metric and user-set param, a few user tags. */
export function isDefaultVisible(group: ColumnGroupId, column: ColumnId, keys: RunKeys): boolean {
  switch (group) {
    case 'attributes':
      return DEFAULT_ATTRIBUTES.has(columnKey(column));
    case 'metrics':
    case 'params':
      return true;
    case 'tags':
      return keys.tags.length <= MAX_DEFAULT_TAG_COLUMNS;
    case 'recordedParams':
    case 'systemTags':
      return false;
  }
}

function isVisibleIn(group: ColumnGroupId, column: ColumnId, keys: RunKeys, prefs: ColumnPrefs): boolean {
  if (column.kind === 'attribute' && column.key === PINNED_COLUMN.key) return true;
  const id = columnKey(column);
  if (prefs.shown.has(id)) return true;
  if (prefs.hidden.has(id)) return false;
  if (prefs.known !== null && !prefs.known.has(id)) return false; // new since the user chose: offered, not forced in
  return isDefaultVisible(group, column, keys);
}

/** The table's columns in order: attributes, metrics (main first), params, tags, then what was asked for. */
export function visibleColumns(keys: RunKeys, prefs: ColumnPrefs): ColumnId[] {
  const out: ColumnId[] = [];
  for (const group of columnCatalog(keys, prefs)) {
    for (const column of group.columns) if (isVisibleIn(group.id, column, keys, prefs)) out.push(column);
  }
  return out;
}

/**
 * Columns that appeared after the user chose columns and would be shown by default: the chooser
 * offers them ("3 new columns") instead of the table taking them in.
 */
export function newColumns(keys: RunKeys, prefs: ColumnPrefs): ColumnId[] {
  const { known } = prefs;
  if (known === null) return [];
  const out: ColumnId[] = [];
  for (const group of columnCatalog(keys, prefs)) {
    for (const column of group.columns) {
      const id = columnKey(column);
      if (!known.has(id) && !prefs.shown.has(id) && !prefs.hidden.has(id) && isDefaultVisible(group.id, column, keys)) out.push(column);
    }
  }
  return out;
}

function allColumnKeys(keys: RunKeys): string[] {
  return columnCatalog(keys, EMPTY_PREFS).flatMap((group) => group.columns.map(columnKey));
}

/**
 * Shows or hides these columns (the pinned run name stays). The first choice also records every
 * key there is, so keys that come later don't change what the user chose. The input is untouched.
 */
export function setColumnsVisible(
  prefs: ColumnPrefs,
  columns: readonly ColumnId[],
  visible: boolean,
  keys: RunKeys,
): ColumnPrefs {
  const shown = new Set(prefs.shown);
  const hidden = new Set(prefs.hidden);
  const known = new Set(prefs.known ?? allColumnKeys(keys));
  for (const column of columns) {
    if (column.kind === 'attribute' && column.key === PINNED_COLUMN.key) continue;
    const id = columnKey(column);
    (visible ? shown : hidden).add(id);
    (visible ? hidden : shown).delete(id);
    known.add(id);
  }
  return { ...prefs, shown, hidden, known };
}

export function setMetricSummary(prefs: ColumnPrefs, metricKey: string, summary: MetricSummaryChoice): ColumnPrefs {
  const summaries = new Map(prefs.summaries);
  if (summary === 'latest') summaries.delete(metricKey);
  else summaries.set(metricKey, summary);
  return { ...prefs, summaries };
}

/**
 * Picks the main metric; null (or the headline metric itself) goes back to following the runs. A
 * main metric the user had hidden (or that is new since their choice) is shown: it leads the table.
 */
export function setMainMetric(prefs: ColumnPrefs, metricKey: string | null, keys: RunKeys): ColumnPrefs {
  const next = metricKey === keys.headlineMetric ? null : metricKey;
  const picked = next === prefs.mainMetric ? prefs : { ...prefs, mainMetric: next };
  if (metricKey === null) return picked;
  const id = columnKey({ kind: 'metric', key: metricKey });
  const hidden = prefs.hidden.has(id) || (prefs.known !== null && !prefs.known.has(id) && !prefs.shown.has(id));
  return hidden ? setColumnsVisible(picked, [{ kind: 'metric', key: metricKey }], true, keys) : picked;
}

/** Sets (or, with null, forgets) the width of the column with this key. */
export function setColumnWidth(prefs: ColumnPrefs, key: string, width: number | null): ColumnPrefs {
  const widths = new Map(prefs.widths);
  if (width === null) widths.delete(key);
  else widths.set(key, width);
  return { ...prefs, widths };
}

const ENTITY_WORD = { param: 'params', metric: 'metrics', tag: 'tags' } as const;

/**
 * The groups with only the columns whose name contains `search` (case-insensitive; a metric also
 * matches "metrics.<key>", and so on); empty groups are dropped.
 */
export function filterCatalog(groups: readonly ColumnGroup[], search: string): ColumnGroup[] {
  const needle = search.trim().toLowerCase();
  if (needle === '') return groups.filter((g) => g.columns.length > 0);
  const out: ColumnGroup[] = [];
  for (const group of groups) {
    const columns = group.columns.filter((column) => {
      const names = column.kind === 'attribute' ? [columnLabel(column), column.key] : [column.key, `${ENTITY_WORD[column.kind]}.${column.key}`];
      return names.some((name) => name.toLowerCase().includes(needle));
    });
    if (columns.length > 0) out.push({ ...group, columns });
  }
  return out;
}

/** The sort with the summary the metric's column shows, so sorting follows the chosen summary. */
export function resolveSort(sort: SortState, prefs: ColumnPrefs): SortState {
  const { column } = sort;
  if (column.kind !== 'metric') return sort;
  const summary = prefs.summaries.get(column.key) ?? 'latest';
  if ((column.summary ?? 'latest') === summary) return sort;
  return { ...sort, column: summary === 'latest' ? { kind: 'metric', key: column.key } : { kind: 'metric', key: column.key, summary } };
}
