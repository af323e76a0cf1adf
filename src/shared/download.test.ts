// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadBlob } from './download';

describe('downloadBlob', () => {
  // jsdom has no object URLs.
  const { createObjectURL, revokeObjectURL } = URL;
  const revoke = vi.fn();
  function fakeUrls(): Blob[] {
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        blobs.push(blob);
        return 'blob:test/1';
      },
      revokeObjectURL: revoke,
    });
    return blobs;
  }
  afterEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    revoke.mockReset();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('should click a hidden, attached link to the blob named as asked, remove it, and free the URL later', () => {
    vi.useFakeTimers();
    const blobs = fakeUrls();
    const clicked: Array<{ download: string; href: string; rel: string; hidden: boolean; attached: boolean }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href, rel: this.rel, hidden: this.style.display === 'none', attached: this.isConnected });
    });
    const blob = new Blob(['x'], { type: 'application/zip' });

    downloadBlob(blob, 'model.zip');

    expect(blobs).toEqual([blob]);
    expect(clicked).toEqual([{ download: 'model.zip', href: 'blob:test/1', rel: 'noopener', hidden: true, attached: true }]);
    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(9_999);
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(revoke).toHaveBeenCalledWith('blob:test/1');
  });

  it('should remove the link and free the URL even when the click throws', () => {
    vi.useFakeTimers();
    fakeUrls();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {
      throw new Error('blocked');
    });

    expect(() => downloadBlob(new Blob(['x']), 'a.csv')).toThrow('blocked');

    expect(document.querySelectorAll('a')).toHaveLength(0);
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:test/1');
  });
});
