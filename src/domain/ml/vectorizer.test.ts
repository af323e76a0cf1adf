import { describe, expect, it } from 'vitest';
import { buildVocabulary, idfWeights, toDense, tokenize, vectorize, vectorizeAll, wordColumn } from './vectorizer';
import type { SparseRow, Vocabulary } from './vectorizer';

describe('tokenize', () => {
  it.each([
    ['Hello, World!', ['hello', 'world']],
    ['U.S. state-of-the-art', ['u', 's', 'state', 'of', 'the', 'art']],
    ['1,000 shares at $3.50', ['1', '000', 'shares', 'at', '3', '50']],
    ["Don't stop", ["don't", 'stop']],
    ["it's  rock'n'roll", ["it's", "rock'n'roll"]],
    ["'quoted' words'' ''", ['quoted', 'words']],
    ['O’Neill’s', ["o'neill's"]],
    ['snake_case', ['snake', 'case']],
    ['Café NAÏVE', ['café', 'naïve']],
    ['cafe\u0301 (decomposed)', ['cafe\u0301', 'decomposed']],
    ['price—rose «sharply»…', ['price', 'rose', 'sharply']],
    ['tab\tand\nnewline\r\n', ['tab', 'and', 'newline']],
    ['東京 2024', ['東京', '2024']],
    ['', []],
    ['  ... !!! -- ', []],
  ])('should split %j into %j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });
});

// Three documents:
//   d0: the cat sat on the mat
//   d1: the dog sat
//   d2: a cat and a dog
// Counts: the 3 | cat 2, sat 2, dog 2, a 2 | on 1, mat 1, and 1.
// First appearance: the, cat, sat, on, mat, dog, a, and.
// Rank by count, ties by first appearance: the, cat, sat, dog, a, on, mat, and → columns 1..8.
// Document frequencies: the {d0,d1} 2, cat {d0,d2} 2, sat {d0,d1} 2, dog {d1,d2} 2, a {d2} 1 (twice in
// one document still counts once), on 1, mat 1, and 1.
const DOCS = [
  ['the', 'cat', 'sat', 'on', 'the', 'mat'],
  ['the', 'dog', 'sat'],
  ['a', 'cat', 'and', 'a', 'dog'],
];
const ALL_WORDS = ['the', 'cat', 'sat', 'dog', 'a', 'on', 'mat', 'and'];

describe('buildVocabulary', () => {
  it('should rank by total count with ties broken by first appearance', () => {
    expect(buildVocabulary(DOCS)).toEqual({
      words: ALL_WORDS,
      docFreq: [2, 2, 2, 2, 1, 1, 1, 1],
      documentCount: 3,
      width: 9, // 8 words + reserved column 0
    });
  });

  it.each([
    // Keras num_words semantics: width = maxWords, words = the top maxWords − 1.
    [4, ['the', 'cat', 'sat'], 4],
    [2, ['the'], 2],
    [1, [], 1],
    [9, ALL_WORDS, 9],
    [100, ALL_WORDS, 100], // fewer words than room: the width still follows maxWords
  ])('should keep maxWords − 1 words for maxWords = %i', (maxWords, words, width) => {
    const vocab = buildVocabulary(DOCS, { maxWords });
    expect(vocab.words).toEqual(words);
    expect(vocab.width).toBe(width);
    expect(vocab.docFreq).toHaveLength(words.length);
  });

  it.each([[0], [-1], [2.5], [Number.NaN]])('should reject maxWords = %s', (maxWords) => {
    expect(() => buildVocabulary(DOCS, { maxWords })).toThrow(/maxWords must be an integer ≥ 1/);
  });

  it('should handle no documents and empty documents', () => {
    expect(buildVocabulary([])).toEqual({ words: [], docFreq: [], documentCount: 0, width: 1 });
    expect(buildVocabulary([[], ['x'], []])).toEqual({ words: ['x'], docFreq: [1], documentCount: 3, width: 2 });
  });

  it('should treat words that are Object property names as plain words', () => {
    const vocab = buildVocabulary([['__proto__', 'constructor', '__proto__']]);
    expect(vocab.words).toEqual(['__proto__', 'constructor']);
    expect(wordColumn(vocab, 'constructor')).toBe(2);
    expect(wordColumn(vocab, 'toString')).toBe(0);
  });

  it('should keep first-appearance order among many equal counts past the initial buffer', () => {
    // 3,000 distinct words once each: all tie, so the ranking is the input order.
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const vocab = buildVocabulary([words.slice(0, 1500), words.slice(1500)], { maxWords: 2001 });
    expect(vocab.words).toEqual(words.slice(0, 2000));
  });

  it('should survive a JSON round trip and vectorize identically afterwards', () => {
    const vocab = buildVocabulary(DOCS, { maxWords: 6 });
    const copy = JSON.parse(JSON.stringify(vocab)) as Vocabulary;
    expect(copy).toEqual(vocab);
    expect(vectorize(['a', 'the', 'a'], copy, 'tfidf')).toEqual(vectorize(['a', 'the', 'a'], vocab, 'tfidf'));
  });
});

describe('idfWeights', () => {
  it('should follow Keras: ln(1 + documentCount / (1 + docFreq)), 0 for column 0', () => {
    // 3 documents. docFreq 2 → ln(1 + 3/3) = ln 2; docFreq 1 → ln(1 + 3/2) = ln 2.5.
    const ln2 = Math.log(2);
    const ln25 = Math.log(2.5);
    expect(idfWeights(buildVocabulary(DOCS))).toEqual([0, ln2, ln2, ln2, ln2, ln25, ln25, ln25, ln25]);
  });

  it('should pad to the vocabulary width with zeros', () => {
    expect(idfWeights(buildVocabulary([['x']], { maxWords: 4 }))).toEqual([0, Math.log(1 + 1 / 2), 0, 0]);
  });
});

describe('vectorize', () => {
  const vocab = buildVocabulary(DOCS);
  // Document: a dog a zebra the → columns a=5, dog=4, a=5, (zebra unknown), the=1.
  // Sorted unique columns [1, 4, 5] with counts [1, 1, 2]; 4 in-vocabulary tokens.
  const doc = ['a', 'dog', 'a', 'zebra', 'the'];

  it.each([
    ['binary', [1, 1, 1]],
    ['count', [1, 1, 2]],
    ['freq', [1 / 4, 1 / 4, 2 / 4]], // count / in-vocabulary tokens
  ] as const)('should give %s values', (mode, values) => {
    const row = vectorize(doc, vocab, mode);
    expect(Array.from(row.indices)).toEqual([1, 4, 5]);
    expect(Array.from(row.values)).toEqual(values);
  });

  it('should give Keras tf-idf values: (1 + ln count) · idf', () => {
    // the: count 1 → (1 + 0) · ln 2 = 0.693147…
    // dog: count 1 → ln 2
    // a:   count 2 → (1 + ln 2) · ln 2.5 = 1.693147… × 0.916291… = 1.551415…
    const row = vectorize(doc, vocab, 'tfidf');
    expect(Array.from(row.indices)).toEqual([1, 4, 5]);
    expect(row.values[0]).toBeCloseTo(Math.log(2), 6);
    expect(row.values[1]).toBeCloseTo(Math.log(2), 6);
    expect(row.values[2]).toBeCloseTo((1 + Math.log(2)) * Math.log(2.5), 6);
  });

  it('should use a supplied idf instead of the vocabulary document frequencies', () => {
    const idf = [0, 10, 0, 0, 20, 30, 0, 0, 0];
    // the: 1 · 10; dog: 1 · 20; a: (1 + ln 2) · 30
    const row = vectorize(doc, vocab, 'tfidf', idf);
    expect(Array.from(row.values)).toEqual([10, 20, Math.fround((1 + Math.log(2)) * 30)]);
  });

  it('should reject an idf narrower than the vocabulary', () => {
    expect(() => vectorize(doc, vocab, 'tfidf', [0, 1])).toThrow('idf has 2 weights but the vocabulary is 9 columns wide');
  });

  it('should drop words outside the kept vocabulary', () => {
    const small = buildVocabulary(DOCS, { maxWords: 4 }); // the, cat, sat
    const row = vectorize(doc, small, 'freq');
    expect(Array.from(row.indices)).toEqual([1]);
    expect(Array.from(row.values)).toEqual([1]); // 1 of 1 in-vocabulary token
  });

  it.each([
    ['an empty document', []],
    ['only unknown words', ['zebra', 'yak']],
  ])('should give an empty row for %s', (_label, tokens) => {
    for (const mode of ['binary', 'count', 'freq', 'tfidf'] as const) {
      const row = vectorize(tokens, vocab, mode);
      expect(row.indices).toHaveLength(0);
      expect(row.values).toHaveLength(0);
    }
  });

  it('should return sorted, unique indices for long documents (scratch buffer growth)', () => {
    const tokens = Array.from({ length: 5000 }, (_, i) => ALL_WORDS[(i * 7) % ALL_WORDS.length] as string);
    const row = vectorize(tokens, vocab, 'count');
    expect(Array.from(row.indices)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(row.values).reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('should vectorize many documents with vectorizeAll', () => {
    const rows = vectorizeAll(DOCS, vocab, 'binary');
    expect(rows.map((r) => Array.from(r.indices))).toEqual([
      [1, 2, 3, 6, 7], // the cat sat on mat
      [1, 3, 4], // the sat dog
      [2, 4, 5, 8], // cat dog a and
    ]);
  });
});

describe('toDense', () => {
  const rows: SparseRow[] = [
    { indices: Uint32Array.of(1, 3), values: Float32Array.of(1, 2) },
    { indices: new Uint32Array(0), values: new Float32Array(0) },
    { indices: Uint32Array.of(0), values: Float32Array.of(5) },
  ];

  it('should lay rows out row-major', () => {
    expect(Array.from(toDense(rows, 4))).toEqual([0, 1, 0, 2, 0, 0, 0, 0, 5, 0, 0, 0]);
  });

  it('should return an empty array for no rows', () => {
    expect(toDense([], 10)).toHaveLength(0);
  });

  it('should reject a column outside the width', () => {
    expect(() => toDense(rows, 3)).toThrow('Row 0 has column 3, outside the width 3');
  });

  it('should reject indices and values of different lengths', () => {
    expect(() => toDense([{ indices: Uint32Array.of(1), values: new Float32Array(0) }], 3)).toThrow(
      'Row 0 has 1 indices but 0 values',
    );
  });

  it.each([[-1], [1.5], [Number.NaN]])('should reject the width %s', (width) => {
    expect(() => toDense(rows, width)).toThrow(/width must be a non-negative integer/);
  });

  it('should match a Keras-style dense matrix end to end', () => {
    const vocab = buildVocabulary(DOCS, { maxWords: 5 }); // the, cat, sat, dog
    const dense = toDense(vectorizeAll([tokenize('The dog, the DOG!'), tokenize('zebra')], vocab, 'count'), vocab.width);
    // row 0: the ×2 → column 1 = 2, dog ×2 → column 4 = 2; row 1: nothing.
    expect(Array.from(dense)).toEqual([0, 2, 0, 0, 2, 0, 0, 0, 0, 0]);
  });
});
