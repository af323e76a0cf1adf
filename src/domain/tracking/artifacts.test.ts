import { describe, expect, it } from 'vitest';
import { childrenOf, type FileInfo } from './artifacts';

const file = (path: string, fileSize: number): FileInfo => ({ path, isDir: false, fileSize });

const FILES: readonly FileInfo[] = [
  file('README.md', 10),
  file('model/model.json', 100),
  file('model/weights.bin', 1000),
  file('model/sub/extra.txt', 7),
  file('plots/loss.png', 50),
  file('config.json', 20),
  file('modelcard.md', 3),
];

describe('childrenOf', () => {
  it('should list the root with folders first, each with the total size of the files under it', () => {
    expect(childrenOf(FILES)).toEqual([
      { path: 'model', isDir: true, fileSize: 1107 },
      { path: 'plots', isDir: true, fileSize: 50 },
      file('config.json', 20),
      file('modelcard.md', 3),
      file('README.md', 10),
    ]);
  });

  it('should list the direct children of a folder with full paths', () => {
    expect(childrenOf(FILES, 'model')).toEqual([
      { path: 'model/sub', isDir: true, fileSize: 7 },
      file('model/model.json', 100),
      file('model/weights.bin', 1000),
    ]);
  });

  it('should treat a trailing slash like no slash', () => {
    expect(childrenOf(FILES, 'model/')).toEqual(childrenOf(FILES, 'model'));
  });

  it('should not take a sibling whose name only starts with the folder name', () => {
    expect(childrenOf(FILES, 'model').map((f) => f.path)).not.toContain('modelcard.md');
  });

  it('should list a nested folder', () => {
    expect(childrenOf(FILES, 'model/sub')).toEqual([file('model/sub/extra.txt', 7)]);
  });

  it.each([['missing'], ['README.md'], ['mod']])('should return nothing for %s', (path) => {
    expect(childrenOf(FILES, path)).toEqual([]);
  });

  it('should return nothing for no files', () => {
    expect(childrenOf([])).toEqual([]);
  });

  it('should count empty files as zero bytes in their folder', () => {
    expect(childrenOf([file('d/a', 0), file('d/b', 0)])).toEqual([{ path: 'd', isDir: true, fileSize: 0 }]);
  });

  it('should not modify the input', () => {
    const input = [file('b', 1), file('a/x', 2), file('a', 3)];
    const copy = structuredClone(input);
    childrenOf(input);
    expect(input).toEqual(copy);
  });
});
