/**
 * searchRuns `order_by` (spec §14), and the identifier layer the filter grammar builds on.
 *
 *   clause     := identifier [ASC | DESC]        direction case-insensitive, default ASC
 *   identifier := entity '.' key | attribute     key = everything after the FIRST dot
 *   entity     := metric(s) | param(s) | parameter(s) | tag(s) | attribute(s) | attr | run | dataset(s)
 *
 * Entity words are lower-case only (`METRICS.x` is an error) and may be backtick-wrapped; keys
 * may be backtick- or double-quoted (`metrics.`val/loss``, `params."a b"`), quotes stripped at
 * the ends only. A bare identifier is an attribute. Orderable attributes: run_id, run_name,
 * status, user_id, artifact_uri, start_time, end_time, created/Created (not `Run Name`, which
 * only filters accept); datasets are not orderable.
 *
 * Sorting follows MLflow's FileStore: runs start in the default order (start_time DESC, then
 * run_id ASC), then each clause, last to first, is applied as a stable sort so the first clause
 * is the primary key. Runs without the value sort last in both directions; a NaN metric sorts
 * after every number (±inf included) but before the runs without the metric, in both directions,
 * as MLflow 2.12 and 3.6 do. Metrics and times compare numerically; params, tags and string attributes by UTF-16 code unit
 * (no locale collation, like Python's code-point order outside astral characters).
 *
 * Deviation: a whole identifier may be backtick-wrapped (`metrics.val loss`); MLflow rejects it.
 */
import { ownValue } from '../records';
import { FilterSyntaxError } from '../errors';
import type { Run } from './types';

export const STRING_ATTRIBUTES = ['run_id', 'run_name', 'status', 'user_id', 'artifact_uri'] as const;
export const NUMERIC_ATTRIBUTES = ['start_time', 'end_time'] as const;
export type StringAttribute = (typeof STRING_ATTRIBUTES)[number];
export type NumericAttribute = (typeof NUMERIC_ATTRIBUTES)[number];
export type AttributeKey = StringAttribute | NumericAttribute;
export type DatasetKey = 'name' | 'digest' | 'context';

/** An identifier resolved to its entity; attribute aliases (`created`, `Run Name`) are canonical. */
export type Identifier = { readonly start: number; readonly raw: string } & (
  | { readonly entity: 'metric' | 'param' | 'tag'; readonly key: string }
  | { readonly entity: 'attribute'; readonly key: AttributeKey }
  | { readonly entity: 'dataset'; readonly key: DatasetKey }
);

export type OrderClause =
  | { readonly kind: 'metric' | 'param' | 'tag'; readonly key: string; readonly ascending: boolean }
  | { readonly kind: 'attribute'; readonly key: AttributeKey; readonly ascending: boolean };

const ENTITIES = new Map<string, Identifier['entity']>([
  ['metric', 'metric'], ['metrics', 'metric'],
  ['param', 'param'], ['params', 'param'], ['parameter', 'param'], ['parameters', 'param'],
  ['tag', 'tag'], ['tags', 'tag'],
  ['attribute', 'attribute'], ['attributes', 'attribute'], ['attr', 'attribute'], ['run', 'attribute'],
  ['dataset', 'dataset'], ['datasets', 'dataset'],
]);
const DATASET_KEYS = new Map<string, DatasetKey>([['name', 'name'], ['digest', 'digest'], ['context', 'context']]);
const ORDER_ATTRIBUTES = new Map<string, AttributeKey>([
  ...[...STRING_ATTRIBUTES, ...NUMERIC_ATTRIBUTES].map((k): [string, AttributeKey] => [k, k]),
  ['created', 'start_time'], ['Created', 'start_time'],
]);
/** Attributes a filter accepts, with MLflow's aliases. */
export const FILTER_ATTRIBUTES: ReadonlyMap<string, AttributeKey> = new Map<string, AttributeKey>([
  ...ORDER_ATTRIBUTES, ['run name', 'run_name'], ['Run name', 'run_name'], ['Run Name', 'run_name'],
]);
const NOT_FILTERABLE = new Set(['experiment_id', 'lifecycle_stage']);
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'ilike']);
const ATTRIBUTE_LIST = 'run_id, run_name, status, user_id, artifact_uri, start_time, end_time';

export const IDENTIFIER_EXPECTED = {
  identifier: 'an identifier such as metrics.rmse',
  entity: 'an entity (metric, param, tag, attribute, dataset) before the dot',
  lowerEntity: 'a lower-case entity (metric, param, tag, attribute, dataset)',
  filterAttribute: `an attribute (${ATTRIBUTE_LIST}) or an entity.key identifier such as metrics.rmse`,
  orderAttribute: `an orderable attribute (${ATTRIBUTE_LIST}, created) or an entity.key identifier such as metrics.rmse`,
  notFilterable: `a filterable attribute (${ATTRIBUTE_LIST}); experiment_id and lifecycle_stage are chosen outside the filter`,
} as const;

export const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const WHITESPACE = /\s/;
export const OP_CHARS: ReadonlySet<string> = new Set(['=', '!', '<', '>']);

/** A cursor over one filter or order_by clause; every failure is a positioned FilterSyntaxError. */
export class Scanner {
  readonly input: string;
  readonly endName: string;
  pos = 0;
  constructor(input: string, endName = 'end of filter') { this.input = input; this.endName = endName; }
  peek(): string { return this.input.charAt(this.pos); }
  atEnd(): boolean { return this.pos >= this.input.length; }
  skipWs(): void { while (WHITESPACE.test(this.peek())) this.pos++; }
  /** The run of word characters starting at `pos` (possibly empty); does not consume it. */
  word(): string {
    let end = this.pos;
    while (WORD_CHAR.test(this.input.charAt(end))) end++;
    return this.input.slice(this.pos, end);
  }
  /** Consumes the next word if it is `keyword` (lower-case; matched case-insensitively). */
  keyword(keyword: string): boolean {
    const word = this.word();
    if (word.toLowerCase() !== keyword) return false;
    this.pos += word.length;
    return true;
  }
  /** Consumes a quoted run, quotes included; a doubled quote stays inside it, as in sqlparse. */
  quoted(): string {
    const quote = this.peek();
    const start = this.pos;
    for (let from = start + 1; ; ) {
      const close = this.input.indexOf(quote, from);
      if (close < 0) this.fail(`a closing ${quote} to end the text quoted here`, start);
      if (this.input.charAt(close + 1) !== quote) {
        this.pos = close + 1;
        return this.input.slice(start, close + 1);
      }
      from = close + 2;
    }
  }
  fail(expected: string, at = this.pos, found?: string): never {
    throw new FilterSyntaxError({ input: this.input, position: at, expected, found: found === undefined ? this.describe(at) : `"${found}"` });
  }
  /** The token at `at`, quoted, for the error message. */
  private describe(at: number): string {
    const input = this.input;
    if (at >= input.length) return this.endName;
    const c = input.charAt(at);
    let end = at + 1;
    if (c === "'" || c === '"' || c === '`') {
      const close = input.indexOf(c, at + 1);
      end = close < 0 ? input.length : close + 1;
    } else if (OP_CHARS.has(c)) {
      while (OP_CHARS.has(input.charAt(end))) end++;
    } else if (WORD_CHAR.test(c) || c === '.' || c === '-' || c === '+') {
      while (/[\p{L}\p{N}\p{M}_.+-]/u.test(input.charAt(end))) end++;
    }
    return `"${input.slice(at, Math.min(end, at + 60))}"`;
  }
}

const stripQuotes = (s: string): string =>
  s.length >= 2 && (s.startsWith("'") || s.startsWith('"')) && s.endsWith(s.charAt(0)) ? s.slice(1, -1) : s;
const trimBackticks = (s: string): string => (s.length >= 2 && s.startsWith('`') && s.endsWith('`') ? s.slice(1, -1) : s);

function scanSegment(s: Scanner): string {
  const c = s.peek();
  if (c === '`' || c === '"') return s.quoted();
  const word = s.word();
  s.pos += word.length;
  return word;
}

/** Reads `entity.key` or a bare attribute and resolves it; `attributes` maps allowed names and aliases. */
export function scanIdentifier(s: Scanner, attributes: ReadonlyMap<string, AttributeKey>, attributeExpected: string): Identifier {
  const start = s.pos;
  const c = s.peek();
  if (!(c === '`' || c === '"' || (WORD_CHAR.test(c) && !/\p{N}/u.test(c)))) s.fail(IDENTIFIER_EXPECTED.identifier);
  const first = scanSegment(s);
  if (KEYWORDS.has(first.toLowerCase())) s.fail(IDENTIFIER_EXPECTED.identifier, start);
  let entityWord: string | null = null;
  let key: string;
  if (s.peek() === '.') {
    s.pos++;
    const keyStart = s.pos;
    for (;;) {
      if (scanSegment(s) === '') s.fail('a key such as rmse or `val/loss` after the dot');
      if (s.peek() !== '.') break;
      s.pos++;
    }
    entityWord = trimBackticks(first);
    key = trimBackticks(stripQuotes(s.input.slice(keyStart, s.pos)));
  } else {
    key = trimBackticks(stripQuotes(first));
    const dot = first.startsWith('`') ? key.indexOf('.') : -1; // whole identifier in backticks
    if (dot > 0 && ENTITIES.has(key.slice(0, dot))) {
      entityWord = key.slice(0, dot);
      key = key.slice(dot + 1);
    }
  }
  const raw = s.input.slice(start, s.pos);
  const entity = entityWord === null ? 'attribute' : ENTITIES.get(entityWord);
  if (entity === undefined) {
    const upper = ENTITIES.has((entityWord ?? '').toLowerCase());
    s.fail(upper ? IDENTIFIER_EXPECTED.lowerEntity : IDENTIFIER_EXPECTED.entity, start, raw);
  }
  if (key === '') s.fail('a non-empty key', start, raw);
  if (entity === 'attribute') {
    const attribute = attributes.get(key);
    if (attribute === undefined) {
      const scoped = attributes === FILTER_ATTRIBUTES && NOT_FILTERABLE.has(key);
      s.fail(scoped ? IDENTIFIER_EXPECTED.notFilterable : attributeExpected, start, raw);
    }
    return { start, raw, entity, key: attribute };
  }
  if (entity === 'dataset') {
    const datasetKey = DATASET_KEYS.get(key);
    if (datasetKey === undefined) s.fail('a dataset key (name, digest, context)', start, raw);
    return { start, raw, entity, key: datasetKey };
  }
  return { start, raw, entity, key };
}

// ---- reading values off a run (shared with filter evaluation) ----

/** Own-property lookup, so keys such as `constructor` never reach Object.prototype. */
export { ownValue };
export const STRING_ATTRIBUTE_GETTERS: Readonly<Record<StringAttribute, (run: Run) => string>> = {
  run_id: (r) => r.runId, run_name: (r) => r.runName, status: (r) => r.status, user_id: (r) => r.userId, artifact_uri: (r) => r.artifactUri,
};
export const NUMERIC_ATTRIBUTE_GETTERS: Readonly<Record<NumericAttribute, (run: Run) => number | null>> = {
  start_time: (r) => r.startTime, end_time: (r) => r.endTime,
};
export const isNumericAttribute = (key: AttributeKey): key is NumericAttribute => key === 'start_time' || key === 'end_time';

// ---- order_by ----

function parseClause(clause: string): OrderClause {
  const s: Scanner = new Scanner(clause, 'end of clause');
  s.skipWs();
  const id = scanIdentifier(s, ORDER_ATTRIBUTES, IDENTIFIER_EXPECTED.orderAttribute);
  if (id.entity === 'dataset') s.fail('a metric, param, tag or attribute to order by', id.start, id.raw);
  s.skipWs();
  const direction = s.keyword('asc') ? 'asc' : s.keyword('desc') ? 'desc' : null;
  s.skipWs();
  if (!s.atEnd()) s.fail(direction === null ? 'ASC, DESC or end of clause' : 'end of clause');
  const ascending = direction !== 'desc';
  return id.entity === 'attribute' ? { kind: 'attribute', key: id.key, ascending } : { kind: id.entity, key: id.key, ascending };
}

/** Parses every clause; throws FilterSyntaxError (position within that clause) at the first bad one. */
export function parseOrderBy(clauses: readonly string[]): OrderClause[] {
  return clauses.map(parseClause);
}

/** A run with its sort key precomputed once per clause, so comparators only read fields. */
interface Item {
  readonly run: Run;
  readonly start: number;
  readonly id: string;
  num: number;
  str: string;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Where a run goes for one clause: among the sorted values, in the NaN group, or last. */
type Placement = 'value' | 'nan' | 'missing';

/** Writes the clause's key into `item` and says where the run goes. */
function loadKey(item: Item, clause: OrderClause): Placement {
  const run = item.run;
  if (clause.kind === 'metric') {
    const summary = ownValue(run.metrics, clause.key);
    if (summary === undefined) return 'missing';
    item.num = summary.latest.value;
    return Number.isNaN(item.num) ? 'nan' : 'value';
  }
  if (clause.kind === 'attribute') {
    if (!isNumericAttribute(clause.key)) {
      item.str = STRING_ATTRIBUTE_GETTERS[clause.key](run);
      return 'value';
    }
    const time = NUMERIC_ATTRIBUTE_GETTERS[clause.key](run);
    if (time === null || Number.isNaN(time)) return 'missing';
    item.num = time;
    return 'value';
  }
  const value = ownValue(clause.kind === 'param' ? run.params : run.tags, clause.key);
  if (value === undefined) return 'missing';
  item.str = value;
  return 'value';
}

const byNumberAsc = (a: Item, b: Item): number => (a.num < b.num ? -1 : a.num > b.num ? 1 : 0);
const byNumberDesc = (a: Item, b: Item): number => (a.num > b.num ? -1 : a.num < b.num ? 1 : 0);
const byStringAsc = (a: Item, b: Item): number => compareStrings(a.str, b.str);
const byStringDesc = (a: Item, b: Item): number => compareStrings(b.str, a.str);

/** Returns a new array: the default order, then the clauses (first clause = primary key). */
export function sortRuns(runs: readonly Run[], clauses: readonly OrderClause[]): Run[] {
  let items: Item[] = runs.map((run) => ({ run, start: run.startTime, id: run.runId, num: 0, str: '' }));
  items.sort((a, b) => (a.start === b.start ? compareStrings(a.id, b.id) : b.start - a.start));
  for (const clause of [...clauses].reverse()) {
    // Stable partition: NaN metrics, then runs lacking the value, keep their relative order after the values.
    const groups: Record<Placement, Item[]> = { value: [], nan: [], missing: [] };
    for (const item of items) groups[loadKey(item, clause)].push(item);
    const present = groups.value;
    const numeric = clause.kind === 'metric' || (clause.kind === 'attribute' && isNumericAttribute(clause.key));
    if (numeric) present.sort(clause.ascending ? byNumberAsc : byNumberDesc);
    else present.sort(clause.ascending ? byStringAsc : byStringDesc);
    items = groups.nan.length + groups.missing.length === 0 ? present : present.concat(groups.nan, groups.missing);
  }
  return items.map((item) => item.run);
}
