// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countPoints, downloadCsv, exportFileName } from './figureExport';

describe('exportFileName', () => {
  it.each([
    ['Chart of loss', 'Chart_of_loss'],
    ['val/loss é', 'val_loss_é'],
    ['accuracy: train vs. test', 'accuracy_train_vs._test'],
    ['../../etc/passwd', 'etc_passwd'],
    ['<b>bold</b><img src=x onerror=alert(1)>', 'b_bold_b_img_src=x_onerror=alert(1)'],
    ['a\u0000b\nc\td\u007fe', 'a_b_c_d_e'],
    ['C:\\runs\\*?"|', 'C_runs'],
    ['  .hidden  ', 'hidden'],
    ['trailing dots...', 'trailing_dots'],
    ['损失曲线 (val)', '损失曲线_(val)'],
    ['CON', '_CON'],
    ['nul.tar', '_nul.tar'],
    ['lpt9', '_lpt9'],
    ['Comparison', 'Comparison'],
    ['', 'chart'],
    ['   ', 'chart'],
    ['///', 'chart'],
  ])('should make %j the file name %j', (title, expected) => {
    expect(exportFileName(title)).toBe(expected);
  });

  it('should compose accents into one code point (NFC)', () => {
    expect(exportFileName('e\u0301')).toBe('\u00e9');
  });

  it('should keep at most 120 code points without splitting a surrogate pair', () => {
    const name = exportFileName('📈'.repeat(200));
    expect(Array.from(name)).toHaveLength(120);
    expect(name).toBe('📈'.repeat(120));
    expect(exportFileName(`${'a'.repeat(119)}_b`)).toBe('a'.repeat(119));
  });
});

describe('countPoints', () => {
  it('should sum the lengths of every trace x, arrays or typed arrays', () => {
    expect(
      countPoints([
        { type: 'scatter', x: [1, 2, 3], y: [1, 2, 3] },
        { type: 'scattergl', x: new Float64Array(5), y: new Float64Array(5) },
        { type: 'box', y: [1, 2] },
        { type: 'parcoords', dimensions: [] },
        { type: 'bar', x: null },
      ]),
    ).toBe(8);
    expect(countPoints([])).toBe(0);
  });
});

describe('downloadCsv', () => {
  // jsdom has no object URLs.
  const { createObjectURL, revokeObjectURL } = URL;
  afterEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('should download the text as <safe title>.csv through a temporary link, then free the URL', async () => {
    vi.useFakeTimers();
    const blobs: Blob[] = [];
    const revoke = vi.fn();
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        blobs.push(blob);
        return 'blob:test/1';
      },
      revokeObjectURL: revoke,
    });
    const clicked: Array<{ download: string; href: string; attached: boolean }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href, attached: this.isConnected });
    });

    downloadCsv('Runs: loss / step', 'run,value\r\na,1\r\n');

    expect(clicked).toEqual([{ download: 'Runs_loss_step.csv', href: 'blob:test/1', attached: true }]);
    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0]?.text()).toBe('run,value\r\na,1\r\n');
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:test/1');
  });
});
