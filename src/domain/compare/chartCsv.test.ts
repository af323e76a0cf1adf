import { describe, expect, it } from 'vitest';
import { csvNumber, csvText, seriesToCsv } from './chartCsv';

describe('csvText', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['', ''],
    ['with space', 'with space'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rlf', '"cr\rlf"'],
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['+1', "'+1"],
    ['-2+3+cmd|/C calc!A0', "'-2+3+cmd|/C calc!A0"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tlead tab', "'\tlead tab"],
    ['\rlead cr', '"\'\rlead cr"'],
    ['-1', '-1'],
    ['-0.5', '-0.5'],
    ['-.5e-3', '-.5e-3'],
    ['-1,5', '"\'-1,5"'],
    ['-', "'-"],
    ['-Infinity', "'-Infinity"],
    ['mid=dle', 'mid=dle'],
    ['日本', '日本'],
  ])('should write %j as %j', (input, expected) => {
    expect(csvText(input)).toBe(expected);
  });
});

describe('csvNumber', () => {
  it.each<[number, string]>([
    [1, '1'],
    [-0.5, '-0.5'],
    [1e-7, '1e-7'],
    [1.5e300, '1.5e+300'],
    [-0, '0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('should write %d as %s', (value, expected) => {
    expect(csvNumber(value)).toBe(expected);
  });
});

describe('seriesToCsv', () => {
  it('should write a header and one row per point', () => {
    const csv = seriesToCsv(
      [
        { run: 'run a', metric: 'loss', x: [0, 1], y: [0.5, -0.25] },
        { run: 'b,c', metric: 'val/acc', x: new Float64Array([0]), y: new Float64Array([NaN]) },
      ],
      'step',
    );
    expect(csv).toBe('run,metric,step,value\r\nrun a,loss,0,0.5\r\nrun a,loss,1,-0.25\r\n"b,c",val/acc,0,NaN\r\n');
  });

  it('should neutralise hostile run names, metric keys and x labels', () => {
    const csv = seriesToCsv([{ run: '=cmd()', metric: '@x', x: [-1], y: [-Infinity] }], '+time');
    expect(csv).toBe("run,metric,'+time,value\r\n'=cmd(),'@x,-1,-Infinity\r\n");
  });

  it('should write only the header for no series or empty series', () => {
    expect(seriesToCsv([], 'step')).toBe('run,metric,step,value\r\n');
    expect(seriesToCsv([{ run: 'a', metric: 'm', x: [], y: [] }], 'wall time')).toBe('run,metric,wall time,value\r\n');
  });

  it('should stop at the shorter of x and y', () => {
    expect(seriesToCsv([{ run: 'a', metric: 'm', x: [1, 2, 3], y: [9] }], 'step')).toBe('run,metric,step,value\r\na,m,1,9\r\n');
  });

  it('should write 200k points', () => {
    const n = 200_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const csv = seriesToCsv([{ run: 'r', metric: 'm', x, y: x }], 'step');
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(n + 2);
    expect(lines[n]).toBe(`r,m,${n - 1},${n - 1}`);
  });
});
