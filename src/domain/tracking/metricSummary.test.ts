import { describe, expect, it } from 'vitest';
import { isLaterPoint, updateSummary } from './metricSummary';
import type { MetricColumns, MetricSummary } from './types';

interface P {
  step: number;
  timestamp: number;
  value: number;
}

function columns(points: readonly P[]): MetricColumns {
  return {
    steps: points.map((p) => p.step),
    values: points.map((p) => p.value),
    timestamps: points.map((p) => p.timestamp),
  };
}

function summarize(points: readonly P[]): MetricSummary {
  return updateSummary(undefined, columns(points), 'm');
}

const NaN_ = Number.NaN;
const INF = Number.POSITIVE_INFINITY;

describe('isLaterPoint', () => {
  it.each([
    ['a higher step wins over a later timestamp', { step: 2, timestamp: 1, value: 0 }, { step: 1, timestamp: 9, value: 9 }, true],
    ['a lower step loses', { step: 1, timestamp: 9, value: 9 }, { step: 2, timestamp: 1, value: 0 }, false],
    ['equal steps: the later timestamp wins', { step: 1, timestamp: 5, value: 0 }, { step: 1, timestamp: 4, value: 9 }, true],
    ['equal step and timestamp: the larger value wins', { step: 1, timestamp: 5, value: 2 }, { step: 1, timestamp: 5, value: 1 }, true],
    ['an identical point is not later', { step: 1, timestamp: 5, value: 2 }, { step: 1, timestamp: 5, value: 2 }, false],
    ['a number beats NaN', { step: 1, timestamp: 5, value: -INF }, { step: 1, timestamp: 5, value: NaN_ }, true],
    ['NaN loses to a number', { step: 1, timestamp: 5, value: NaN_ }, { step: 1, timestamp: 5, value: -1 }, false],
    ['NaN is not later than NaN', { step: 1, timestamp: 5, value: NaN_ }, { step: 1, timestamp: 5, value: NaN_ }, false],
    ['a negative step loses to step 0', { step: -1, timestamp: 9, value: 9 }, { step: 0, timestamp: 0, value: 0 }, false],
  ])('should decide: %s', (_label, a, b, expected) => {
    expect(isLaterPoint(a, b)).toBe(expected);
  });
});

describe('updateSummary', () => {
  it('should take the highest step as latest even when it was logged first', () => {
    const s = summarize([
      { step: 9, timestamp: 100, value: 0.1 },
      { step: 3, timestamp: 200, value: 0.9 },
      { step: 5, timestamp: 300, value: 0.5 },
    ]);
    expect(s.latest).toEqual({ step: 9, timestamp: 100, value: 0.1 });
    expect(s).toMatchObject({ key: 'm', min: 0.1, max: 0.9, count: 3 });
  });

  it('should take the latest timestamp among equal steps, not the last line', () => {
    const s = summarize([
      { step: 1, timestamp: 300, value: 3 },
      { step: 1, timestamp: 100, value: 1 },
      { step: 1, timestamp: 200, value: 2 },
    ]);
    expect(s.latest).toEqual({ step: 1, timestamp: 300, value: 3 });
  });

  it('should take the larger value when step and timestamp are equal', () => {
    const s = summarize([
      { step: 4, timestamp: 50, value: 7 },
      { step: 4, timestamp: 50, value: 9 },
      { step: 4, timestamp: 50, value: 8 },
    ]);
    expect(s.latest.value).toBe(9);
  });

  it('should prefer a number over NaN at the same step and timestamp, whatever the order', () => {
    expect(summarize([{ step: 1, timestamp: 1, value: NaN_ }, { step: 1, timestamp: 1, value: 4 }]).latest.value).toBe(4);
    expect(summarize([{ step: 1, timestamp: 1, value: 4 }, { step: 1, timestamp: 1, value: NaN_ }]).latest.value).toBe(4);
  });

  it('should keep a NaN latest when it has the highest step', () => {
    const s = summarize([
      { step: 1, timestamp: 1, value: 2 },
      { step: 2, timestamp: 1, value: NaN_ },
    ]);
    expect(s.latest.step).toBe(2);
    expect(s.latest.value).toBeNaN();
    expect(s.min).toBe(2);
    expect(s.max).toBe(2);
  });

  it('should ignore NaN in min and max', () => {
    const s = summarize([
      { step: 0, timestamp: 1, value: NaN_ },
      { step: 1, timestamp: 1, value: 3 },
      { step: 2, timestamp: 1, value: NaN_ },
      { step: 3, timestamp: 1, value: -2 },
    ]);
    expect(s.min).toBe(-2);
    expect(s.max).toBe(3);
    expect(s.count).toBe(4);
  });

  it('should give NaN min and max only when every point is NaN', () => {
    const s = summarize([
      { step: 0, timestamp: 1, value: NaN_ },
      { step: 1, timestamp: 1, value: NaN_ },
    ]);
    expect(s.min).toBeNaN();
    expect(s.max).toBeNaN();
    expect(s.latest.step).toBe(1);
    const later = updateSummary(s, columns([{ step: 0, timestamp: 0, value: 5 }]), 'm');
    expect(later.min).toBe(5);
    expect(later.max).toBe(5);
    expect(later.latest.step).toBe(1);
    expect(later.count).toBe(3);
  });

  it('should carry ±Infinity into min, max and latest', () => {
    const s = summarize([
      { step: 0, timestamp: 1, value: 1 },
      { step: 1, timestamp: 1, value: -INF },
      { step: 2, timestamp: 1, value: INF },
    ]);
    expect(s.min).toBe(-INF);
    expect(s.max).toBe(INF);
    expect(s.latest.value).toBe(INF);
  });

  it('should prefer Infinity over a finite value, and a finite value over -Infinity, at equal step and time', () => {
    expect(summarize([{ step: 1, timestamp: 1, value: 1e308 }, { step: 1, timestamp: 1, value: INF }]).latest.value).toBe(INF);
    expect(summarize([{ step: 1, timestamp: 1, value: -INF }, { step: 1, timestamp: 1, value: -1e308 }]).latest.value).toBe(-1e308);
  });

  it('should not mutate the summary it is given', () => {
    const first = summarize([{ step: 1, timestamp: 1, value: 1 }]);
    const snapshot = structuredClone(first);
    updateSummary(first, columns([{ step: 2, timestamp: 2, value: 0 }]), 'm');
    expect(first).toEqual(snapshot);
  });

  it('should accept typed-array columns', () => {
    const s = updateSummary(
      undefined,
      { steps: new Float64Array([0, 1]), values: new Float64Array([5, 6]), timestamps: new Float64Array([10, 10]) },
      'x',
    );
    expect(s).toEqual({ key: 'x', latest: { step: 1, timestamp: 10, value: 6 }, min: 5, max: 6, count: 2 });
  });

  it('should throw when creating a summary from no points', () => {
    expect(() => updateSummary(undefined, columns([]), 'empty')).toThrow(/"empty"/);
  });

  it('should return an equal summary when given no new points', () => {
    const s = summarize([{ step: 1, timestamp: 1, value: 1 }]);
    expect(updateSummary(s, columns([]), 'm')).toEqual(s);
  });

  it.each([[1], [2], [7], [50], [333]])(
    'should equal a single update over all points when folded in pieces of %i',
    (piece) => {
      // A deterministic mix of out-of-order steps, ties, NaN and infinities.
      let seed = 12345;
      const rand = (): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const specials = [NaN_, INF, -INF];
      const points: P[] = Array.from({ length: 1000 }, () => {
        const r = rand();
        return {
          step: Math.floor(rand() * 40) - 5,
          timestamp: 1000 + Math.floor(rand() * 20),
          value: r < 0.1 ? (specials[Math.floor(rand() * 3)] as number) : Math.round(rand() * 100) / 10,
        };
      });
      const whole = summarize(points);
      let folded: MetricSummary | undefined;
      for (let i = 0; i < points.length; i += piece) {
        folded = updateSummary(folded, columns(points.slice(i, i + piece)), 'm');
      }
      expect(folded).toEqual(whole);
      expect(whole.count).toBe(1000);
      // The latest point is the maximum by (step, timestamp, value) computed independently.
      const maxStep = Math.max(...points.map((p) => p.step));
      const atStep = points.filter((p) => p.step === maxStep);
      const maxTs = Math.max(...atStep.map((p) => p.timestamp));
      const candidates = atStep.filter((p) => p.timestamp === maxTs).map((p) => p.value);
      const numbers = candidates.filter((v) => !Number.isNaN(v));
      const expectedLatest = numbers.length > 0 ? Math.max(...numbers) : NaN_;
      expect(whole.latest.step).toBe(maxStep);
      expect(whole.latest.timestamp).toBe(maxTs);
      expect(whole.latest.value).toBe(expectedLatest);
      const finiteOrInf = points.map((p) => p.value).filter((v) => !Number.isNaN(v));
      expect(whole.min).toBe(Math.min(...finiteOrInf));
      expect(whole.max).toBe(Math.max(...finiteOrInf));
    },
  );
});
