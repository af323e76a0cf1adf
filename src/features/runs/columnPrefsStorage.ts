/**
 * The runs table's column prefs as stored JSON (one entry per experiment in localStorage). Stored
 * JSON is user-editable and may be stale or hostile: parsing keeps only well-formed entries, caps
 * every list and never throws. Version 1 (before the main metric, widths and known keys) still reads.
 */
import { EMPTY_PREFS, type ColumnPrefs } from './columnPrefs';
import { clampWidth } from './runsTableLayout';
import { METRIC_SUMMARY_CHOICES, type MetricSummaryChoice } from './runsTableModel';

export const PREFS_VERSION = 2;
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

function pairs(value: unknown): Array<[string, unknown]> {
  if (!Array.isArray(value)) return [];
  const out: Array<[string, unknown]> = [];
  for (const pair of value.slice(0, MAX_ENTRIES)) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [key, item] = pair as unknown[];
    if (typeof key === 'string' && key.length > 0 && key.length <= MAX_KEY_LENGTH) out.push([key, item]);
  }
  return out;
}

const isSummaryChoice = (value: unknown): value is MetricSummaryChoice =>
  typeof value === 'string' && (METRIC_SUMMARY_CHOICES as readonly string[]).includes(value);

const isColumnId = (id: string) => COLUMN_ID.test(id) && id.indexOf(':') < id.length - 1;

/** Stored prefs, or the defaults for anything missing, malformed, from an unknown version or not JSON. */
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
  const version = Object.hasOwn(record, 'v') ? record['v'] : undefined;
  if (version !== 1 && version !== PREFS_VERSION) return EMPTY_PREFS;
  const own = (key: string): unknown => (Object.hasOwn(record, key) ? record[key] : undefined);
  const shown = new Set(stringList(own('shown'), isColumnId));
  const hidden = new Set(stringList(own('hidden'), (id) => isColumnId(id) && !shown.has(id)));
  const summaries = new Map<string, MetricSummaryChoice>();
  for (const [key, summary] of pairs(own('summaries'))) {
    if (isSummaryChoice(summary) && summary !== 'latest') summaries.set(key, summary);
  }
  const knownList = own('known');
  const known = Array.isArray(knownList) ? new Set(stringList(knownList, isColumnId)) : null;
  const main = own('main');
  const mainMetric = typeof main === 'string' && main.length > 0 && main.length <= MAX_KEY_LENGTH ? main : null;
  const widths = new Map<string, number>();
  for (const [key, width] of pairs(own('widths'))) {
    if (isColumnId(key) && typeof width === 'number' && Number.isFinite(width)) widths.set(key, clampWidth(width));
  }
  return { shown, hidden, summaries, known, mainMetric, widths };
}

export function serializeColumnPrefs(prefs: ColumnPrefs): string {
  return JSON.stringify({
    v: PREFS_VERSION,
    shown: [...prefs.shown],
    hidden: [...prefs.hidden],
    summaries: [...prefs.summaries],
    known: prefs.known === null ? null : [...prefs.known],
    main: prefs.mainMetric,
    widths: [...prefs.widths],
  });
}
