/**
 * searchRuns `filter_string`: MLflow's grammar (spec §14) plus OR and parentheses.
 *
 *   filter     := or [AND]               one dangling AND at the very end is tolerated
 *   or         := and (OR and)*          extension; AND binds tighter than OR
 *   and        := primary (AND primary)*
 *   primary    := '(' or ')' | identifier op value              parentheses: extension
 *   op         := = != < <= > >= LIKE ILIKE IN | NOT IN         keywords case-insensitive
 *   value      := number | 'text' | "text" | '(' 'text' (',' 'text')* ')'
 *
 * Identifiers (`metrics.rmse`, `tags.mlflow.runName`, `params."a b"`, bare attributes) are
 * scanned by orderBy.ts, which also holds order_by and sortRuns (re-exported here).
 * Metrics take = != < <= > >= and numeric literals (`+1` and quoted numbers are errors);
 * params/tags = != LIKE ILIKE and quoted strings; string attributes likewise, plus IN/NOT IN
 * for run_id only (ids that are not lower-case are dropped, as MLflow does); start_time/end_time
 * take comparisons with integers. Quotes are stripped at the ends only: `'it''s'` is one token
 * whose value is `it''s`. Metrics use the latest value (§6); a run lacking the metric, param or
 * tag never matches, `!=` included; NaN compares false except with `!=`. Runs have no dataset
 * inputs yet, so `dataset.*` comparisons parse but match nothing.
 *
 * Deliberate deviations from MLflow's FileStore:
 * - OR and parentheses (MLflow has neither).
 * - LIKE/ILIKE follow the SQL stores: only `%` and `_` are wildcards and every other character
 *   (`.`, `(`, `\` ...) is literal. FileStore builds an unescaped regex, so `.` matches anything.
 * - Comparisons must be joined by AND/OR: sqlparse silently ANDs `a = 1 b = 2` and skips stray
 *   ANDs anywhere; here only one trailing AND is accepted.
 */
import {
  FILTER_ATTRIBUTES,
  IDENTIFIER_EXPECTED,
  NUMERIC_ATTRIBUTE_GETTERS,
  OP_CHARS,
  STRING_ATTRIBUTE_GETTERS,
  Scanner,
  WORD_CHAR,
  isNumericAttribute,
  ownValue,
  scanIdentifier,
} from './orderBy';
import type { DatasetKey, NumericAttribute, StringAttribute } from './orderBy';
import type { Run } from './types';

export { parseOrderBy, sortRuns } from './orderBy';
export type { OrderClause } from './orderBy';

export const NUMERIC_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;
export const STRING_OPS = ['=', '!=', 'LIKE', 'ILIKE'] as const;
export type NumericOp = (typeof NUMERIC_OPS)[number];
export type StringOp = (typeof STRING_OPS)[number];
export type ListOp = 'IN' | 'NOT IN';
type Op = NumericOp | StringOp | ListOp;

export type FilterExpr =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly FilterExpr[] }
  | { readonly kind: 'metric'; readonly key: string; readonly op: NumericOp; readonly value: number }
  | { readonly kind: 'param' | 'tag'; readonly key: string; readonly op: StringOp; readonly value: string }
  | { readonly kind: 'stringAttribute'; readonly key: StringAttribute; readonly op: StringOp; readonly value: string }
  | { readonly kind: 'numericAttribute'; readonly key: NumericAttribute; readonly op: NumericOp; readonly value: number }
  | { readonly kind: 'runIdIn'; readonly op: ListOp; readonly values: readonly string[] }
  | { readonly kind: 'dataset'; readonly key: DatasetKey; readonly op: StringOp | ListOp; readonly value: string | readonly string[] };

export const EXPECTED = {
  ...IDENTIFIER_EXPECTED,
  operator: 'an operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)',
  number: 'a number',
  integer: 'an integer (milliseconds since the epoch)',
  string: 'a quoted string',
  list: "a parenthesised list of quoted strings such as ('a', 'b')",
  metricOp: 'a metric operator (=, !=, <, <=, >, >=)',
  closeParen: "AND, OR or ')'",
  end: 'AND, OR or end of filter',
} as const;

const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const INTEGER = /-?\d+/y;

function scanOperator(s: Scanner): Op {
  if (OP_CHARS.has(s.peek())) {
    let end = s.pos;
    while (OP_CHARS.has(s.input.charAt(end))) end++;
    const text = s.input.slice(s.pos, end);
    const op = NUMERIC_OPS.find((o) => o === text);
    if (op === undefined) s.fail(EXPECTED.operator);
    s.pos = end;
    return op;
  }
  const word = s.word().toUpperCase();
  if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') {
    s.pos += word.length;
    return word;
  }
  if (word !== 'NOT') s.fail(EXPECTED.operator);
  s.pos += word.length;
  s.skipWs();
  if (!s.keyword('in')) s.fail('IN after NOT');
  return 'NOT IN';
}

function scanNumber(s: Scanner, pattern: RegExp, expected: string): number {
  pattern.lastIndex = s.pos;
  const match = pattern.exec(s.input);
  const next = s.input.charAt(pattern.lastIndex);
  if (match === null || WORD_CHAR.test(next) || next === '.') s.fail(expected);
  s.pos = pattern.lastIndex;
  return Number(match[0]);
}

function scanString(s: Scanner): string {
  const c = s.peek();
  if (c !== "'" && c !== '"') s.fail(EXPECTED.string);
  return s.quoted().slice(1, -1);
}

function scanList(s: Scanner): string[] {
  if (s.peek() !== '(') s.fail(EXPECTED.list);
  s.pos++;
  const values: string[] = [];
  for (;;) {
    s.skipWs();
    if (values.length > 0 && s.peek() === ')') break; // trailing comma, as Python's literal_eval allows
    values.push(scanString(s));
    s.skipWs();
    if (s.peek() !== ',') break;
    s.pos++;
  }
  if (s.peek() !== ')') s.fail("',' or ')'");
  s.pos++;
  return values;
}

const isNumericOp = (op: Op): op is NumericOp => NUMERIC_OPS.some((o) => o === op);
const isStringOp = (op: Op): op is StringOp => STRING_OPS.some((o) => o === op);
/** Python's str.islower(): at least one cased character and no upper-case one. */
const isLower = (id: string): boolean => id === id.toLowerCase() && id !== id.toUpperCase();

function parseComparison(s: Scanner): FilterExpr {
  const id = scanIdentifier(s, FILTER_ATTRIBUTES, IDENTIFIER_EXPECTED.filterAttribute);
  s.skipWs();
  const opStart = s.pos;
  const op = scanOperator(s);
  s.skipWs();
  switch (id.entity) {
    case 'metric':
      if (!isNumericOp(op)) s.fail(EXPECTED.metricOp, opStart);
      return { kind: 'metric', key: id.key, op, value: scanNumber(s, NUMBER, EXPECTED.number) };
    case 'param':
    case 'tag':
      if (!isStringOp(op)) s.fail(`a ${id.entity} operator (=, !=, LIKE, ILIKE)`, opStart);
      return { kind: id.entity, key: id.key, op, value: scanString(s) };
    case 'dataset':
      if (isStringOp(op)) return { kind: 'dataset', key: id.key, op, value: scanString(s) };
      if (op === 'IN' || op === 'NOT IN') return { kind: 'dataset', key: id.key, op, value: scanList(s) };
      return s.fail('a dataset operator (=, !=, LIKE, ILIKE, IN, NOT IN)', opStart);
    case 'attribute': {
      const key = id.key;
      if (isNumericAttribute(key)) {
        if (!isNumericOp(op)) s.fail(`an operator for ${key} (=, !=, <, <=, >, >=)`, opStart);
        return { kind: 'numericAttribute', key, op, value: scanNumber(s, INTEGER, EXPECTED.integer) };
      }
      if (isStringOp(op)) return { kind: 'stringAttribute', key, op, value: scanString(s) };
      if (key !== 'run_id' || (op !== 'IN' && op !== 'NOT IN')) {
        s.fail(`an operator for ${key} (=, !=, LIKE, ILIKE); IN and NOT IN work only with run_id`, opStart);
      }
      // MLflow drops ids that are not lower-case (run ids always are; MySQL's IN ignores case).
      return { kind: 'runIdIn', op, values: scanList(s).filter(isLower) };
    }
  }
}

function parsePrimary(s: Scanner, depth: number): FilterExpr {
  s.skipWs();
  if (s.peek() !== '(') return parseComparison(s);
  s.pos++;
  const inner = parseOr(s, depth + 1);
  s.skipWs();
  if (s.peek() !== ')') s.fail(EXPECTED.closeParen);
  s.pos++;
  return inner;
}

function parseAnd(s: Scanner, depth: number): FilterExpr {
  const first = parsePrimary(s, depth);
  const rest: FilterExpr[] = [];
  for (;;) {
    s.skipWs();
    if (!s.keyword('and')) break;
    s.skipWs();
    if (depth === 0 && s.atEnd()) break; // MLflow tolerates a dangling trailing AND
    rest.push(parsePrimary(s, depth));
  }
  return rest.length === 0 ? first : { kind: 'and', operands: [first, ...rest] };
}

function parseOr(s: Scanner, depth: number): FilterExpr {
  const first = parseAnd(s, depth);
  const rest: FilterExpr[] = [];
  while (s.keyword('or')) rest.push(parseAnd(s, depth));
  return rest.length === 0 ? first : { kind: 'or', operands: [first, ...rest] };
}

/** Parses (and compiles) a filter; null for empty or whitespace-only input. */
export function parseFilter(filter: string): FilterExpr | null {
  const s: Scanner = new Scanner(filter);
  s.skipWs();
  if (s.atEnd()) return null;
  const expr = parseOr(s, 0);
  if (!s.atEnd()) s.fail(EXPECTED.end);
  compiled.set(expr, compile(expr));
  return expr;
}

// ---- evaluation: an expression compiles once (at parse time) into closures ----

type Predicate = (run: Run) => boolean;
const compiled = new WeakMap<FilterExpr, Predicate>();

const NUMERIC_TESTS: Readonly<Record<NumericOp, (x: number, v: number) => boolean>> = {
  '=': (x, v) => x === v, '!=': (x, v) => x !== v, '<': (x, v) => x < v, '<=': (x, v) => x <= v, '>': (x, v) => x > v, '>=': (x, v) => x >= v,
};

/**
 * LIKE as the SQL stores do it: `%` = any run of characters, `_` = exactly one, all else literal.
 * (FileStore builds its regex without escaping, so `.` or `(` act as regex syntax there; we don't.)
 */
export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'isu' : 'su');
}

function stringTest(op: StringOp, v: string): (x: string) => boolean {
  if (op === '=') return (x) => x === v;
  if (op === '!=') return (x) => x !== v;
  const regex = likeToRegExp(v, op === 'ILIKE');
  return (x) => regex.test(x);
}

function compile(expr: FilterExpr): Predicate {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const parts = expr.operands.map(compile);
      const decisive = expr.kind === 'or'; // the operand result that settles the whole
      return (run) => {
        for (const part of parts) if (part(run) === decisive) return decisive;
        return !decisive;
      };
    }
    case 'metric': {
      const { key, value } = expr;
      const test = NUMERIC_TESTS[expr.op];
      return (run) => {
        const metric = ownValue(run.metrics, key);
        return metric !== undefined && test(metric.latest.value, value);
      };
    }
    case 'param':
    case 'tag': {
      const { key } = expr;
      const test = stringTest(expr.op, expr.value);
      const field = expr.kind === 'param' ? 'params' : 'tags';
      return (run) => {
        const value = ownValue(run[field], key);
        return value !== undefined && test(value);
      };
    }
    case 'stringAttribute': {
      const get = STRING_ATTRIBUTE_GETTERS[expr.key];
      const test = stringTest(expr.op, expr.value);
      return (run) => test(get(run));
    }
    case 'numericAttribute': {
      const { value } = expr;
      const get = NUMERIC_ATTRIBUTE_GETTERS[expr.key];
      const test = NUMERIC_TESTS[expr.op];
      return (run) => {
        const time = get(run);
        return time !== null && test(time, value);
      };
    }
    case 'runIdIn': {
      const ids = new Set(expr.values);
      const negate = expr.op === 'NOT IN';
      return (run) => ids.has(run.runId) !== negate;
    }
    case 'dataset':
      return () => false; // runs carry no dataset inputs yet, so "any input matches" is false
  }
}

/** A reusable predicate for `expr` (null matches everything); hand-built ASTs compile on first use. */
export function compileFilter(expr: FilterExpr | null): Predicate {
  if (expr === null) return () => true;
  let predicate = compiled.get(expr);
  if (predicate === undefined) compiled.set(expr, (predicate = compile(expr)));
  return predicate;
}

export function matchesFilter(expr: FilterExpr | null, run: Run): boolean {
  return compileFilter(expr)(run);
}
