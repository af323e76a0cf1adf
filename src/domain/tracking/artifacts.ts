/** Artifact listings, MLflow style. */

/** MLflow's FileInfo: a direct child of the listed folder. */
export interface FileInfo {
  path: string;
  isDir: boolean;
  /** Bytes; for a folder, the total of the files under it. */
  fileSize: number;
}

/** The direct children of `path` (the root when omitted), folders first, as MLflow lists them. */
export function childrenOf(files: readonly FileInfo[], path = ''): FileInfo[] {
  const prefix = path ? `${path.replace(/\/$/, '')}/` : '';
  const dirs = new Map<string, number>();
  const out: FileInfo[] = [];
  for (const file of files) {
    if (!file.path.startsWith(prefix)) continue;
    const rest = file.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) out.push(file);
    else {
      const dir = prefix + rest.slice(0, slash);
      dirs.set(dir, (dirs.get(dir) ?? 0) + file.fileSize);
    }
  }
  const folders = [...dirs].map(([p, fileSize]) => ({ path: p, isDir: true, fileSize }));
  return [...folders.sort((a, b) => a.path.localeCompare(b.path)), ...out.sort((a, b) => a.path.localeCompare(b.path))];
}
