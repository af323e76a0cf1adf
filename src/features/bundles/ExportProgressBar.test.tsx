// @vitest-environment jsdom
/** The export progress bar follows an export made with exportAndSave, and goes when it ends or fails. */
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportProgressBar } from './ExportProgressBar';
import { exportAndSave } from './exportBundle';

type Progress = { bytesDone: number; bytesTotal: number; filesDone: number; filesTotal: number };
const exportBundle = vi.hoisted(() => vi.fn());
vi.mock('../../app/tracking', () => ({ tracking: { exportBundle } }));

afterEach(() => {
  cleanup();
  exportBundle.mockReset();
});

describe('ExportProgressBar', () => {
  it('should show how far the export got, then disappear once the file is saved', async () => {
    let report: (p: Progress) => void = () => undefined;
    let finish: (blob: Blob) => void = () => undefined;
    exportBundle.mockImplementation((_selection: unknown, options: { onProgress: (p: Progress) => void }) => {
      report = options.onProgress;
      return new Promise<Blob>((resolve) => (finish = resolve));
    });
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    render(<ExportProgressBar />);
    expect(screen.queryByTestId('bundle.export-progress')).toBeNull();

    let saved!: Promise<void>;
    act(() => void (saved = exportAndSave({ all: true }, 'all')));
    expect(screen.getByTestId('bundle.export-progress').textContent).toContain('Exporting all');
    act(() => report({ bytesDone: 30, bytesTotal: 120, filesDone: 0, filesTotal: 0 }));
    const bar = screen.getByRole('progressbar', { name: 'Export progress' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([30, 120]);
    await act(async () => {
      finish(new Blob(['zip']));
      await saved;
    });
    expect(screen.queryByTestId('bundle.export-progress')).toBeNull();
  });

  it('should disappear when the export fails, and pass the error on', async () => {
    exportBundle.mockRejectedValue(new Error('disk full'));
    render(<ExportProgressBar />);
    await act(async () => {
      await expect(exportAndSave({ all: true }, 'all')).rejects.toThrow('disk full');
    });
    expect(screen.queryByTestId('bundle.export-progress')).toBeNull();
  });
});
