import { useMemo, useState } from 'react';
import { reportError } from '../../../shared/notifications';
import { tracking } from '../../../services/page';
import type { RunId } from '../../../domain/ids';
import { buildArtifactTree, formatBytes, type TreeNode } from '../artifactTree';
import { useArtifactFiles } from '../hooks/useRun';
import { ArtifactPreview } from './ArtifactPreview';
import { SectionErrorBoundary } from '../../../shared/ui/SectionErrorBoundary';

async function download(runId: RunId, path: string): Promise<void> {
  try {
    const blob = await tracking.downloadArtifact(runId, path);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = path.split('/').pop() ?? 'artifact';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    reportError(`download ${path}`, error);
  }
}

function TreeItems(props: {
  nodes: TreeNode[];
  open: ReadonlySet<string>;
  onToggle: (path: string) => void;
  selected: string | null;
  onSelect: (path: string) => void;
}) {
  return (
    <ul className="artifact-tree">
      {props.nodes.map((node) => (
        <li key={node.path}>
          {node.isDir ? (
            <>
              <button type="button" className="tree-dir" aria-expanded={props.open.has(node.path)} onClick={() => props.onToggle(node.path)}>
                {props.open.has(node.path) ? '▾' : '▸'} {node.name}/
              </button>
              {props.open.has(node.path) && <TreeItems {...props} nodes={node.children} />}
            </>
          ) : (
            <button
              type="button"
              className="tree-file"
              aria-current={props.selected === node.path ? 'true' : undefined}
              data-testid="artifact-tree.file"
              onClick={() => props.onSelect(node.path)}
            >
              {node.name} <span className="muted">{formatBytes(node.size)}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ArtifactBrowser({ runId }: { runId: RunId }) {
  const files = useArtifactFiles(runId);
  const tree = useMemo(() => buildArtifactTree(files ?? []), [files]);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  if (!files) return <div className="muted">Loading artifacts…</div>;
  if (files.length === 0) return <p className="muted">No artifacts logged.</p>;
  const toggle = (path: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  return (
    <div className="artifacts">
      <TreeItems nodes={tree} open={open} onToggle={toggle} selected={selected} onSelect={setSelected} />
      <div className="artifact-view" data-testid="artifact-preview">
        {selected ? (
          <>
            <div className="artifact-view-header">
              <strong>{selected}</strong>
              <button type="button" onClick={() => void download(runId, selected)} data-testid="artifact-preview.download">
                Download
              </button>
            </div>
            <SectionErrorBoundary name={`Preview of ${selected}`}>
              <ArtifactPreview runId={runId} path={selected} />
            </SectionErrorBoundary>
          </>
        ) : (
          <p className="muted">Select a file to preview it.</p>
        )}
      </div>
    </div>
  );
}
