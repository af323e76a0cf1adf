import { describe, expect, it } from 'vitest';
import { exportFileName, isZipFile, problemLine, summaryLines } from './bundleText';

const summary = {
  experiments: { created: 1, existing: 1, renamed: [{ from: 'vision', to: 'vision (imported)' }] },
  runs: { created: 3, replaced: 0, skipped: 2 },
  metricPoints: 12_345,
  artifacts: 1,
  conflicts: ['a', 'b'],
};

describe('summaryLines', () => {
  it('should say what an import will do, in words', () => {
    expect(summaryLines(summary, 'will')).toEqual([
      '3 new runs',
      '12,345 metric points, 1 artifact file',
      '1 new experiment, 1 existing experiment',
      '2 runs already here will be skipped',
      'experiment "vision" will be imported as "vision (imported)" (the name is taken)',
    ]);
  });

  it('should say what it did, and mention replaced runs', () => {
    const lines = summaryLines({ ...summary, runs: { created: 1, replaced: 2, skipped: 0 }, experiments: { created: 0, existing: 2, renamed: [] } }, 'did');
    expect(lines[0]).toBe('1 new run, 2 runs replaced');
    expect(lines).not.toContain(expect.stringContaining('skipped'));
  });
});

describe('summaryLines for the model registry', () => {
  it('should count new, replaced and skipped registered models', () => {
    const lines = summaryLines({ ...summary, registeredModels: { created: 2, replaced: 0, skipped: 1, versions: 3 } }, 'will');
    expect(lines).toContain('2 new registered models with 3 model versions, 1 registered model already here will be skipped');
    const none = summaryLines({ ...summary, registeredModels: { created: 0, replaced: 0, skipped: 0, versions: 0 } }, 'did');
    expect(none.join('\n')).not.toMatch(/registered/);
  });
});

describe('problemLine / exportFileName / isZipFile', () => {
  it.each([
    [{ entry: 'mlruns/1/meta.yaml', line: 3, message: 'bad' }, 'mlruns/1/meta.yaml, line 3: bad'],
    [{ entry: '', message: 'truncated' }, 'bundle: truncated'],
  ])('should write %j as %s', (problem, text) => {
    expect(problemLine(problem)).toBe(text);
  });

  it('should make a safe, dated file name', () => {
    const at = new Date('2026-11-23T10:15:00.123Z');
    expect(exportFileName('all', at)).toBe('trainyard-all-2026-11-23T10-15-00.zip');
    expect(exportFileName('../../etc/<x>', at)).toBe('trainyard-.._.._etc_x-2026-11-23T10-15-00.zip');
    expect(exportFileName('', at)).toBe('trainyard-runs-2026-11-23T10-15-00.zip');
  });

  it.each([
    [{ name: 'runs.ZIP', type: '' }, true],
    [{ name: 'runs', type: 'application/zip' }, true],
    [{ name: 'runs.csv', type: 'text/csv' }, false],
  ])('should tell whether %j is a zip', (file, zip) => {
    expect(isZipFile(file)).toBe(zip);
  });
});
