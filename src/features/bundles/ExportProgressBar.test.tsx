// @vitest-environment jsdom
/**
 * The export progress bar follows an export made with exportAndSave, and goes when it ends or
 * fails; after a saved export MLflow 2.x would partly refuse, a notice says what.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mlflow2Warning } from '../../domain/bundle/mlflow2Compatibility';
import { ExportProgressBar } from './ExportProgressBar';
import { dismissExportResult, exportAndSave } from './exportBundle';

type Progress = { bytesDone: number; bytesTotal: number; filesDone: number; filesTotal: number };
const exportBundleWithReport = vi.hoisted(() => vi.fn());
vi.mock('../../services/page', () => ({ bundles: { exportBundleWithReport } }));

const colonWarning: Mlflow2Warning = {
  problem: 'colon-in-key',
  count: 3,
  example: 'metric "eval:recall" in run "mlp" (0a1b2c3d…)',
  message: "3 keys contain ':', which MLflow 2.x refuses. For example: metric \"eval:recall\" in run \"mlp\" (0a1b2c3d…).",
};

beforeEach(() => {
  URL.createObjectURL = vi.fn(() => 'blob:x');
  URL.revokeObjectURL = vi.fn();
});

afterEach(() => {
  cleanup();
  exportBundleWithReport.mockReset();
  act(() => dismissExportResult());
});

describe('ExportProgressBar', () => {
  it('should show how far the export got, then disappear once the file is saved', async () => {
    let report: (p: Progress) => void = () => undefined;
    let finish: (result: { blob: Blob; warnings: Mlflow2Warning[] }) => void = () => undefined;
    exportBundleWithReport.mockImplementation((_selection: unknown, options: { onProgress: (p: Progress) => void }) => {
      report = options.onProgress;
      return new Promise((resolve) => (finish = resolve));
    });
    render(<ExportProgressBar />);
    expect(screen.queryByTestId('bundle.export-progress')).toBeNull();

    let saved!: Promise<void>;
    act(() => void (saved = exportAndSave({ all: true }, 'all')));
    expect(screen.getByTestId('bundle.export-progress').textContent).toContain('Exporting all');
    act(() => report({ bytesDone: 30, bytesTotal: 120, filesDone: 0, filesTotal: 0 }));
    const bar = screen.getByRole('progressbar', { name: 'Export progress' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([30, 120]);
    await act(async () => {
      finish({ blob: new Blob(['zip']), warnings: [] });
      await saved;
    });
    expect(screen.queryByTestId('bundle.export-progress')).toBeNull();
    expect(screen.queryByTestId('bundle.export-warnings')).toBeNull();
  });

  it('should disappear when the export fails, and pass the error on', async () => {
    exportBundleWithReport.mockRejectedValue(new Error('disk full'));
    render(<ExportProgressBar />);
    await act(async () => {
      await expect(exportAndSave({ all: true }, 'all')).rejects.toThrow('disk full');
    });
    expect(screen.queryByTestId('bundle.export-progress')).toBeNull();
    expect(screen.queryByTestId('bundle.export-warnings')).toBeNull();
  });

  it("should say, after saving, what MLflow 2.x will refuse, until dismissed", async () => {
    exportBundleWithReport.mockResolvedValue({ blob: new Blob(['zip']), warnings: [colonWarning] });
    render(<ExportProgressBar />);
    await act(() => exportAndSave({ runIds: [] }, '3-runs'));
    const notice = screen.getByTestId('bundle.export-warnings');
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toMatch(/^The bundle was saved \(trainyard-3-runs-.*\.zip\)\. MLflow 3\.x reads it, but MLflow 2\.x will refuse some of it:/);
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => [li.dataset.problem, li.textContent])).toEqual([['colon-in-key', colonWarning.message]]);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('bundle.export-warnings')).toBeNull();
  });

  it('should clear the notice when the next export starts', async () => {
    exportBundleWithReport.mockResolvedValueOnce({ blob: new Blob(['zip']), warnings: [colonWarning] });
    render(<ExportProgressBar />);
    await act(() => exportAndSave({ all: true }, 'all'));
    expect(screen.getByTestId('bundle.export-warnings')).toBeTruthy();
    exportBundleWithReport.mockResolvedValueOnce({ blob: new Blob(['zip']), warnings: [] });
    await act(() => exportAndSave({ all: true }, 'all'));
    expect(screen.queryByTestId('bundle.export-warnings')).toBeNull();
  });

  it('should keep user text as text', async () => {
    const hostile = { ...colonWarning, message: '<img src=x onerror=alert(1)> 1 key contains \':\'' };
    exportBundleWithReport.mockResolvedValue({ blob: new Blob(['zip']), warnings: [hostile] });
    const { container } = render(<ExportProgressBar />);
    await act(() => exportAndSave({ all: true }, 'all'));
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('listitem').textContent).toBe(hostile.message);
  });
});
