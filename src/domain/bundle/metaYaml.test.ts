import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../ml/random';
import { stringifyFlatMetaYaml, stringifyMetaYaml } from './metaYaml';

const HAZARDS = [
  'a\tb', 'line1\nline2', 'a\r\nb', 'cr\r', '\ufeffbom', 'x\u0085y', 'x\u2028y', 'x\u2029y', '\u007f', 'x\u0090y', 'x\ufffey', 'x\uffffy',
  '\u001b[31mred', '\u00a0nbsp', 'emoji 😀', 'back\\slash', "it's", 'a: b', '- x', '# h', ' lead', 'trail ', 'null', 'yes', 'On', 'Y',
  '1:20', '0123', '.5', '1_000', '0x1F', '2001-12-14', '~', '', '%x', '@x', '`x', '!x', '&x', '*x', '|x', '>x', '?x', '[x', '{x',
  'a #b', '"q', '=', '<<', 'ß日本',
];

describe('stringifyMetaYaml', () => {
  it('writes MLflow-style YAML: keys sorted, quotes only where needed', () => {
    expect(stringifyMetaYaml({ name: 'browser: demo', experiment_id: '123', end_time: null, tags: [], run_id: '0123abc' })).toBe(
      "end_time: null\nexperiment_id: '123'\nname: 'browser: demo'\nrun_id: 0123abc\ntags: []\n",
    );
  });

  it('quotes or escapes every hazardous string so YAML 1.1 and 1.2 readers get it back', () => {
    for (const value of HAZARDS) {
      const text = stringifyMetaYaml({ user_id: value });
      expect(parse(text, { version: '1.1' }), JSON.stringify(text)).toEqual({ user_id: value });
      expect(parse(text), JSON.stringify(text)).toEqual({ user_id: value });
      // What PyYAML cannot read raw (checked against PyYAML 6): tabs in plain scalars, raw NEL/LS/PS/DEL/C1/non-characters, bare <<.
      expect(text).not.toMatch(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|user_id: [^'"][^\n]*\t|user_id: <<\n/);
    }
    expect(stringifyMetaYaml({ user_id: 'a\tb' })).toBe('user_id: "a\\tb"\n');
    expect(stringifyMetaYaml({ user_id: 'x\u2028y' })).toBe('user_id: "x\\u2028y"\n');
    expect(stringifyMetaYaml({ user_id: '<<' })).toBe("user_id: '<<'\n");
  });

  it('writes flat meta documents identically on its fast path', () => {
    const random = createRandom(9);
    const chars = ['a', 'Y', 'e', 'E', 'N', 'o', 'f', 'u', 'l', '0', '9', '_', '-', '.', '/', '+', ' ', ':', 'é', '#', "'", '\t'];
    const samples = [...HAZARDS, 'y', 'n', 'No', 'OFF', 'on', 'True', 'NULL', 'a.b/c-d_e', '_x', 'x.', 'e5', 'E', 'nan', 'inf'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let n = Math.floor(random() * 6); n > 0; n--) s += chars[Math.floor(random() * chars.length)];
      samples.push(s);
    }
    for (const s of samples) {
      const meta = { run_name: s, status: 3, end_time: null, tags: [], experiment_id: '12' };
      expect(stringifyFlatMetaYaml(meta), JSON.stringify(s)).toBe(stringifyMetaYaml(meta));
    }
  });
});
