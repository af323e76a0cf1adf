import { describe, expect, it } from 'vitest';
import { MAX_SEEDS, parseSeedCount, repeatsDone, seedsLabel } from './repeatModel';

describe('parseSeedCount', () => {
  it.each([
    ['5', 5],
    [' 3 ', 3],
    ['1', 1],
    [String(MAX_SEEDS), MAX_SEEDS],
    ['0', null],
    [String(MAX_SEEDS + 1), null],
    ['2.5', null],
    ['', null],
    ['-1', null],
    ['five', null],
  ])('should read %j as %s', (text, n) => {
    expect(parseSeedCount(text)).toBe(n);
  });
});

describe('seedsLabel', () => {
  it('should say one seed and several seeds', () => {
    expect([seedsLabel(1), seedsLabel(5)]).toEqual(['1 seed', '5 seeds']);
  });
});

describe('repeatsDone', () => {
  it('should count the runs that ended, however they ended', () => {
    expect(repeatsDone([{ status: 'FINISHED' }, { status: 'RUNNING' }, { status: 'FAILED' }, { status: 'SCHEDULED' }, { status: 'KILLED' }])).toBe(3);
  });
});
