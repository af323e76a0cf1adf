import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../domain/tracking/artifacts';
import { buildArtifactTree, formatBytes, prettyJson, previewKind, type PreviewKind, type TreeNode } from './artifactTree';

const file = (path: string, fileSize: number): FileInfo => ({ path, isDir: false, fileSize });

/** name, size and children only: enough to compare shapes. */
interface Shape {
  name: string;
  path: string;
  size: number;
  children?: Shape[];
}
function shape(nodes: readonly TreeNode[]): Shape[] {
  return nodes.map((n) =>
    n.isDir ? { name: n.name, path: n.path, size: n.size, children: shape(n.children) } : { name: n.name, path: n.path, size: n.size },
  );
}

describe('previewKind', () => {
  it.each<[string, string, PreviewKind]>([
    // raster images by content type
    ['plots/loss.png', 'image/png', 'image'],
    ['photo.jpg', 'image/jpeg', 'image'],
    ['anim.gif', 'image/gif', 'image'],
    ['pic.webp', 'image/webp', 'image'],
    // markup is text, never an image or a page
    ['diagram.svg', 'image/svg+xml', 'text'],
    ['diagram.svg', 'text/plain', 'text'],
    ['diagram.SVG', '', 'text'],
    ['report.html', 'text/html', 'text'],
    ['report.html', 'text/plain', 'text'],
    ['report.html', '', 'text'],
    ['page.xml', 'application/xml', 'text'],
    // MLflow's own files
    ['model/MLmodel', 'application/yaml', 'text'],
    ['model/MLmodel', '', 'text'],
    ['MLmodel', 'application/octet-stream', 'text'],
    ['conda.yaml', 'application/yaml', 'text'],
    ['requirements.txt', 'text/plain', 'text'],
    ['notes.md', 'text/markdown', 'text'],
    ['train.py', '', 'text'],
    ['run.LOG', 'application/octet-stream', 'text'],
    ['unknown-ext.weird', 'text/x-anything', 'text'],
    // structured
    ['config.json', 'application/json', 'json'],
    ['config.JSON', '', 'json'],
    ['input_example', 'application/json', 'json'],
    ['data/sample.csv', 'text/csv', 'csv'],
    ['sample.csv', '', 'csv'],
    ['sample.tsv', 'text/tab-separated-values', 'tsv'],
    ['noext', 'text/tab-separated-values', 'tsv'],
    // binary or unknown: no preview
    ['model/weights.bin', 'application/octet-stream', 'none'],
    ['archive.tar.gz', 'application/gzip', 'none'],
    ['model/data', 'application/octet-stream', 'none'],
    ['blob', '', 'none'],
    ['.hidden', '', 'none'],
    ['image.png', '', 'none'],
    // the folder's name does not count, only the file's
    ['html.txt.d/weights', 'application/octet-stream', 'none'],
    ['MLmodel/weights', 'application/octet-stream', 'none'],
  ])('should preview %s (%s) as %s', (path, type, kind) => {
    expect(previewKind(path, type)).toBe(kind);
  });

  it.each(['evil.svg', 'evil.html', 'evil.htm', 'evil.xhtml', 'evil.svgz'])('should never preview %s as an image', (path) => {
    for (const type of ['', 'text/plain', 'text/html', 'image/svg+xml', 'application/xhtml+xml', 'application/octet-stream']) {
      expect(previewKind(path, type)).not.toBe('image');
    }
  });
});

describe('prettyJson', () => {
  it.each<[string, string]>([
    ['{"a":1,"b":[1,2]}', '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}'],
    ['[]', '[]'],
    ['"text"', '"text"'],
    ['  {"nested":{"k":null}}  ', '{\n  "nested": {\n    "k": null\n  }\n}'],
    ['{"html":"<img src=x onerror=alert(1)>"}', '{\n  "html": "<img src=x onerror=alert(1)>"\n}'],
    ['{"__proto__":{"polluted":true}}', '{\n  "__proto__": {\n    "polluted": true\n  }\n}'],
    ['{"ü":"β"}', '{\n  "ü": "β"\n}'],
  ])('should pretty-print %s', (input, output) => {
    expect(prettyJson(input)).toEqual({ text: output, error: null });
  });

  it.each(['', '{', '{"a":1,}', "{'a':1}", 'NaN', '<html></html>', '{"a":1} trailing'])(
    'should return %j unchanged with the parse error',
    (input) => {
      const result = prettyJson(input);
      expect(result.text).toBe(input);
      expect(result.error).toEqual(expect.any(String));
      expect(result.error?.length).toBeGreaterThan(0);
    },
  );

  it('should not pollute Object.prototype', () => {
    prettyJson('{"__proto__":{"pwned":1}}');
    expect(({} as Record<string, unknown>)['pwned']).toBeUndefined();
  });
});

describe('buildArtifactTree', () => {
  it('should return nothing for no files', () => {
    expect(buildArtifactTree([])).toEqual([]);
  });

  it('should put folders first, then files, each by name, with folder sizes summed', () => {
    const tree = buildArtifactTree([
      file('z.txt', 1),
      file('model/weights.bin', 1000),
      file('a.txt', 2),
      file('model/MLmodel', 10),
      file('plots/loss.png', 50),
      file('model/sub/extra.txt', 7),
    ]);
    expect(shape(tree)).toEqual([
      {
        name: 'model',
        path: 'model',
        size: 1017,
        children: [
          { name: 'sub', path: 'model/sub', size: 7, children: [{ name: 'extra.txt', path: 'model/sub/extra.txt', size: 7 }] },
          { name: 'MLmodel', path: 'model/MLmodel', size: 10 },
          { name: 'weights.bin', path: 'model/weights.bin', size: 1000 },
        ],
      },
      { name: 'plots', path: 'plots', size: 50, children: [{ name: 'loss.png', path: 'plots/loss.png', size: 50 }] },
      { name: 'a.txt', path: 'a.txt', size: 2 },
      { name: 'z.txt', path: 'z.txt', size: 1 },
    ]);
  });

  it('should mark folders as folders and files as files', () => {
    const [dir] = buildArtifactTree([file('d/f', 3)]);
    expect(dir?.isDir).toBe(true);
    expect(dir?.children[0]?.isDir).toBe(false);
    expect(dir?.children[0]?.children).toEqual([]);
  });

  it('should build every level of a deep path with full paths and the size at each level', () => {
    const tree = buildArtifactTree([file('a/b/c/d/e/f.txt', 5), file('a/b/c/g.txt', 3)]);
    const paths: Array<[string, number]> = [];
    const walk = (nodes: readonly TreeNode[]) =>
      nodes.forEach((n) => {
        paths.push([n.path, n.size]);
        walk(n.children);
      });
    walk(tree);
    expect(paths).toEqual([
      ['a', 8],
      ['a/b', 8],
      ['a/b/c', 8],
      ['a/b/c/d', 5],
      ['a/b/c/d/e', 5],
      ['a/b/c/d/e/f.txt', 5],
      ['a/b/c/g.txt', 3],
    ]);
  });

  it('should count empty files as zero bytes', () => {
    expect(shape(buildArtifactTree([file('d/a', 0), file('d/b', 0)]))).toEqual([
      { name: 'd', path: 'd', size: 0, children: [{ name: 'a', path: 'd/a', size: 0 }, { name: 'b', path: 'd/b', size: 0 }] },
    ]);
  });

  it('should keep names with markup, spaces and unicode as they are', () => {
    const name = '<img src=x onerror="window.__pwned=1"> ü.html';
    expect(shape(buildArtifactTree([file(`out/${name}`, 4)]))).toEqual([
      { name: 'out', path: 'out', size: 4, children: [{ name, path: `out/${name}`, size: 4 }] },
    ]);
  });

  it('should not modify the input list', () => {
    const input = [file('b/x', 1), file('a', 2)];
    const copy = input.map((f) => ({ ...f }));
    buildArtifactTree(input);
    expect(input).toEqual(copy);
  });
});

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [10 * 1024 - 1, '10.0 KB'],
    [1024 * 1024 - 1, '1024.0 KB'],
    [1024 * 1024, '1.0 MB'],
    [5.25 * 1024 * 1024, '5.3 MB'],
    [3 * 1024 ** 3, '3.00 GB'],
  ])('should format %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
