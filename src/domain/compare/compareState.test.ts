import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_KEYS } from './columns';
import type { ColumnRef } from './columns';
import { decodeCompareState, defaultCompareState, encodeCompareState, MAX_COMPARE_RUNS } from './compareState';
import type { CompareState } from './compareState';

/** mulberry32: a tiny seeded PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = ['a', 'Z', '0', '_', '-', '.', '/', ' ', ',', '%', '%2C', '%25', '&', '=', '+', '#', '?', ';', 'é', '日', '😀', '"', "'", '<', '\\', '\n'];
const ID_CHARS = 'abcdef0123456789_-XYZ';

function generator(seed: number) {
  const rand = prng(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)] as T;
  const key = (): string => Array.from({ length: 1 + int(6) }, () => pick(HOSTILE)).join('');
  const runId = (): string => pick('abc123'.split('')) + Array.from({ length: int(33) }, () => pick(ID_CHARS.split(''))).join('');
  const column = (): ColumnRef => {
    const kind = pick(['param', 'metric', 'tag', 'attribute'] as const);
    return { kind, key: kind === 'attribute' ? pick(ATTRIBUTE_KEYS) : key() };
  };
  const maybe = <T,>(make: () => T): T | null => (rand() < 0.5 ? null : make());
  const list = <T,>(make: () => T, max: number, id: (t: T) => string = String): T[] => {
    const out = new Map<string, T>();
    for (let i = int(max + 1); i > 0; i--) {
      const t = make();
      out.set(id(t), t);
    }
    return [...out.values()];
  };
  return (): CompareState => ({
    runIds: list(runId, 12),
    xAxis: pick(['step', 'wall', 'relative'] as const),
    smoothing: pick([0, 0.6, 0.999, Math.round(rand() * 999) / 1000, rand() * 0.999, 1e-9]),
    yScale: pick(['linear', 'log'] as const),
    metrics: list(key, 6),
    groupBy: maybe(column),
    onlyDiffering: rand() < 0.5,
    parallel: list(column, 5, (c) => `${c.kind}:${c.key}`),
    scatter: maybe(() => ({ x: column(), y: column() })),
    contour: maybe(() => ({ x: column(), y: column(), z: column() })),
    box: maybe(() => ({ param: key(), metric: key() })),
  });
}

describe('encodeCompareState and decodeCompareState', () => {
  it('should encode the default state as an empty string and decode it back', () => {
    expect(encodeCompareState(defaultCompareState())).toBe('');
    expect(decodeCompareState('')).toEqual({ state: defaultCompareState(), warnings: [] });
  });

  it('should encode compactly, in a fixed key order, leaving commas and slashes readable', () => {
    const state: CompareState = {
      ...defaultCompareState(),
      box: { param: 'bs', metric: 'val/loss' },
      metrics: ['loss', 'val/loss'],
      smoothing: 0.6,
      runIds: ['abc', 'def'],
      onlyDiffering: true,
      scatter: { x: { kind: 'param', key: 'lr' }, y: { kind: 'metric', key: 'loss' } },
    };
    expect(encodeCompareState(state)).toBe(
      'runs=abc,def&smoothing=0.6&metrics=loss,val/loss&onlyDiffering=1&scatter=params.lr,metrics.loss&box=bs,val/loss',
    );
  });

  it('should escape commas, percent signs and URL syntax inside keys', () => {
    const state: CompareState = { ...defaultCompareState(), metrics: ['a,b', '100%', 'x&y=z', '%2C', 'sp ace#'] };
    const query = encodeCompareState(state);
    expect(query).toBe('metrics=a%252Cb,100%2525,x%26y%3Dz,%25252C,sp+ace%23');
    expect(decodeCompareState(query)).toEqual({ state, warnings: [] });
  });

  it('should round-trip 500 generated states without warnings', () => {
    const next = generator(20240601);
    for (let i = 0; i < 500; i++) {
      const state = next();
      const query = encodeCompareState(state);
      const decoded = decodeCompareState(query);
      expect(decoded.warnings, query).toEqual([]);
      expect(decoded.state, query).toEqual(state);
      expect(encodeCompareState(decoded.state)).toBe(query);
      expect(decodeCompareState(`?${query}`).state).toEqual(state);
    }
  });

  it('should clamp an out-of-range smoothing when encoding', () => {
    expect(encodeCompareState({ ...defaultCompareState(), smoothing: 2 })).toBe('smoothing=0.999');
    expect(encodeCompareState({ ...defaultCompareState(), smoothing: NaN })).toBe('');
  });
});

describe('decodeCompareState', () => {
  it.each<[string, Partial<CompareState>]>([
    ['runs=a,b', { runIds: ['a', 'b'] }],
    ['runs=a,,b,', { runIds: ['a', 'b'] }],
    ['runs=a%2Cb', { runIds: ['a', 'b'] }],
    ['runs=b,a,b,a', { runIds: ['b', 'a'] }],
    ['xAxis=wall', { xAxis: 'wall' }],
    ['xAxis=relative', { xAxis: 'relative' }],
    ['smoothing=0', { smoothing: 0 }],
    ['smoothing=-0', { smoothing: 0 }],
    ['smoothing=.5', { smoothing: 0.5 }],
    ['smoothing=0.999', { smoothing: 0.999 }],
    ['smoothing=1e-3', { smoothing: 0.001 }],
    ['yScale=log', { yScale: 'log' }],
    ['metrics=loss,loss,acc', { metrics: ['loss', 'acc'] }],
    ['metrics=', { metrics: [] }],
    ['groupBy=tags.team', { groupBy: { kind: 'tag', key: 'team' } }],
    ['groupBy=params.a.b', { groupBy: { kind: 'param', key: 'a.b' } }],
    ['onlyDiffering=true', { onlyDiffering: true }],
    ['onlyDiffering=0', { onlyDiffering: false }],
    ['parallel=params.lr,attributes.duration', { parallel: [{ kind: 'param', key: 'lr' }, { kind: 'attribute', key: 'duration' }] }],
    ['contour=params.a,params.b,metrics.c', { contour: { x: { kind: 'param', key: 'a' }, y: { kind: 'param', key: 'b' }, z: { kind: 'metric', key: 'c' } } }],
    ['box=bs,loss', { box: { param: 'bs', metric: 'loss' } }],
  ])('should read %j', (query, expected) => {
    expect(decodeCompareState(query)).toEqual({ state: { ...defaultCompareState(), ...expected }, warnings: [] });
  });

  it.each<[string, Partial<CompareState>, string[]]>([
    ['smoothing=abc', {}, ['smoothing: "abc" is not a number from 0 to 0.999']],
    ['smoothing=1', {}, ['smoothing: "1" is not a number from 0 to 0.999']],
    ['smoothing=-0.1', {}, ['smoothing: "-0.1" is not a number from 0 to 0.999']],
    ['smoothing=NaN', {}, ['smoothing: "NaN" is not a number from 0 to 0.999']],
    ['smoothing=', {}, ['smoothing: "" is not a number from 0 to 0.999']],
    ['smoothing=0x1', {}, ['smoothing: "0x1" is not a number from 0 to 0.999']],
    ['xAxis=time', {}, ['xAxis: "time" is not one of step, wall, relative']],
    ['yScale=LOG', {}, ['yScale: "LOG" is not one of linear, log']],
    ['onlyDiffering=yes', {}, ['onlyDiffering: "yes" is not 1 or 0']],
    ['groupBy=lr', {}, ['groupBy: "lr" is not a column such as params.lr or tags.team']],
    ['groupBy=attributes.secret', {}, ['groupBy: "attributes.secret" is not a column such as params.lr or tags.team']],
    ['runs=a,bad%20id,c', { runIds: ['a', 'c'] }, ['runs: "bad id" is not a run id']],
    ['runs=-a,_b,c!,d/e,f', { runIds: ['f'] }, ['runs: "-a", "_b", "c!" and 1 more are not run ids']],
    [
      'parallel=params.lr,lr,metrics.loss,bogus.x',
      { parallel: [{ kind: 'param', key: 'lr' }, { kind: 'metric', key: 'loss' }] },
      ['parallel: "lr", "bogus.x" are not columns such as params.lr or metrics.loss'],
    ],
    ['scatter=params.lr', {}, ['scatter: "params.lr" should be 2 columns separated by commas']],
    ['scatter=params.lr,metrics.a,metrics.b', {}, ['scatter: "params.lr,metrics.a,metrics.b" should be 2 columns separated by commas']],
    ['scatter=params.lr,loss', {}, ['scatter: "loss" is not a column such as params.lr or metrics.loss']],
    ['contour=params.a,params.b', {}, ['contour: "params.a,params.b" should be 3 columns separated by commas']],
    ['box=bs', {}, ['box: "bs" should be a param key and a metric key separated by a comma']],
    ['box=a,b,c', {}, ['box: "a,b,c" should be a param key and a metric key separated by a comma']],
    ['foo=1&bar=2&foo=3', {}, ['foo: unknown field, ignored', 'bar: unknown field, ignored']],
    ['xAxis=wall&xAxis=relative', { xAxis: 'wall' }, ['xAxis: given more than once, the first is used']],
    [
      'smoothing=abc&xAxis=wall&yScale=x',
      { xAxis: 'wall' },
      ['smoothing: "abc" is not a number from 0 to 0.999', 'yScale: "x" is not one of linear, log'],
    ],
  ])('should fall back to defaults for %j with a warning', (query, expected, warnings) => {
    expect(decodeCompareState(query)).toEqual({ state: { ...defaultCompareState(), ...expected }, warnings });
  });

  it.each(['%', '%%%', '&&&', '=', '==&=', 'runs', '?', '#/compare?runs=a', '%E0%A4%A', '\u0000', 'a=%ZZ'])(
    'should not throw on hostile input %j',
    (query) => {
      expect(() => decodeCompareState(query)).not.toThrow();
    },
  );

  it('should shorten a huge bad value in the warning', () => {
    const { warnings } = decodeCompareState(`xAxis=${'x'.repeat(10_000)}`);
    expect(warnings[0]).toBe(`xAxis: "${'x'.repeat(60)}…" is not one of step, wall, relative`);
  });

  it('should keep the first 500 distinct run ids', () => {
    const ids = Array.from({ length: 700 }, (_, i) => `r${i % 600}`);
    const { state, warnings } = decodeCompareState(`runs=${ids.join(',')}`);
    expect(state.runIds).toHaveLength(MAX_COMPARE_RUNS);
    expect(state.runIds[0]).toBe('r0');
    expect(state.runIds[499]).toBe('r499');
    expect(warnings).toEqual(['runs: 600 given, only the first 500 are kept']);
  });
});
