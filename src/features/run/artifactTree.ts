/** Pure helpers for the artifact browser: the folder tree and how to preview a file. */
import type { FileInfo } from '../../domain/tracking/artifacts';

export type PreviewKind = 'text' | 'json' | 'csv' | 'tsv' | 'image' | 'none';

/** Raster images only: SVG can carry script and is shown as text. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const TEXT_EXTENSIONS = new Set(['txt', 'md', 'log', 'yaml', 'yml', 'py', 'ts', 'js', 'html', 'svg', 'xml', 'ini', 'toml', 'cfg']);
export const MAX_TEXT_PREVIEW_BYTES = 1_000_000;
export const MAX_TABLE_PREVIEW_ROWS = 500;

export function previewKind(path: string, type: string): PreviewKind {
  const name = path.split('/').pop() ?? path;
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  if (IMAGE_TYPES.has(type)) return 'image';
  if (ext === 'json' || type === 'application/json') return 'json';
  if (ext === 'csv' || type === 'text/csv') return 'csv';
  if (ext === 'tsv' || type === 'text/tab-separated-values') return 'tsv';
  if (type.startsWith('text/') || TEXT_EXTENSIONS.has(ext) || name === 'MLmodel' || type === 'application/yaml') return 'text';
  return 'none';
}

/** Pretty-prints JSON; text that isn't JSON comes back unchanged with the parse error. */
export function prettyJson(text: string): { text: string; error: string | null } {
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), error: null };
  } catch (error) {
    return { text, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface TreeNode {
  name: string;
  path: string;
  isDir: boolean;
  size: number;
  children: TreeNode[];
}

/** Builds the folder tree from a flat file list; folders first, then files, each by name. */
export function buildArtifactTree(files: readonly FileInfo[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', isDir: true, size: 0, children: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let node = root;
    parts.forEach((part, i) => {
      const isLast = i === parts.length - 1;
      const path = parts.slice(0, i + 1).join('/');
      let child = node.children.find((c) => c.name === part && c.isDir === !isLast);
      if (!child) {
        child = { name: part, path, isDir: !isLast, size: 0, children: [] };
        node.children.push(child);
      }
      child.size += file.fileSize;
      node = child;
    });
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
    nodes.forEach((n) => sort(n.children));
  };
  sort(root.children);
  return root.children;
}

/** One byte formatter for the app (the Storage page's). */
export { formatBytes } from '../../domain/storage/storageSize';
