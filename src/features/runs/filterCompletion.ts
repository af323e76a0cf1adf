/**
 * Completion for the runs filter box: which word the caret is in, which `metrics.`, `params.`,
 * `tags.` and `attributes.` names of this experiment fit it, and the text after picking one. Keys
 * the filter grammar can't read bare (a space, a slash) come back quoted in backticks.
 */
import type { RunKeys } from './runKeys';

export interface CompletionWord {
  /** Where the word under the caret starts and ends in the text. */
  start: number;
  end: number;
  /** The part of the word before the caret: what the suggestions must fit. */
  typed: string;
}

export interface Completion {
  word: CompletionWord;
  options: string[];
}

/** Attributes a filter can compare, as `attributes.<name>`. */
const FILTER_ATTRIBUTES = ['status', 'run_name', 'start_time', 'end_time', 'user_id', 'run_id'];
/** Words of the grammar: typing one never pops a list of keys that merely contain it. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'like', 'ilike', 'is', 'null']);
const MAX_OPTIONS = 50;
/** Characters that end a word: blanks, parentheses, operators, commas and string quotes. */
const BOUNDARY = /[\s()=<>!,'"]/u;
const BARE_KEY = /^[\p{L}\p{N}\p{M}_]+(\.[\p{L}\p{N}\p{M}_]+)*$/u;

/** `key` as the filter grammar reads it: bare when it can be, else in backticks. */
export function quoteKey(key: string): string {
  return BARE_KEY.test(key) && !KEYWORDS.has(key.toLowerCase()) ? key : `\`${key.replaceAll('`', '')}\``;
}

/** Every name the filter box offers for these keys, entity by entity, in the keys' order. */
export function completionCandidates(keys: RunKeys): string[] {
  return [
    ...keys.metrics.map((key) => `metrics.${quoteKey(key)}`),
    ...[...keys.params, ...keys.recordedParams].map((key) => `params.${quoteKey(key)}`),
    ...[...keys.tags, ...keys.systemTags].map((key) => `tags.${quoteKey(key)}`),
    ...FILTER_ATTRIBUTES.map((key) => `attributes.${key}`),
  ];
}

/** Inside a quoted string ('…') nothing is completed: that is a value, not a name. */
function insideString(text: string, caret: number): boolean {
  let open = false;
  for (let i = 0; i < caret; i++) if (text[i] === "'") open = !open;
  return open;
}

/** The word the caret is in or just after, or null inside a string literal. */
export function wordAt(text: string, caret: number): CompletionWord | null {
  const at = Math.max(0, Math.min(caret, text.length));
  if (insideString(text, at)) return null;
  let start = at;
  // An open backtick (odd count before the caret) may hold spaces: the word starts before it.
  const before = text.slice(0, at);
  const ticks = before.split('`').length - 1;
  if (ticks % 2 === 1) {
    start = before.lastIndexOf('`');
  }
  while (start > 0 && !BOUNDARY.test(text.charAt(start - 1))) start--;
  let end = at;
  while (end < text.length && !BOUNDARY.test(text.charAt(end))) end++;
  return { start, end, typed: text.slice(start, at) };
}

/**
 * The names that fit the word at the caret: those starting with it first (case-insensitive), then,
 * for a word without a dot, those whose key contains it ("rmse" finds `metrics.test_rmse`). An
 * empty word offers everything only when asked (`all`, e.g. the down arrow); a name already typed
 * in full offers nothing.
 */
export function completeAt(text: string, caret: number, candidates: readonly string[], all = false): Completion | null {
  const word = wordAt(text, caret);
  if (!word) return null;
  const typed = word.typed.toLowerCase();
  if (typed === '' && !all) return null;
  const starts: string[] = [];
  const contains: string[] = [];
  const looseOk = typed.length >= 2 && !typed.includes('.') && !KEYWORDS.has(typed) && !/^[\d.+-]/.test(typed);
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (lower.startsWith(typed)) starts.push(candidate);
    else if (looseOk && lower.slice(lower.indexOf('.') + 1).includes(typed)) contains.push(candidate);
  }
  const options = [...starts, ...contains].slice(0, MAX_OPTIONS);
  if (options.length === 0) return null;
  if (options.length === 1 && options[0]?.toLowerCase() === text.slice(word.start, word.end).toLowerCase()) return null;
  return { word, options };
}

/** The text with the word replaced by `option`, and where the caret goes (after it, past one space). */
export function applyCompletion(text: string, word: CompletionWord, option: string): { text: string; caret: number } {
  const after = text.slice(word.end);
  const spacer = after === '' ? ' ' : '';
  const next = `${text.slice(0, word.start)}${option}${spacer}${after}`;
  return { text: next, caret: word.start + option.length + spacer.length };
}
