/**
 * Which columns (or JSON fields) of a labelled-text file hold the text, the label and the optional
 * train/test split: the names the options give, else the usual names, else MISSING_COLUMN.
 */
import { DatasetError } from './dataset.types';
import { showValue } from './messageText';

export const TEXT_COLUMN_NAMES: readonly string[] = ['text', 'body', 'content', 'document', 'doc', 'sentence', 'message', 'review'];
export const LABEL_COLUMN_NAMES: readonly string[] = ['label', 'topic', 'category', 'class', 'target', 'genre', 'sentiment'];
export const SPLIT_COLUMN_NAMES: readonly string[] = ['split', 'subset'];

export interface TextColumnGuess {
  readonly text?: string;
  readonly label?: string;
  readonly split?: string;
}

function findByName(names: readonly string[], candidates: readonly string[]): string | undefined {
  const lower = new Map<string, string>();
  for (const n of names) {
    const key = n.trim().toLowerCase();
    if (!lower.has(key)) lower.set(key, n);
  }
  for (const c of candidates) {
    const hit = lower.get(c);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Which of `names` look like the text, label and split columns (for a column picker's defaults). */
export function guessTextColumns(names: readonly string[]): TextColumnGuess {
  const text = findByName(names, TEXT_COLUMN_NAMES);
  const label = findByName(names, LABEL_COLUMN_NAMES);
  const split = findByName(names, SPLIT_COLUMN_NAMES);
  return { ...(text !== undefined ? { text } : {}), ...(label !== undefined ? { label } : {}), ...(split !== undefined ? { split } : {}) };
}

/** The part a column plays in a labelled document. */
export type Role = 'text' | 'label' | 'split';

const ROLE_NAMES: Record<Role, readonly string[]> = {
  text: TEXT_COLUMN_NAMES,
  label: LABEL_COLUMN_NAMES,
  split: SPLIT_COLUMN_NAMES,
};

const OPTION_NAMES: Record<Role, string> = { text: 'textColumn', label: 'labelColumn', split: 'splitColumn' };

/** Up to 12 names for a message, e.g. `"a", "b" and 3 more`. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 12).map(showValue).join(', ');
  return names.length > 12 ? `${shown} and ${names.length - 12} more` : shown || '(none)';
}

/** Resolves one role to a column name, or throws MISSING_COLUMN. */
export function resolveColumn(
  names: readonly string[],
  role: Role,
  explicit: string | undefined,
  where: { file: string; line: number; what: string },
): string | undefined {
  if (explicit !== undefined) {
    if (names.includes(explicit)) return explicit;
    const hit = findByName(names, [explicit.trim().toLowerCase()]);
    if (hit !== undefined) return hit;
    throw new DatasetError('MISSING_COLUMN', {
      file: where.file,
      line: where.line,
      column: explicit,
      problem: `there is no ${where.what} ${showValue(explicit)} for the ${role}; the ${where.what}s are ${listNames(names)}`,
    });
  }
  const guessed = findByName(names, ROLE_NAMES[role]);
  if (guessed !== undefined || role === 'split') return guessed;
  throw new DatasetError('MISSING_COLUMN', {
    file: where.file,
    line: where.line,
    problem: `no ${role} ${where.what} found: name it ${ROLE_NAMES[role].slice(0, 3).map(showValue).join(', ')}… or choose it (${OPTION_NAMES[role]}); the ${where.what}s are ${listNames(names)}`,
  });
}
