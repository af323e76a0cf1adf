import { describe, expect, it } from 'vitest';
import { countLabels, detectTextFormat, guessTextColumns, parseTextDataset } from './textImport';
import type { TextFormat } from './textImport';

describe('detectTextFormat', () => {
  it.each<[string, string, string, TextFormat]>([
    ['a .jsonl name', 'news.jsonl', 'text,label\n', 'jsonl'],
    ['a .ndjson name', 'news.ndjson', '', 'jsonl'],
    ['a .tsv name', 'news.tsv', 'a,b\n', 'tsv'],
    ['a .csv name', 'news.csv', 'a\tb\n', 'csv'],
    ['an object on the first line', 'news.txt', '\n  {"text": "a"}\n', 'jsonl'],
    ['tabs in an unnamed file', 'news.txt', 'text\tlabel\nhi, there\tx\n', 'tsv'],
    ['commas in an unnamed file', 'news', 'text,label\n"hi\tthere",x\n', 'csv'],
  ])('should pick the format from %s', (_label, name, text, expected) => {
    expect(detectTextFormat(text, name)).toBe(expected);
  });
});

describe('guessTextColumns', () => {
  it.each([
    [['Text', 'Label', 'Split'], { text: 'Text', label: 'Label', split: 'Split' }],
    [['id', 'body', 'topic'], { text: 'body', label: 'topic' }],
    [['category', 'headline', 'content'], { text: 'content', label: 'category' }],
    [['a', 'b'], {}],
  ])('should find the columns in %j', (names, expected) => {
    expect(guessTextColumns(names)).toEqual(expected);
  });
});

describe('parseTextDataset', () => {
  it('should read a CSV with Text/Label/Split columns in any case', () => {
    const text = 'ID,Text,Label,Split\r\n1,"Stocks rose, again",earn ,TRAIN\r\n2,Oil fell,crude,test\r\n3,"Wheat\nprices",grain, Train \r\n';
    const ds = parseTextDataset(text, { fileName: 'news.csv' });
    expect(ds).toEqual({
      name: 'news.csv',
      texts: ['Stocks rose, again', 'Oil fell', 'Wheat\nprices'],
      labels: ['earn', 'crude', 'grain'],
      split: ['train', 'test', 'train'],
    });
  });

  it('should find body/topic columns and leave split out when there is none', () => {
    const ds = parseTextDataset('topic;body\nsport;"Goal; then another"\npolitics;Vote\n', { fileName: 'x.csv' });
    expect(ds.texts).toEqual(['Goal; then another', 'Vote']);
    expect(ds.labels).toEqual(['sport', 'politics']);
    expect(ds.split).toBeUndefined();
  });

  it('should use the columns the caller names, case-insensitively', () => {
    const ds = parseTextDataset('headline\tdesk\tfold\nA\tx\ttest\nB\ty\ttrain\n', {
      fileName: 'x.tsv',
      textColumn: 'Headline',
      labelColumn: 'desk',
      splitColumn: 'FOLD',
    });
    expect(ds).toMatchObject({ texts: ['A', 'B'], labels: ['x', 'y'], split: ['test', 'train'] });
  });

  it('should read JSON Lines with CRLF, blank lines, a BOM and number labels', () => {
    const text = '\uFEFF{"text":"one","label":1}\r\n\r\n{"text":"two","label":2,"extra":[1]}\r\n';
    const ds = parseTextDataset(text, { fileName: 'x.jsonl', name: 'numbers' });
    expect(ds).toEqual({ name: 'numbers', texts: ['one', 'two'], labels: ['1', '2'] });
  });

  it('should read JSON Lines with a split field and unicode text', () => {
    const text = ['{"content":"café ☕","category":"food","split":"train"}', '{"content":"naïve","category":"words","split":"TEST"}'].join('\n');
    const ds = parseTextDataset(text, { fileName: 'x.jsonl' });
    expect(ds).toMatchObject({ texts: ['café ☕', 'naïve'], labels: ['food', 'words'], split: ['train', 'test'] });
  });

  it('should not mistake an inherited property for a field', () => {
    expect(() => parseTextDataset('{"text":"a","label":"x"}\n{"text":"b"}\n', { fileName: 'p.jsonl', labelColumn: 'label' })).toThrowError(
      'p.jsonl, line 2: the object has no field "label"',
    );
    expect(() => parseTextDataset('{"text":"a","constructor":"x"}\n{"text":"b"}\n', { fileName: 'p.jsonl', labelColumn: 'constructor' })).toThrowError(
      'p.jsonl, line 2: the object has no field "constructor"',
    );
  });

  const LABELS = 60;
  const DOCS = 12_000;
  const words = ['stocks', 'oil', 'wheat', 'bank', 'rate', 'shares', 'profit', 'loss', 'trade', 'dollar'];
  const doc = (i: number): string => Array.from({ length: 120 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');

  it.each<[TextFormat, string]>([
    ['csv', 'text,topic,split\n' + Array.from({ length: DOCS }, (_, i) => `"${doc(i)}, ""quoted""",topic${i % LABELS},${i % 5 === 0 ? 'test' : 'train'}`).join('\n')],
    ['tsv', 'text\ttopic\tsplit\n' + Array.from({ length: DOCS }, (_, i) => `${doc(i)}\ttopic${i % LABELS}\t${i % 5 === 0 ? 'test' : 'train'}`).join('\n')],
    ['jsonl', Array.from({ length: DOCS }, (_, i) => JSON.stringify({ text: doc(i), topic: `topic${i % LABELS}`, split: i % 5 === 0 ? 'test' : 'train' })).join('\n')],
  ])('should import a newswire-sized %s: 12,000 documents, 60 topics', (format, text) => {
    const ds = parseTextDataset(text, { fileName: `newswire.${format}` });
    expect(ds.texts).toHaveLength(DOCS);
    expect(countLabels(ds.labels).size).toBe(LABELS);
    expect(ds.split?.filter((s) => s === 'test')).toHaveLength(DOCS / 5);
  });
});

describe('countLabels', () => {
  it('should count labels in first-seen order', () => {
    expect([...countLabels(['b', 'a', 'b'])]).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });
});
