/**
 * The column model of the runs table: which keys the runs have (the catalog), which columns the
 * user chose to see and which summary each metric column shows (the prefs, stored per experiment
 * as JSON), and the visible columns that follow from both. Stored JSON is user-editable and may be
 * stale or hostile: parsing keeps only well-formed entries and never throws.
 */
import type { Run } from '../../domain/tracking/types';
import {
  ALL_ATTRIBUTE_COLUMNS,
  METRIC_SUMMARY_CHOICES,
  columnKey,
  columnLabel,
  type ColumnId,
  type MetricSummaryChoice,
  type SortState,
} from './runsTableModel';

/** Every key the runs have, each list sorted and without duplicates. */
export interface RunKeys {
  params: readonly string[];
  metrics: readonly string[];
  /** User tags (not mlflow.* or trainyard.*). */
  tags: readonly string[];
  systemTags: readonly string[];
}

export interface ColumnPrefs {
  /** Column keys ("param:lr") the user chose to show, and to hide; the rest follow the defaults. */
  shown: ReadonlySet<string>;
  hidden: ReadonlySet<string>;
  /** Metric key → summary, for metrics that don't show their latest value. */
  summaries: ReadonlyMap<string, MetricSummaryChoice>;
}

export const EMPTY_PREFS: ColumnPrefs = { shown: new Set(), hidden: new Set(), summaries: new Map() };

/** User tags are shown by default only when there are at most this many of them. */
export const MAX_DEFAULT_TAG_COLUMNS = 5;

/** Run name carries the link and the nesting: it is always shown. */
export const PINNED_COLUMN: ColumnId = { kind: 'attribute', key: 'run_name' };

const DEFAULT_ATTRIBUTES = new Set(['attribute:run_name', 'attribute:status', 'attribute:start_time', 'attribute:duration']);

export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.') || key.startsWith('trainyard.');
}

// Natural order ("p2" before "p10"), with one fixed locale so every browser lists keys alike; code points break ties.
const NATURAL = new Intl.Collator('en', { numeric: true });
const byName = (a: string, b: string): number => NATURAL.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** One pass over the runs; runs of one experiment share their keys, so each Set stays small. */
export function collectRunKeys(runs: readonly Run[]): RunKeys {
  const params = new Set<string>();
  const metrics = new Set<string>();
  const tags = new Set<string>();
  for (const run of runs) {
    for (const key in run.params) params.add(key);
    for (const key in run.metrics) metrics.add(key);
    for (const key in run.tags) tags.add(key);
  }
  const allTags = [...tags].sort(byName);
  return {
    params: [...params].sort(byName),
    metrics: [...metrics].sort(byName),
    tags: allTags.filter((key) => !isSystemTag(key)),
    systemTags: allTags.filter(isSystemTag),
  };
}

export interface ColumnGroup {
  id: 'attributes' | 'params' | 'metrics' | 'tags' | 'systemTags';
  label: string;
  columns: ColumnId[];
}

/** Every column the chooser lists, grouped; metric columns carry their chosen summary. */
export function columnCatalog(keys: RunKeys, prefs: ColumnPrefs): ColumnGroup[] {
  return [
    { id: 'attributes', label: 'Attributes', columns: [...ALL_ATTRIBUTE_COLUMNS] },
    { id: 'params', label: 'Params', columns: keys.params.map((key): ColumnId => ({ kind: 'param', key })) },
    {
      id: 'metrics',
      label: 'Metrics',
      columns: keys.metrics.map((key): ColumnId => {
        const summary = prefs.summaries.get(key);
        return summary && summary !== 'latest' ? { kind: 'metric', key, summary } : { kind: 'metric', key };
      }),
    },
    { id: 'tags', label: 'Tags', columns: keys.tags.map((key): ColumnId => ({ kind: 'tag', key })) },
    { id: 'systemTags', label: 'System tags', columns: keys.systemTags.map((key): ColumnId => ({ kind: 'tag', key })) },
  ];
}

/** Attributes (the usual four), all params, all metrics, and user tags when there are few; never system tags. */
export function isDefaultVisible(column: ColumnId, keys: RunKeys): boolean {
  switch (column.kind) {
    case 'attribute':
      return DEFAULT_ATTRIBUTES.has(columnKey(column));
    case 'param':
    case 'metric':
      return true;
    case 'tag':
      return !isSystemTag(column.key) && keys.tags.length <= MAX_DEFAULT_TAG_COLUMNS;
  }
}

export function isVisible(column: ColumnId, keys: RunKeys, prefs: ColumnPrefs): boolean {
  if (column.kind === 'attribute' && column.key === PINNED_COLUMN.key) return true;
  const id = columnKey(column);
  if (prefs.shown.has(id)) return true;
  if (prefs.hidden.has(id)) return false;
  return isDefaultVisible(column, keys);
}

/** The table's columns in order: attributes, params, metrics, tags (user, then system). Run name comes first. */
export function visibleColumns(keys: RunKeys, prefs: ColumnPrefs): ColumnId[] {
  const out: ColumnId[] = [];
  for (const group of columnCatalog(keys, prefs)) {
    for (const column of group.columns) if (isVisible(column, keys, prefs)) out.push(column);
  }
  return out;
}

/** Shows or hides these columns (the pinned run name stays); a new prefs object, the input is untouched. */
export function setColumnsVisible(prefs: ColumnPrefs, columns: readonly ColumnId[], visible: boolean): ColumnPrefs {
  const shown = new Set(prefs.shown);
  const hidden = new Set(prefs.hidden);
  for (const column of columns) {
    if (column.kind === 'attribute' && column.key === PINNED_COLUMN.key) continue;
    const id = columnKey(column);
    (visible ? shown : hidden).add(id);
    (visible ? hidden : shown).delete(id);
  }
  return { ...prefs, shown, hidden };
}

export function setMetricSummary(prefs: ColumnPrefs, metricKey: string, summary: MetricSummaryChoice): ColumnPrefs {
  const summaries = new Map(prefs.summaries);
  if (summary === 'latest') summaries.delete(metricKey);
  else summaries.set(metricKey, summary);
  return { ...prefs, summaries };
}

// ---- storage ----

export const PREFS_VERSION = 1;
/** Limits on what a stored entry may hold; anything beyond is dropped, not trusted. */
const MAX_ENTRIES = 10_000;
const MAX_KEY_LENGTH = 1_000;
const COLUMN_ID = /^(attribute|param|metric|tag):/;

export function columnPrefsStorageKey(experimentId: string): string {
  return `trainyard.runs.columns.${experimentId}`;
}

function stringList(value: unknown, accept: (item: string) => boolean): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value.slice(0, MAX_ENTRIES)) {
    if (typeof item === 'string' && item.length <= MAX_KEY_LENGTH && accept(item)) out.push(item);
  }
  return out;
}

const isSummaryChoice = (value: unknown): value is MetricSummaryChoice =>
  typeof value === 'string' && (METRIC_SUMMARY_CHOICES as readonly string[]).includes(value);

/** Stored prefs, or the defaults for anything missing, malformed, from another version or not JSON. */
export function parseColumnPrefs(text: string | null | undefined): ColumnPrefs {
  if (typeof text !== 'string' || text.length === 0) return EMPTY_PREFS;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return EMPTY_PREFS;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return EMPTY_PREFS;
  const record = data as Record<string, unknown>;
  if (!Object.hasOwn(record, 'v') || record['v'] !== PREFS_VERSION) return EMPTY_PREFS;
  const own = (key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);
  const isColumnId = (id: string) => COLUMN_ID.test(id) && id.indexOf(':') < id.length - 1;
  const shown = new Set(stringList(own('shown'), isColumnId));
  const hidden = new Set(stringList(own('hidden'), (id) => isColumnId(id) && !shown.has(id)));
  const summaries = new Map<string, MetricSummaryChoice>();
  const pairs = own('summaries');
  if (Array.isArray(pairs)) {
    for (const pair of pairs.slice(0, MAX_ENTRIES)) {
      if (!Array.isArray(pair) || pair.length !== 2) continue;
      const [key, summary] = pair as unknown[];
      if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) continue;
      if (isSummaryChoice(summary) && summary !== 'latest') summaries.set(key, summary);
    }
  }
  return { shown, hidden, summaries };
}

export function serializeColumnPrefs(prefs: ColumnPrefs): string {
  return JSON.stringify({
    v: PREFS_VERSION,
    shown: [...prefs.shown],
    hidden: [...prefs.hidden],
    summaries: [...prefs.summaries],
  });
}

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
      const names =
        column.kind === 'attribute'
          ? [columnLabel(column), column.key]
          : [column.key, `${{ param: 'params', metric: 'metrics', tag: 'tags' }[column.kind]}.${column.key}`];
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

/** A string that changes exactly when the keys do; lets callers keep one RunKeys object while runs update. */
export function runKeysSignature(keys: RunKeys): string {
  return JSON.stringify([keys.params, keys.metrics, keys.tags, keys.systemTags]);
}

export function runKeysFromSignature(signature: string): RunKeys {
  const [params = [], metrics = [], tags = [], systemTags = []] = JSON.parse(signature) as string[][];
  return { params, metrics, tags, systemTags };
}
