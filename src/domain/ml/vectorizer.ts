/**
 * Bag-of-words features as Keras's `Tokenizer` makes them for `reuters_mlp`:
 * `fit_on_texts` → `buildVocabulary`, `texts_to_matrix(mode=…)` → `vectorize` + `toDense`.
 *
 * Keras's conventions, kept on purpose so results line up with Python:
 * - Column 0 is reserved and always 0; word columns start at 1.
 * - `maxWords` is Keras's `num_words`: the matrix width. Only words ranked 1..maxWords−1 are kept,
 *   so `maxWords: 1000` keeps the 999 most frequent words, exactly like `Tokenizer(num_words=1000)`.
 * - Words are ranked by total count over the training texts, ties broken by first appearance.
 * Rows are sparse (`{ indices, values }`, indices sorted and unique) because a 1,000-word row of a
 * newswire text has ~50 non-zeros.
 */

/** A fitted vocabulary; plain arrays and numbers, so it can be logged with the run as JSON. */
export interface Vocabulary {
  /** `words[i]` is the word at column i + 1 (column 0 is reserved), most frequent first. */
  words: string[];
  /** Number of training documents each word occurs in, aligned with `words` (for tf-idf). */
  docFreq: number[];
  /** Number of training documents the vocabulary was fitted on. */
  documentCount: number;
  /** Width of every vectorized row: `maxWords` when given, else words.length + 1. */
  width: number;
}

export type VectorizeMode = 'binary' | 'count' | 'freq' | 'tfidf';

/** One sparse row: the non-zero columns in increasing order and their values. */
export interface SparseRow {
  indices: Uint32Array;
  values: Float32Array;
}

// Runs of letters (with combining marks) and digits; ' or ’ inside a word joins its halves.
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Lower-cases `text` and splits it into words: maximal runs of Unicode letters and digits.
 * Everything else separates words, like Keras's filter list (punctuation, `_`, `-`, whitespace)
 * but also for non-ASCII punctuation (— « » …), which Keras would leave glued to words.
 * Apostrophes: one between two letters/digits stays inside the word ("don't", "o'neill",
 * "company's"); leading, trailing and doubled ones are dropped ("'quoted'" → "quoted", where Keras
 * would keep "'quoted'"). The typographic ’ counts as ' and is stored as '.
 */
export function tokenize(text: string): string[] {
  const matches = text.toLowerCase().match(TOKEN);
  if (matches === null) return [];
  for (let i = 0; i < matches.length; i++) {
    const word = matches[i] as string;
    if (word.includes('’')) matches[i] = word.replaceAll('’', "'");
  }
  return matches;
}

/**
 * Fits a vocabulary on tokenized training documents (Keras's `fit_on_texts`): counts every word
 * over all documents, ranks by count (descending), breaking ties by first appearance, and keeps
 * the first maxWords − 1 (column 0 is reserved). `maxWords` undefined keeps every word.
 * `maxWords` must be an integer ≥ 1 (1 keeps no words; Keras would read num_words=0 as "no limit",
 * a surprise we reject instead). Also records per-word document frequencies for tf-idf.
 */
export function buildVocabulary(trainDocs: readonly (readonly string[])[], options: { maxWords?: number } = {}): Vocabulary {
  const { maxWords } = options;
  if (maxWords !== undefined && (!Number.isSafeInteger(maxWords) || maxWords < 1)) {
    throw new RangeError(`maxWords must be an integer ≥ 1 (column 0 is reserved), got ${String(maxWords)}`);
  }
  // Slot = order of first appearance; per-slot arrays avoid an object per word.
  const slotOf = new Map<string, number>();
  const slotWords: string[] = [];
  let counts = new Float64Array(1024);
  let docFreq = new Float64Array(1024);
  let lastDoc = new Int32Array(1024).fill(-1);
  for (let d = 0; d < trainDocs.length; d++) {
    const doc = trainDocs[d] as readonly string[];
    for (let t = 0; t < doc.length; t++) {
      const word = doc[t] as string;
      let slot = slotOf.get(word);
      if (slot === undefined) {
        slot = slotWords.length;
        slotOf.set(word, slot);
        slotWords.push(word);
        if (slot === counts.length) {
          counts = grow(counts);
          docFreq = grow(docFreq);
          const wider = new Int32Array(lastDoc.length * 2).fill(-1);
          wider.set(lastDoc);
          lastDoc = wider;
        }
      }
      counts[slot] = (counts[slot] as number) + 1;
      if (lastDoc[slot] !== d) {
        lastDoc[slot] = d;
        docFreq[slot] = (docFreq[slot] as number) + 1;
      }
    }
  }
  const order = new Uint32Array(slotWords.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // Descending count; equal counts keep slot order (first appearance), like Python's stable sort.
  order.sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  const kept = maxWords === undefined ? order.length : Math.min(order.length, maxWords - 1);
  const words = new Array<string>(kept);
  const freq = new Array<number>(kept);
  for (let i = 0; i < kept; i++) {
    const slot = order[i] as number;
    words[i] = slotWords[slot] as string;
    freq[i] = docFreq[slot] as number;
  }
  return { words, docFreq: freq, documentCount: trainDocs.length, width: maxWords ?? kept + 1 };
}

function grow(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const wider = new Float64Array(array.length * 2);
  wider.set(array);
  return wider;
}

const indexCache = new WeakMap<Vocabulary, Map<string, number>>();
const idfCache = new WeakMap<Vocabulary, number[]>();

/** word → column (1-based) for a vocabulary; built once per vocabulary object and cached. */
function columnIndex(vocab: Vocabulary): Map<string, number> {
  let index = indexCache.get(vocab);
  if (!index) {
    index = new Map();
    for (let i = 0; i < vocab.words.length; i++) index.set(vocab.words[i] as string, i + 1);
    indexCache.set(vocab, index);
  }
  return index;
}

/** The column of `word` (1-based), or 0 if it is not in the vocabulary. */
export function wordColumn(vocab: Vocabulary, word: string): number {
  return columnIndex(vocab).get(word) ?? 0;
}

/**
 * Keras's inverse document frequency per column: idf[j] = ln(1 + documentCount / (1 + docFreq[j])),
 * with idf[0] = 0 for the reserved column. Length = vocab.width. Serialisable (plain numbers).
 */
export function idfWeights(vocab: Vocabulary): number[] {
  const idf = new Array<number>(vocab.width).fill(0);
  for (let i = 0; i < vocab.words.length && i + 1 < vocab.width; i++) {
    idf[i + 1] = Math.log(1 + vocab.documentCount / (1 + (vocab.docFreq[i] as number)));
  }
  return idf;
}

let scratch = new Uint32Array(256);

/**
 * One document as a sparse row of width `vocab.width` (Keras's `texts_to_matrix` for one text).
 * Unknown words are ignored. With c = the word's count in the document:
 * binary → 1; count → c; freq → c / (number of in-vocabulary tokens); tfidf → (1 + ln c) · idf[j]
 * with `idf` (default `idfWeights(vocab)`, cached). An empty or all-unknown document is an empty row.
 */
export function vectorize(tokens: readonly string[], vocab: Vocabulary, mode: VectorizeMode, idf?: ArrayLike<number>): SparseRow {
  const index = columnIndex(vocab);
  if (scratch.length < tokens.length) scratch = new Uint32Array(Math.max(tokens.length, scratch.length * 2));
  let m = 0;
  for (let t = 0; t < tokens.length; t++) {
    const column = index.get(tokens[t] as string);
    if (column !== undefined && column < vocab.width) scratch[m++] = column;
  }
  const hits = scratch.subarray(0, m).sort();
  let unique = 0;
  for (let i = 0; i < m; i++) if (i === 0 || hits[i] !== hits[i - 1]) unique++;
  const indices = new Uint32Array(unique);
  const values = new Float32Array(unique);
  let weights: ArrayLike<number> | undefined;
  if (mode === 'tfidf') {
    weights = idf ?? cachedIdf(vocab);
    if (weights.length < vocab.width) throw new RangeError(`idf has ${weights.length} weights but the vocabulary is ${vocab.width} columns wide`);
  }
  for (let i = 0, u = -1; i < m; i++) {
    const column = hits[i] as number;
    if (i === 0 || column !== hits[i - 1]) indices[++u] = column;
    values[u] = (values[u] as number) + 1;
  }
  if (mode !== 'count') {
    for (let u = 0; u < unique; u++) {
      const c = values[u] as number;
      if (mode === 'binary') values[u] = 1;
      else if (mode === 'freq') values[u] = c / m;
      else values[u] = (1 + Math.log(c)) * ((weights as ArrayLike<number>)[indices[u] as number] as number);
    }
  }
  return { indices, values };
}

function cachedIdf(vocab: Vocabulary): number[] {
  let idf = idfCache.get(vocab);
  if (!idf) {
    idf = idfWeights(vocab);
    idfCache.set(vocab, idf);
  }
  return idf;
}

/** Vectorizes many tokenized documents (see `vectorize`). */
export function vectorizeAll(docs: readonly (readonly string[])[], vocab: Vocabulary, mode: VectorizeMode, idf?: ArrayLike<number>): SparseRow[] {
  return docs.map((tokens) => vectorize(tokens, vocab, mode, idf));
}

/**
 * Expands sparse rows into one row-major Float32Array of rows.length × width (for a dense tensor).
 * Throws if a row has a column ≥ width or its indices and values differ in length.
 */
export function toDense(rows: readonly SparseRow[], width: number): Float32Array {
  if (!Number.isSafeInteger(width) || width < 0) throw new RangeError(`width must be a non-negative integer, got ${String(width)}`);
  const out = new Float32Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const { indices, values } = rows[r] as SparseRow;
    if (indices.length !== values.length) {
      throw new RangeError(`Row ${r} has ${indices.length} indices but ${values.length} values`);
    }
    const offset = r * width;
    for (let i = 0; i < indices.length; i++) {
      const column = indices[i] as number;
      if (column >= width) throw new RangeError(`Row ${r} has column ${column}, outside the width ${width}`);
      out[offset + column] = values[i] as number;
    }
  }
  return out;
}
