/**
 * MLflow's `search_registered_models` filter: comparisons on `name` or `tags.<key>` with `=`,
 * `!=`, `LIKE` or `ILIKE` against a quoted string, joined by AND, e.g.
 * `name LIKE '%wine%' AND tags.team = 'ml'`. LIKE uses `%` (any run) and `_` (one character).
 */
import { FilterSyntaxError } from '../errors';

type Op = '=' | '!=' | 'LIKE' | 'ILIKE';
interface Clause {
  field: { kind: 'name' } | { kind: 'tag'; key: string };
  op: Op;
  value: string;
}

interface Filterable {
  name: string;
  tags: Record<string, string>;
}

const TOKEN = /\s*(?:(`(?:[^`])*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(!=|=)|(\w+\.`[^`]*`|[\w.]+))/y;

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

export function parseRegistryFilter(input: string): Clause[] {
  const clauses: Clause[] = [];
  let pos = 0;
  const fail = (expected: string): never => {
    throw new FilterSyntaxError({ input, position: pos, expected, found: pos >= input.length ? 'the end' : `"${input.slice(pos, pos + 10)}"` });
  };
  const next = (): { text: string; quoted: boolean; start: number } | null => {
    while (pos < input.length && /\s/.test(input[pos] ?? '')) pos++;
    if (pos >= input.length) return null;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(input);
    if (!m) return fail('a name, operator or quoted value');
    const start = pos;
    pos = TOKEN.lastIndex;
    return { text: m[1] ?? m[2] ?? m[3] ?? '', quoted: m[1] !== undefined, start };
  };
  if (input.trim() === '') return clauses;
  for (;;) {
    const identifier = next() ?? fail('name or tags.<key>');
    let field: Clause['field'];
    if (!identifier.quoted && identifier.text.toLowerCase() === 'name') field = { kind: 'name' };
    else if (!identifier.quoted && /^tags?\./i.test(identifier.text)) {
      const raw = identifier.text.replace(/^tags?\./i, '');
      field = { kind: 'tag', key: raw.startsWith('`') ? unquote(raw) : raw };
    } else {
      pos = identifier.start;
      return fail('name or tags.<key>');
    }
    const opToken = next() ?? fail('=, !=, LIKE or ILIKE');
    const op = opToken.text.toUpperCase();
    if (op !== '=' && op !== '!=' && op !== 'LIKE' && op !== 'ILIKE') {
      pos = opToken.start;
      return fail('=, !=, LIKE or ILIKE');
    }
    const value = next();
    if (!value || !value.quoted || value.text.startsWith('`')) {
      if (value) pos = value.start;
      return fail("a quoted value such as 'abc'");
    }
    clauses.push({ field, op, value: unquote(value.text) });
    const and = next();
    if (!and) return clauses;
    if (and.text.toUpperCase() !== 'AND') {
      pos = and.start;
      return fail('AND');
    }
  }
}

function likeToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, `s${flags}`);
}

function matches(clause: Clause, item: Filterable): boolean {
  const actual = clause.field.kind === 'name' ? item.name : Object.hasOwn(item.tags, clause.field.key) ? item.tags[clause.field.key] : undefined;
  if (actual === undefined) return false;
  switch (clause.op) {
    case '=':
      return actual === clause.value;
    case '!=':
      return actual !== clause.value;
    case 'LIKE':
      return likeToRegExp(clause.value, 'u').test(actual);
    case 'ILIKE':
      return likeToRegExp(clause.value, 'iu').test(actual);
  }
}

/** A predicate for the filter; throws FilterSyntaxError naming the position when it is malformed. */
export function searchFilterPredicate(filter: string): (item: Filterable) => boolean {
  const clauses = parseRegistryFilter(filter);
  return (item) => clauses.every((clause) => matches(clause, item));
}
