/**
 * Turns what zod found wrong with a console call into plain sentences that name the verb, the
 * argument and what was expected:
 *   searchRuns: argument 1 (filter) must be a filter string, like "metrics.rmse < 0.8", got an object
 *   searchRuns: options.maxResults must be an integer ≥ 1, got "10"
 *   searchRuns: options has no key "maxResult" (did you mean "maxResults"?); it takes experimentIds, …
 * The schemas (schemaParts.ts) give each leaf its expected words; `issueWords` words the rest.
 */
import type { z } from 'zod';
import { closestName } from '../../domain/recipes/closestName';
import type { Signature } from './schemaParts';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  tuple: 'an array',
  record: 'an object',
  function: 'a function',
  undefined: 'left out',
};

function keysOf(schema: unknown): string[] | undefined {
  const shape = (schema as { shape?: unknown } | undefined)?.shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : undefined;
}

/** The per-parse error map: words for the issues no schema labelled itself. */
export function issueWords(issue: RawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    const keys = keysOf(issue.inst);
    if (keys) return `an object${keys.length > 0 ? ` ({ ${keys.join(', ')} })` : ''}`;
    return TYPE_WORDS[issue.expected] ?? issue.expected;
  }
  if (issue.code === 'unrecognized_keys') {
    const known = keysOf(issue.inst) ?? [];
    const [first] = issue.keys;
    const suggestion = issue.keys.length === 1 && first !== undefined ? closestName(first, known) : undefined;
    const unknown = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    const hint = suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`;
    return `has no key${issue.keys.length > 1 ? 's' : ''} ${unknown}${hint}; it takes ${known.length > 0 ? known.join(', ') : 'no keys'}`;
  }
  return undefined;
}

/** A received value in a few words: strings quoted (cut short), objects by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return typeof File !== 'undefined' && value instanceof File ? 'a File' : 'a Blob';
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== 'Object' && name !== '' ? `a ${name}` : 'an object';
}

/** The value at `path`, and whether it was given at all (an explicit `undefined` was). */
function valueAt(args: readonly unknown[], path: readonly PropertyKey[]): { given: boolean; value: unknown } {
  let value: unknown = args;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !(key in value)) return { given: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { given: true, value };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `argument 1 (filter)` for an argument, `options.maxResults` or `selection.runIds[0]` inside one. */
function where(signature: Signature, path: readonly PropertyKey[]): string {
  const [index, ...rest] = path;
  const name = typeof index === 'number' ? (signature.names[index] ?? `argument ${index + 1}`) : 'the arguments';
  if (rest.length === 0) return typeof index === 'number' ? `argument ${index + 1} (${name})` : name;
  return rest.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const part = String(key);
    return IDENTIFIER.test(part) ? `${text}.${part}` : `${text}[${JSON.stringify(part)}]`;
  }, name);
}

function argumentList(signature: Signature): string {
  return signature.names.length === 0 ? 'no arguments' : `${signature.names.length} argument${signature.names.length > 1 ? 's' : ''} (${signature.names.join(', ')})`;
}

/** One sentence per problem, `verb: …`, joined with "; ". */
export function formatIssues(verb: string, signature: Signature, args: readonly unknown[], issues: readonly Issue[]): string {
  const sentences = issues.map((issue) => {
    const at = issue.path as readonly PropertyKey[];
    if (at.length === 0 && issue.code === 'too_big') return `${verb} takes at most ${argumentList(signature)}, got ${args.length}`;
    if (at.length === 0 && issue.code === 'too_small') {
      const needed = signature.names.slice(0, Number(issue.minimum));
      return `${verb} needs ${needed.length} argument${needed.length > 1 ? 's' : ''} (${needed.join(', ')}), got ${args.length}`;
    }
    if (issue.code === 'unrecognized_keys') {
      const [index] = at;
      const name = at.length === 1 && typeof index === 'number' ? (signature.names[index] ?? where(signature, at)) : where(signature, at);
      return `${verb}: ${name} ${issue.message}`;
    }
    const { given, value } = valueAt(args, at);
    const got = given ? describeValue(value) : 'nothing';
    return `${verb}: ${where(signature, at)} must be ${issue.message}, got ${got}`;
  });
  return sentences.join('; ');
}
