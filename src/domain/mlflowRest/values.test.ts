import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeMetricValue, encodeMetricValue, MLFLOW_DBL_MAX, sameStoredValue } from './values';

const REST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/mlflow-fixtures/rest-3.5');
const present = existsSync(REST);
if (!present) console.warn(`Skipping the recorded-server checks of metric values: ${REST} is missing.`);

interface WirePoint {
  key: string;
  value: unknown;
  step: number;
  timestamp: number;
}

describe('metric values over REST', () => {
  it('encodes non-finite values as protobuf JSON strings, never null', () => {
    expect([0.5, -0, Number.NaN, Infinity, -Infinity, 5e-324, MLFLOW_DBL_MAX].map(encodeMetricValue)).toEqual([0.5, -0, 'NaN', 'Infinity', '-Infinity', 5e-324, MLFLOW_DBL_MAX]);
    expect(JSON.stringify([Number.NaN, Infinity].map(encodeMetricValue))).toBe('["NaN","Infinity"]');
  });

  it('decodes what a server sends, mapping exactly ±DBL_MAX back to ±Infinity', () => {
    expect(decodeMetricValue(0.25)).toBe(0.25);
    expect(decodeMetricValue('NaN')).toBeNaN();
    expect(decodeMetricValue('Infinity')).toBe(Infinity);
    expect(decodeMetricValue('-Infinity')).toBe(-Infinity);
    expect(decodeMetricValue(MLFLOW_DBL_MAX)).toBe(Infinity);
    expect(decodeMetricValue(-MLFLOW_DBL_MAX)).toBe(-Infinity);
    expect(decodeMetricValue(1.7976931348623155e308)).toBe(1.7976931348623155e308);
    expect(decodeMetricValue('1.5e3')).toBe(1500);
    for (const bad of [null, undefined, true, '', 'fast', {}, [1]]) expect(decodeMetricValue(bad)).toBeNull();
  });

  it('treats a value the SQL store changed as kept, and nothing else', () => {
    expect(sameStoredValue(Infinity, MLFLOW_DBL_MAX)).toBe(true);
    expect(sameStoredValue(-Infinity, -MLFLOW_DBL_MAX)).toBe(true);
    expect(sameStoredValue(Infinity, -MLFLOW_DBL_MAX)).toBe(false);
    expect(sameStoredValue(Number.NaN, Number.NaN)).toBe(true);
    expect(sameStoredValue(Number.NaN, 0)).toBe(false);
    expect(sameStoredValue(-0, 0)).toBe(true);
    expect(sameStoredValue(0.1, Number('0.1000000000000000'))).toBe(true);
    expect(sameStoredValue(0.1, 0.10000000000000002)).toBe(false);
    expect(sameStoredValue(MLFLOW_DBL_MAX, Infinity)).toBe(false);
  });

  it.skipIf(!present)('round-trips the recorded non-finite push through the recorded read-back', () => {
    const read = (name: string) => JSON.parse(readFileSync(resolve(REST, name), 'utf8'));
    const sent = read('14-runs-log-batch-nonfinite-strings.json').request.body.metrics as WirePoint[];
    const back = read('33-metrics-get-history-nonfinite.json').response.body.metrics as WirePoint[];
    const local = [0.5, Number.NaN, Infinity, -Infinity];
    expect(sent.map((p) => p.value)).toEqual(local.map(encodeMetricValue));
    expect(back).toHaveLength(local.length);
    back.forEach((point, i) => {
      const decoded = decodeMetricValue(point.value);
      expect(decoded).not.toBeNull();
      expect(sameStoredValue(local[i] as number, decoded as number)).toBe(true);
      expect(Object.is(decoded, local[i])).toBe(true);
    });
    // null is what JSON.stringify(NaN) writes; the recorded server refuses it.
    expect(read('16-runs-log-batch-null-value.json').response.status).toBe(400);
  });
});
