import { describe, expect, it } from 'vitest';
import { parseTabularCsv } from './csv';
import { DatasetError } from './dataset.types';
import type { DatasetErrorCode } from './dataset.types';
import { parseTextDataset } from './textImport';
import type { ParseTextOptions } from './textImport';

type Parser = 'tabular' | 'text';

interface Hostile {
  readonly parser: Parser;
  readonly file: string;
  readonly input: string;
  readonly code: DatasetErrorCode;
  /** Expected `line` (undefined: the problem is the whole file). */
  readonly line: number | undefined;
  /** Text the message must contain to name the column/field. */
  readonly column: string | undefined;
  readonly options?: Partial<ParseTextOptions>;
}

function numbers(rows: number, bad?: { row: number; value: string }): string {
  const lines = ['id,pH,quality'];
  for (let r = 1; r <= rows; r++) lines.push(`${r},${bad?.row === r ? bad.value : (3 + r / 100).toFixed(2)},${5 + (r % 2)}`);
  return `${lines.join('\n')}\n`;
}

const MB = 1_000_000;

// Each entry: [description, case]. Line numbers are 1-based as an editor shows them.
const cases: Array<[string, Hostile]> = [
  ['a row with too few fields', { parser: 'tabular', file: 'a.csv', input: 'a,b,c\n1,2,3\n4,5\n', code: 'RAGGED_ROW', line: 3, column: 'column "c"' }],
  ['a row with too many fields', { parser: 'tabular', file: 'a.csv', input: 'a,b\n1,2\n3,4,5\n', code: 'RAGGED_ROW', line: 3, column: 'field 3' }],
  ['a quote that is never closed', { parser: 'tabular', file: 'q.csv', input: 'a,b\n1,2\n3,"oops\n5,6\n', code: 'UNTERMINATED_QUOTE', line: 3, column: 'column "b"' }],
  ['text after a closing quote', { parser: 'tabular', file: 'q.csv', input: 'name,v\n"ab"c,1\n', code: 'BAD_QUOTE', line: 2, column: 'column "name"' }],
  ['an empty file', { parser: 'tabular', file: 'empty.csv', input: '', code: 'EMPTY_FILE', line: undefined, column: undefined }],
  ['a header and no rows', { parser: 'tabular', file: 'h.csv', input: '"a";"b";"c"\n\n', code: 'TOO_FEW_ROWS', line: 1, column: undefined }],
  ['only blank lines', { parser: 'tabular', file: 'blank.csv', input: '\n\n   \r\n\t\n', code: 'EMPTY_FILE', line: undefined, column: undefined }],
  ['a duplicate column name', { parser: 'tabular', file: 'd.csv', input: 'x,y,x\n1,2,3\n', code: 'DUPLICATE_COLUMN', line: 1, column: 'column name "x"' }],
  ['an empty column name', { parser: 'tabular', file: 'd.csv', input: 'x,,z\n1,2,3\n', code: 'EMPTY_COLUMN_NAME', line: 1, column: 'column 2' }],
  ['a word in a numeric column', { parser: 'tabular', file: 'winequality-red.csv', input: numbers(20, { row: 16, value: 'abc' }), code: 'NON_NUMERIC', line: 17, column: 'column "pH" has "abc", which is not a number' }],
  ['a decimal comma in a ;-file', { parser: 'tabular', file: 'eu.csv', input: `a;b\n${Array.from({ length: 12 }, (_, i) => (i === 4 ? '1,5;2' : `${i}.5;${i}`)).join('\n')}\n`, code: 'NON_NUMERIC', line: 6, column: 'column "a" has "1,5"' }],
  ['an empty cell', { parser: 'tabular', file: 'm.csv', input: 'a,b\n1,2\n3,\n5,6\n', code: 'MISSING_VALUE', line: 3, column: 'column "b" is empty' }],
  ['an NA marker in a numeric column', { parser: 'tabular', file: 'm.csv', input: 'a,b\n1,2\n3,NA\n5,6\n', code: 'MISSING_VALUE', line: 3, column: 'column "b" has "NA"' }],
  ['an empty cell in a text column', { parser: 'tabular', file: 'm.csv', input: 'a,b\n1,x\n3,y\n5, \n', code: 'MISSING_VALUE', line: 4, column: 'column "b" is empty' }],
  ['BOM and CRLF, error counted in CRLF lines', { parser: 'tabular', file: 'w.csv', input: '\uFEFFa,b\r\n1,2\r\n\r\n3\r\n', code: 'RAGGED_ROW', line: 4, column: 'column "b"' }],
  ['a quoted newline before the bad row', { parser: 'tabular', file: 'n.csv', input: 'id,note,v\n1,"two\nlines",3\n2,x\n', code: 'RAGGED_ROW', line: 4, column: 'column "v"' }],
  ['a 1 MB single line', { parser: 'tabular', file: 'big.csv', input: `a,b\n${'x'.repeat(MB)}`, code: 'RAGGED_ROW', line: 2, column: 'column "b"' }],
  ['a 1 MB value in a numeric column', { parser: 'tabular', file: 'big.csv', input: numbers(20, { row: 3, value: '9'.repeat(20) + 'z'.repeat(MB) }), code: 'NON_NUMERIC', line: 4, column: 'column "pH"' }],
  ['NUL bytes', { parser: 'tabular', file: 'bin.csv', input: 'a,b\n1,2\n3,\u00004\n', code: 'BINARY_CONTENT', line: 3, column: 'field 2' }],
  ['UTF-16 text read as UTF-8', { parser: 'text', file: 'u16.csv', input: 't\u0000e\u0000x\u0000t\u0000', code: 'BINARY_CONTENT', line: 1, column: 'field 1' }],
  ['a JSONL line that is an array', { parser: 'text', file: 'd.jsonl', input: '{"text":"a b","label":"x"}\n[1,2]\n', code: 'BAD_JSON_LINE', line: 2, column: 'an array, not a JSON object' }],
  ['a JSONL line that is not JSON', { parser: 'text', file: 'd.jsonl', input: '{"text":"a","label":"x"}\n\n{"text":"b"\n', code: 'BAD_JSON_LINE', line: 3, column: 'not valid JSON' }],
  ['a JSON array file', { parser: 'text', file: 'd.json', input: '[\n{"text":"a","label":"x"}\n]\n', code: 'BAD_JSON_LINE', line: 1, column: 'not one JSON array' }],
  ['a JSONL object without its label', { parser: 'text', file: 'd.jsonl', input: '{"text":"a","label":"x"}\n{"text":"b"}\n', code: 'MISSING_FIELD', line: 2, column: 'no field "label"' }],
  ['a JSONL label that is an array', { parser: 'text', file: 'd.jsonl', input: '{"text":"a","topics":["x","y"]}\n', code: 'BAD_FIELD_TYPE', line: 1, column: 'field "topics"', options: { labelColumn: 'topics' } }],
  ['an unknown split value', { parser: 'text', file: 's.csv', input: 'text,label,split\nhi there,a,train\nyo,b,dev\n', code: 'BAD_SPLIT_VALUE', line: 3, column: 'column "split" has "dev"' }],
  ['a JSONL split value of the wrong kind', { parser: 'text', file: 's.jsonl', input: '{"text":"a","label":"x","split":"Train"}\n{"text":"b","label":"y","split":"validation"}\n', code: 'BAD_SPLIT_VALUE', line: 2, column: 'column "split" has "validation"' }],
  ['a TSV row without a label', { parser: 'text', file: 't.tsv', input: 'text\tlabel\nhello\tgreet\nbye\t\n', code: 'MISSING_VALUE', line: 3, column: 'column "label" is empty' }],
  ['a TSV without a label column', { parser: 'text', file: 't.tsv', input: 'text\tfoo\nhello\tx\n', code: 'MISSING_COLUMN', line: 1, column: 'no label column found' }],
  ['a named text column that is not there', { parser: 'text', file: 't.csv', input: 'text,label\nhello,x\n', code: 'MISSING_COLUMN', line: 1, column: 'no column "headline"', options: { textColumn: 'headline' } }],
  ['a text file with only one label', { parser: 'text', file: 'one.csv', input: 'text,label\nhello,x\nbye,x\n', code: 'TOO_FEW_LABELS', line: undefined, column: 'label "x"' }],
  ['a split column with no test rows', { parser: 'text', file: 's.csv', input: 'text,label,split\nhello,x,train\nbye,y,TRAIN\n', code: 'TOO_FEW_ROWS', line: undefined, column: 'column "split"' }],
  ['a text CSV with an unterminated quote', { parser: 'text', file: 'q.csv', input: 'text,label\n"hello, world",x\n"bye,y\n', code: 'UNTERMINATED_QUOTE', line: 3, column: 'column "text"' }],
];

function run(c: Hostile): unknown {
  try {
    if (c.parser === 'tabular') parseTabularCsv(c.input, { fileName: c.file });
    else parseTextDataset(c.input, { fileName: c.file, ...c.options });
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('hostile input', () => {
  it('should cover at least 15 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('should reject %s with a message naming file, line and column', (_label, c) => {
    const e = run(c);
    expect(e).toBeInstanceOf(DatasetError);
    if (!(e instanceof DatasetError)) return;
    expect(e.code).toBe(c.code);
    expect(e.file).toBe(c.file);
    expect(e.line).toBe(c.line);
    expect(e.message.startsWith(c.line === undefined ? `${c.file}: ` : `${c.file}, line ${c.line}: `)).toBe(true);
    if (c.column !== undefined) expect(e.message).toContain(c.column);
    // Long values are cut: a 1 MB input never becomes a 1 MB message.
    expect(e.message.length).toBeLessThan(400);
    // Control characters are escaped in messages.
    for (const control of ['\u0000', '\n', '\r']) expect(e.message).not.toContain(control);
  });
});
