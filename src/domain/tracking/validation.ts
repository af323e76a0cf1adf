/**
 * MLflow's write-side validation (spec §13). Every message names the field and the offending key
 * so the user can find it; nothing here touches the store.
 *
 * Lengths are counted as MLflow counts them, in Unicode code points (Python's `len`), not in
 * JavaScript's UTF-16 units: an emoji is one character, not two.
 */
import { TrackingError } from '../errors';
import type { ParamValue } from './types';

export const MAX_KEY_LENGTH = 250;
export const MAX_PARAM_VALUE_LENGTH = 6000;
/** MLflow 2.x's run tag limit (3.x allows 8000): keeping to it keeps bundles re-loggable by 2.x. */
export const MAX_TAG_VALUE_LENGTH = 5000;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
export const MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;

/**
 * Python's `\w` (Unicode letters and numbers, and `_`), `/`, `.`, `-` and space: MLflow's key
 * pattern, which it checks on read too. No `:` (2.x rejects it and can't read such runs).
 */
const KEY_CHARS = /^[\p{L}\p{N}_/.\- ]+$/u;

type KeyKind = 'param' | 'metric' | 'tag' | 'experiment tag' | 'artifact path';

function invalid(message: string): TrackingError {
  return new TrackingError('INVALID_PARAMETER_VALUE', message);
}

/**
 * The length of `text` in Unicode code points, as Python's `len` counts it (and so MLflow's
 * limits): a surrogate pair is one, a lone surrogate is one too.
 */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/** Whether `text` is longer than `limit` code points; texts of up to `limit` UTF-16 units are never counted. */
export function exceedsCodePoints(text: string, limit: number): boolean {
  return text.length > limit && codePointLength(text) > limit;
}

/**
 * "6001 characters", with "(Unicode code points)" when that differs from what JavaScript's
 * `.length` says, so a user counting with `.length` sees why the numbers disagree.
 */
export function describeLength(text: string): string {
  const length = codePointLength(text);
  return length === text.length ? `${length} characters` : `${length} characters (Unicode code points)`;
}

/** Quoted for a message, cut to 60 code points (never inside a surrogate pair). */
export function shownText(text: string): string {
  if (text.length <= 60) return JSON.stringify(text);
  const points = Array.from(text);
  return JSON.stringify(points.length > 60 ? `${points.slice(0, 60).join('')}…` : text);
}

/** A key must be a normalised relative POSIX path of allowed characters (it becomes a file path in mlruns/). */
export function validateKey(kind: KeyKind, key: unknown): string {
  if (typeof key !== 'string') throw invalid(`Invalid ${kind} key: expected a string, got ${typeof key}.`);
  const shown = shownText(key);
  if (key.length === 0) throw invalid(`Invalid ${kind} key: it is empty.`);
  if (exceedsCodePoints(key, MAX_KEY_LENGTH)) {
    throw invalid(`Invalid ${kind} key ${shown}: ${describeLength(key)}, the limit is ${MAX_KEY_LENGTH}.`);
  }
  if (!KEY_CHARS.test(key)) {
    throw invalid(
      `Invalid ${kind} key ${shown}: only letters, digits, underscores, '/', '.', '-' and spaces are allowed.`,
    );
  }
  if (key.split('/').includes('__proto__')) {
    // MLflow allows it, but IndexedDB libraries clone records with plain assignment, which turns
    // this one name into a prototype change and silently drops the value. Refuse it loudly instead.
    throw invalid(`Invalid ${kind} key ${shown}: "__proto__" is reserved in Trainyard's browser store.`);
  }
  if (!isNormalisedPath(key)) {
    throw invalid(
      `Invalid ${kind} key ${shown}: it must be a normalised relative path (no leading or trailing '/', no '//', '.', '..').`,
    );
  }
  const long = longFileNameProblem(key);
  if (long !== null) throw invalid(`Invalid ${kind} key ${shown}: ${long}`);
  return key;
}

const utf8Encoder = new TextEncoder();
/** Linux's and macOS's limit on one file name, which every part of a key between '/' becomes in mlruns/. */
export const MAX_FILE_NAME_BYTES = 255;

/**
 * Why a key can't be a path in an `mlruns/` folder on disk — a part between '/' longer than
 * 255 bytes in UTF-8 (e.g. 86 CJK characters), which MLflow's FileStore can't write and `unzip`
 * can't extract — or null.
 */
export function longFileNameProblem(key: string): string | null {
  for (const part of key.split('/')) {
    const bytes = part.length > MAX_FILE_NAME_BYTES / 3 ? utf8Encoder.encode(part).length : 0;
    if (bytes > MAX_FILE_NAME_BYTES) {
      return `the part "${part.slice(0, 20)}…" is ${bytes} bytes in UTF-8, but a file name on disk (as in MLflow's mlruns/ folder) can be at most ${MAX_FILE_NAME_BYTES}; split it with '/'.`;
    }
  }
  return null;
}

function isNormalisedPath(key: string): boolean {
  if (key === '.' || key.startsWith('/') || key.startsWith('..') || key.endsWith('/')) return false;
  return key.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Params are stored as strings, like MLflow's str(); longer values are rejected rather than silently cut. */
export function stringifyParam(key: string, value: ParamValue): string {
  const text = value === null ? 'None' : typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean' && value !== null) {
    throw invalid(`Invalid value for param "${key}": expected a string, number or boolean, got ${typeof value}.`);
  }
  if (exceedsCodePoints(text, MAX_PARAM_VALUE_LENGTH)) {
    throw invalid(`Param "${key}" value is ${describeLength(text)} long; the limit is ${MAX_PARAM_VALUE_LENGTH}.`);
  }
  return text;
}

export function validateTagValue(key: string, value: unknown, limit = MAX_TAG_VALUE_LENGTH): string {
  if (typeof value !== 'string') {
    throw invalid(`Invalid value for tag "${key}": expected a string, got ${typeof value}.`);
  }
  if (exceedsCodePoints(value, limit)) {
    throw invalid(`Tag "${key}" value is ${describeLength(value)} long; the limit is ${limit}.`);
  }
  return value;
}

export function validateMetricValue(key: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw invalid(`Invalid value for metric "${key}": expected a number, got ${typeof value}.`);
  }
  return value;
}

export function validateStep(key: string, step: unknown): number {
  if (typeof step !== 'number' || !Number.isInteger(step)) {
    throw invalid(`Invalid step for metric "${key}": expected an integer, got ${String(step)}.`);
  }
  return step;
}

export function validateTimestamp(key: string, timestamp: unknown): number {
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0) {
    throw invalid(
      `Invalid timestamp for metric "${key}": expected non-negative integer milliseconds, got ${String(timestamp)}.`,
    );
  }
  return timestamp;
}

/**
 * A run's start or end time given by the caller (MlflowClient's `start_time`, `end_time`): whole
 * milliseconds since the Unix epoch, 0 or later. The message names the argument.
 */
export function validateRunTime(argument: 'startTime' | 'endTime', time: unknown): number {
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || time < 0) {
    const got = typeof time === 'string' ? JSON.stringify(time) : typeof time === 'object' && time !== null ? 'an object' : typeof time === 'function' ? 'a function' : String(time);
    throw invalid(`Invalid ${argument}: expected whole milliseconds since the Unix epoch, 0 or more; got ${got}.`);
  }
  return time;
}

export function validateExperimentName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0) {
    throw invalid('Invalid experiment name: it must be a non-empty string.');
  }
  if (exceedsCodePoints(name, MAX_EXPERIMENT_NAME_LENGTH)) {
    throw invalid(`Invalid experiment name: ${describeLength(name)}, the limit is ${MAX_EXPERIMENT_NAME_LENGTH}.`);
  }
  return name;
}

/**
 * Keys become paths in an exported mlruns/ tree, so `a` and `a/b` cannot both exist in one folder.
 * Returns the clashing existing key, if any.
 */
export function findPathClash(key: string, existing: Iterable<string>): string | undefined {
  for (const other of existing) {
    if (other === key) continue;
    if (other.startsWith(`${key}/`) || key.startsWith(`${other}/`)) return other;
  }
  return undefined;
}

/** Artifact paths are relative POSIX paths like keys, but may contain any printable file-name character. */
export function validateArtifactPath(path: unknown): string {
  if (typeof path !== 'string' || path.length === 0) throw invalid('Invalid artifact path: it is empty.');
  if (!isNormalisedPath(path) || /[\\\0]/.test(path)) {
    throw invalid(
      `Invalid artifact path ${JSON.stringify(path)}: it must be a relative path without '..', '//', '\\' or a leading '/'.`,
    );
  }
  return path;
}
