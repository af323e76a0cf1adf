/**
 * The subset of MLflow's search grammar the fake server understands, for runs/search,
 * experiments/search, registered-models/search and model-versions/search.
 *
 * A filter is clauses joined by AND (in upper or lower case): `<identifier> <comparator> <value>`.
 * - Identifiers: `metrics.<key>`, `params.<key>`, `tags.<key>`, `attributes.<name>` (also the
 *   singular forms and `attr.`), or a bare attribute name (`name`, `run_name`, `status`, ...). The
 *   key is everything after the first dot (`tags.trainyard.local_run_id`), or a backticked or
 *   double-quoted name (``tags.`my key` ``).
 * - Comparators: `=`, `!=`, `<>`, `<`, `<=`, `>`, `>=` for numbers (metrics, times); `=`, `!=`,
 *   `LIKE`, `ILIKE` (`%` and `_` wildcards), `IN (...)`, `NOT IN (...)` for strings.
 * - Values: 'single' or "double" quoted strings, numbers.
 * `OR` and parentheses (other than an IN list) are refused with 400 INVALID_PARAMETER_VALUE, as
 * MLflow's server refuses them. A missing metric, param or tag never matches, not even `!=`.
 *
 * order_by: `<identifier> [ASC|DESC]` per entry, values missing on a row sorting last.
 */
import { invalid } from './fakeStore';

export type FilterValue = string | number | readonly string[];

export interface FilterClause {
  /** `metrics`, `params`, `tags` or `attributes`. */
  readonly entity: 'metrics' | 'params' | 'tags' | 'attributes';
  readonly key: string;
  readonly comparator: string;
  readonly value: FilterValue;
}

type Token =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string; readonly quote: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'op'; readonly text: string };

const TOKEN = /\s*(?:'([^']*)'|"([^"]*)"|`([^`]*)`|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?![\w.])|(!=|<>|<=|>=|=|<|>|\(|\)|,)|([A-Za-z_][\w.:/-]*))/y;

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < filter.length) {
    if (filter.slice(position).trim() === '') break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(filter);
    if (!match) throw invalid(`Invalid filter '${filter}'. Could not be parsed at position ${position}.`);
    position = TOKEN.lastIndex;
    const [, single, double, backtick, number, op, word] = match;
    if (single !== undefined) tokens.push({ kind: 'string', text: single, quote: "'" });
    else if (double !== undefined) tokens.push({ kind: 'string', text: double, quote: '"' });
    else if (backtick !== undefined) tokens.push({ kind: 'string', text: backtick, quote: '`' });
    else if (number !== undefined) tokens.push({ kind: 'number', value: Number(number) });
    else if (op !== undefined) tokens.push({ kind: 'op', text: op });
    else if (word !== undefined) tokens.push({ kind: 'word', text: word });
  }
  return tokens;
}

const ENTITY_PREFIXES: Record<string, FilterClause['entity']> = {
  metrics: 'metrics', metric: 'metrics',
  params: 'params', param: 'params', parameters: 'params', parameter: 'params',
  tags: 'tags', tag: 'tags',
  attributes: 'attributes', attribute: 'attributes', attr: 'attributes', run: 'attributes',
};

const isWord = (token: Token | undefined, word: string): boolean => token?.kind === 'word' && token.text.toUpperCase() === word;

/** Reads an identifier starting at `index`: returns the entity, key and the index after it. */
function readIdentifier(tokens: readonly Token[], index: number, filter: string): { entity: FilterClause['entity']; key: string; next: number } {
  const token = tokens[index];
  if (token?.kind === 'word') {
    const dot = token.text.indexOf('.');
    const prefix = dot === -1 ? '' : token.text.slice(0, dot).toLowerCase();
    const entity = ENTITY_PREFIXES[prefix];
    if (entity === undefined) return { entity: 'attributes', key: token.text, next: index + 1 };
    const rest = token.text.slice(dot + 1);
    const quoted = tokens[index + 1];
    if (rest === '' && quoted?.kind === 'string' && quoted.quote !== "'") return { entity, key: quoted.text, next: index + 2 };
    if (rest === '') throw invalid(`Invalid filter '${filter}': missing key after '${token.text}'.`);
    return { entity, key: rest, next: index + 1 };
  }
  if (token?.kind === 'string' && token.quote === '`') return { entity: 'attributes', key: token.text, next: index + 1 };
  throw invalid(`Invalid clause(s) in filter string: '${filter}'. Expected an identifier.`);
}

/** Parses a filter into AND-ed clauses; an empty or missing filter is no clause. */
export function parseFilter(filter: string | undefined): FilterClause[] {
  if (filter === undefined || filter.trim() === '') return [];
  const tokens = tokenize(filter);
  const clauses: FilterClause[] = [];
  if (tokens.some((token) => isWord(token, 'OR'))) {
    throw invalid(`Invalid clause(s) in filter string: '${filter}'. 'OR' is not supported.`);
  }
  let index = 0;
  for (;;) {
    const { entity, key, next } = readIdentifier(tokens, index, filter);
    index = next;
    let comparator: string;
    const token = tokens[index];
    if (token?.kind === 'op' && token.text !== '(' && token.text !== ')' && token.text !== ',') {
      comparator = token.text === '<>' ? '!=' : token.text;
      index += 1;
    } else if (isWord(token, 'NOT') && isWord(tokens[index + 1], 'IN')) {
      comparator = 'NOT IN';
      index += 2;
    } else if (isWord(token, 'LIKE') || isWord(token, 'ILIKE') || isWord(token, 'IN')) {
      comparator = (token as { text: string }).text.toUpperCase();
      index += 1;
    } else {
      throw invalid(`Invalid clause(s) in filter string: '${filter}'. Expected a comparator after '${key}'.`);
    }
    let value: FilterValue;
    const valueToken = tokens[index];
    if (comparator === 'IN' || comparator === 'NOT IN') {
      if (valueToken?.kind !== 'op' || valueToken.text !== '(') throw invalid(`Invalid filter '${filter}': IN needs a list in parentheses.`);
      const items: string[] = [];
      index += 1;
      for (;;) {
        const item = tokens[index];
        if (item?.kind !== 'string') throw invalid(`Invalid filter '${filter}': IN lists hold quoted strings.`);
        items.push(item.text);
        const after = tokens[index + 1];
        index += 2;
        if (after?.kind === 'op' && after.text === ')') break;
        if (after?.kind !== 'op' || after.text !== ',') throw invalid(`Invalid filter '${filter}': unclosed IN list.`);
      }
      value = items;
    } else if (valueToken?.kind === 'string') {
      value = valueToken.text;
      index += 1;
    } else if (valueToken?.kind === 'number') {
      value = valueToken.value;
      index += 1;
    } else {
      throw invalid(`Invalid clause(s) in filter string: '${filter}'. Expected a value after '${key} ${comparator}'.`);
    }
    clauses.push({ entity, key, comparator, value });
    if (index >= tokens.length) return clauses;
    if (!isWord(tokens[index], 'AND')) {
      const found = tokens[index];
      const shown = found?.kind === 'op' || found?.kind === 'word' ? found.text : '…';
      throw invalid(`Invalid clause(s) in filter string: '${filter}'. Unexpected '${shown}'.`);
    }
    index += 1;
  }
}

function likeToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, `s${flags}`);
}

/** Whether `actual` (undefined when the row has no such value) satisfies one clause. */
export function matchesClause(clause: FilterClause, actual: string | number | undefined): boolean {
  if (actual === undefined) return false;
  const { comparator, value } = clause;
  if (typeof actual === 'number') {
    const wanted = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (Number.isNaN(wanted)) throw invalid(`Expected a numeric value for '${clause.entity}.${clause.key}', got '${String(value)}'.`);
    switch (comparator) {
      case '=': return actual === wanted;
      case '!=': return actual !== wanted;
      case '<': return actual < wanted;
      case '<=': return actual <= wanted;
      case '>': return actual > wanted;
      case '>=': return actual >= wanted;
      default: throw invalid(`Invalid comparator '${comparator}' for a numeric value of '${clause.key}'.`);
    }
  }
  if (Array.isArray(value)) return comparator === 'IN' ? value.includes(actual) : !value.includes(actual);
  if (typeof value !== 'string') throw invalid(`Expected a quoted string value for '${clause.entity}.${clause.key}'.`);
  switch (comparator) {
    case '=': return actual === value;
    case '!=': return actual !== value;
    case 'LIKE': return likeToRegExp(value, '').test(actual);
    case 'ILIKE': return likeToRegExp(value, 'i').test(actual);
    default: throw invalid(`Invalid comparator '${comparator}' for the string value of '${clause.key}'.`);
  }
}

export interface OrderTerm {
  readonly entity: FilterClause['entity'];
  readonly key: string;
  readonly ascending: boolean;
}

/** Parses `["metrics.loss ASC", "attributes.start_time DESC"]`. */
export function parseOrderBy(orderBy: readonly string[]): OrderTerm[] {
  return orderBy.map((entry) => {
    const tokens = tokenize(entry);
    const { entity, key, next } = readIdentifier(tokens, 0, entry);
    const direction = tokens[next];
    if (next + (direction ? 1 : 0) !== tokens.length || (direction && !isWord(direction, 'ASC') && !isWord(direction, 'DESC'))) {
      throw invalid(`Invalid order_by clause '${entry}'.`);
    }
    return { entity, key, ascending: !isWord(direction, 'DESC') };
  });
}

/** Compares two rows' values for one term: missing values last whatever the direction. */
export function compareValues(a: string | number | undefined, b: string | number | undefined, ascending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const order = a < b ? -1 : a > b ? 1 : 0;
  return ascending ? order : -order;
}

/** The page tokens this server writes: base64 of Python's `json.dumps({"offset": N})`. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    const offset = typeof parsed === 'object' && parsed !== null ? (parsed as { offset?: unknown }).offset : undefined;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the refusal below.
  }
  throw invalid(`Invalid page token, could not base64-decode or parse: '${token}'.`);
}
