import { describe, expect, it } from 'vitest';
import { TAG_REPRODUCED, TAG_REPRODUCED_DETAILS } from '../../../services/insights/insightService';
import { parseReproducedDetails, relativeText, reproducedOf, VERDICT_LABEL } from './reproducedModel';

describe('reproducedOf', () => {
  it('should be null for a run never verified or with an unknown verdict', () => {
    expect(reproducedOf({})).toBeNull();
    expect(reproducedOf({ [TAG_REPRODUCED]: 'maybe' })).toBeNull();
  });

  it('should read the verdict and its details', () => {
    const details = {
      rerunId: 'r2',
      checkedAt: 5,
      summary: 'Did not reproduce: test_rmse differs.',
      reasons: ['the backend differs'],
      differences: [{ key: 'test_rmse', original: 0.6, rerun: 0.61, relative: 0.0164 }],
      checked: 4,
      skipped: [],
      tolerance: { relative: 1e-4, absolute: 1e-9 },
    };
    expect(reproducedOf({ [TAG_REPRODUCED]: 'differs', [TAG_REPRODUCED_DETAILS]: JSON.stringify(details) })).toEqual({
      verdict: 'differs',
      details: { rerunId: 'r2', checkedAt: 5, summary: details.summary, reasons: details.reasons, differences: details.differences },
    });
  });
});

describe('parseReproducedDetails', () => {
  it.each([undefined, 'not json', '[1,2]', 'null'])('should leave the details empty for %j', (json) => {
    expect(parseReproducedDetails(json)).toEqual({ rerunId: null, summary: null, reasons: [], differences: [], checkedAt: null });
  });

  it('should drop malformed differences and keep missing values as null', () => {
    const json = JSON.stringify({ differences: [{ key: 'acc', original: 1, rerun: null, relative: null }, { original: 2 }, 'x'], reasons: ['a', 3] });
    const details = parseReproducedDetails(json);
    expect(details.differences).toEqual([{ key: 'acc', original: 1, rerun: null, relative: null }]);
    expect(details.reasons).toEqual(['a']);
  });
});

describe('relativeText', () => {
  it.each([
    [null, '—'],
    [0, '0%'],
    [0.0164, '1.6%'],
    [1e-9, '< 0.0001%'],
  ])('should write %s as %s', (relative, text) => {
    expect(relativeText(relative)).toBe(text);
  });
});

describe('VERDICT_LABEL', () => {
  it('should say every verdict in words', () => {
    expect(VERDICT_LABEL.exact.text).toBe('Reproduced exactly');
    expect(Object.values(VERDICT_LABEL).every((label) => label.text.length > 0 && label.icon.length > 0)).toBe(true);
  });
});
