/**
 * Reading single mlruns files: meta.yaml documents (YAML 1.1, like PyYAML) into typed fields, and
 * value files (params, tags) as exact UTF-8 text. Every problem becomes a BundleError naming the
 * entry and, where there is one, the line.
 */
import { TrackingError } from '../errors';
import { longFileNameProblem } from '../tracking/validation';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { LifecycleStage, RunStatus } from '../tracking/types';
import type { BundleError } from './bundle.types';
import { STATUS_BY_CODE } from './mlrunsFormat';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The exact text of a UTF-8 file (a BOM is kept: it is part of an MLflow value), or null after reporting. */
export function decodeText(bytes: Uint8Array, entry: string, errors: BundleError[]): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    errors.push({ entry, message: 'The file is not valid UTF-8 text.' });
    return null;
  }
}

/**
 * The key characters MLflow 3.x's FileStore accepts when it reads params, metrics and tags back
 * (`_validate_metric_name` / `_validate_tag_name`): Python's `\w` (Unicode letters and numbers,
 * `_`), `/`, `.`, `-`, space and — except on Windows — `:`. 2.x refuses the colon; import takes
 * what the newest MLflow reads. Logging keeps the stricter rule (tracking/validation.ts).
 */
const IMPORTED_KEY_CHARS = /^[\p{L}\p{N}_/.\- :]+$/u;

/**
 * Why a param, metric or tag key read from a bundle can't be imported, or null when it can. The
 * rule is MLflow's on read (characters above, a normalised relative path) — no length limit, as
 * the FileStore checks none when reading — plus Trainyard's one reservation: a `__proto__` path
 * segment, which IndexedDB's structured cloning in Dexie would turn into a prototype change.
 */
export function importedKeyProblem(kind: string, key: string): string | null {
  const shown = JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
  if (key.length === 0) return `Invalid ${kind} key: it is empty.`;
  if (!IMPORTED_KEY_CHARS.test(key)) {
    return `Invalid ${kind} key ${shown}: only letters, digits, underscores, '/', '.', '-', ':' and spaces are allowed (MLflow's key rule).`;
  }
  const parts = key.split('/');
  if (key.startsWith('..') || parts.some((part) => part === '' || part === '.' || part === '..')) {
    return `Invalid ${kind} key ${shown}: it must be a normalised relative path (no leading or trailing '/', no '//', '.', '..').`;
  }
  if (parts.includes('__proto__')) return `Invalid ${kind} key ${shown}: "__proto__" is reserved in Trainyard's browser store.`;
  const long = longFileNameProblem(key);
  if (long !== null) return `Invalid ${kind} key ${shown}: ${long}`;
  return null;
}

/**
 * Export writes what was logged or imported: a key is refused only when MLflow 3.x could not read
 * it back (the same rule the importer applies), so runs imported from 3.x with `:` or long keys
 * export as they came. What MLflow 2.x would refuse is reported by mlflow2Compatibility.ts.
 */
export function exportableKey(kind: string, key: string): string {
  const problem = importedKeyProblem(kind, key);
  if (problem !== null) throw new TrackingError('INVALID_PARAMETER_VALUE', problem);
  return key;
}

interface Field {
  value: unknown;
  line: number;
}

/** A meta.yaml's top-level fields with their line numbers. */
export class MetaFields {
  readonly entry: string;
  private readonly fields: Map<string, Field>;
  private readonly errors: BundleError[];

  constructor(entry: string, fields: Map<string, Field>, errors: BundleError[]) {
    this.entry = entry;
    this.fields = fields;
    this.errors = errors;
  }

  has(key: string): boolean {
    return this.fields.has(key) && this.fields.get(key)?.value !== null;
  }

  private fail(key: string, field: Field | undefined, message: string): undefined {
    this.errors.push({ entry: this.entry, ...(field ? { line: field.line } : {}), message: `${key}: ${message}` });
    return undefined;
  }

  private shown(value: unknown): string {
    if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    if (value instanceof Date) return `a date (${value.toISOString()})`;
    if (Array.isArray(value)) return 'a list';
    if (typeof value === 'object' && value !== null) return 'a mapping';
    return String(value);
  }

  /** A string field; `undefined` when absent/null (reported if required) or of the wrong type (reported). */
  string(key: string, required = false): string | undefined {
    const field = this.fields.get(key);
    if (field === undefined || field.value === null) return required ? this.fail(key, field, 'is missing.') : undefined;
    if (typeof field.value !== 'string') return this.fail(key, field, `expected text, got ${this.shown(field.value)}.`);
    return field.value;
  }

  /** An id written as a string or, in legacy files, as an int. */
  id(key: string, required = false): string | undefined {
    const field = this.fields.get(key);
    if (field !== undefined && (typeof field.value === 'bigint' || (typeof field.value === 'number' && Number.isInteger(field.value)))) {
      return String(field.value);
    }
    return this.string(key, required);
  }

  /** Integer milliseconds (or a status code); null when written as null; undefined when absent or wrong (reported). */
  integer(key: string, required = false): number | null | undefined {
    const field = this.fields.get(key);
    if (field === undefined) return required ? this.fail(key, field, 'is missing.') : undefined;
    const { value } = field;
    if (value === null) return required ? this.fail(key, field, 'is null, but an integer is required.') : null;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    return this.fail(key, field, `expected an integer, got ${this.shown(value)}.`);
  }

  lifecycleStage(): LifecycleStage | undefined {
    const stage = this.string('lifecycle_stage');
    if (stage === undefined || stage === 'active' || stage === 'deleted') return stage;
    return this.fail('lifecycle_stage', this.fields.get('lifecycle_stage'), `expected "active" or "deleted", got ${this.shown(stage)}.`);
  }

  status(): RunStatus | undefined {
    const field = this.fields.get('status');
    if (field === undefined || field.value === null) return 'RUNNING';
    const code = typeof field.value === 'bigint' ? Number(field.value) : field.value;
    const status = typeof code === 'number' ? STATUS_BY_CODE.get(code) : undefined;
    if (status) return status;
    return this.fail('status', field, `expected a status code 1–5 (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED), got ${this.shown(field.value)}.`);
  }

  lineOf(key: string): number | undefined {
    return this.fields.get(key)?.line;
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] as string).replace(/ at line \d+, column \d+:?$/, '');
}

/** Parses a meta.yaml as PyYAML's safe loader would (YAML 1.1, big ints exact); null after reporting. */
export function parseMetaYaml(text: string, entry: string, errors: BundleError[]): MetaFields | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', intAsBigInt: true, lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0].line;
      errors.push({ entry, ...(line !== undefined ? { line } : {}), message: `Malformed YAML: ${firstLine(error.message)}.` });
    }
    return null;
  }
  if (!isMap(doc.contents)) {
    errors.push({ entry, message: 'Expected a YAML mapping of fields (key: value lines).' });
    return null;
  }
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    errors.push({ entry, message: `Malformed YAML: ${error instanceof Error ? firstLine(error.message) : String(error)}.` });
    return null;
  }
  const fields = new Map<string, Field>();
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const line = pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : 1;
    fields.set(key, { value: Object.hasOwn(js as object, key) ? (js as Record<string, unknown>)[key] : null, line });
  }
  return new MetaFields(entry, fields, errors);
}
