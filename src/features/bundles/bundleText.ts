/** Pure text for the bundle UI: the import summary in words, export file names, problem lines. */
import { formatProblem, type BundleProblem } from '../../domain/errors';

export interface SummaryLike {
  experiments: { created: number; existing: number; renamed: ReadonlyArray<{ from: string; to: string }> };
  runs: { created: number; replaced: number; skipped: number };
  metricPoints: number;
  artifacts: number;
  conflicts: readonly string[];
  /** The model registry's part (bundles made before it travelled have none). */
  registeredModels?: { created: number; replaced: number; skipped: number; versions: number };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Lines such as "3 new runs", "2 runs already here will be skipped". */
export function summaryLines(summary: SummaryLike, tense: 'will' | 'did'): string[] {
  const lines = [
    `${plural(summary.runs.created, 'new run')}${summary.runs.replaced ? `, ${plural(summary.runs.replaced, 'run')} replaced` : ''}`,
    `${plural(summary.metricPoints, 'metric point')}, ${plural(summary.artifacts, 'artifact file')}`,
    `${plural(summary.experiments.created, 'new experiment')}${summary.experiments.existing ? `, ${plural(summary.experiments.existing, 'existing experiment')}` : ''}`,
  ];
  if (summary.runs.skipped > 0) {
    lines.push(`${plural(summary.runs.skipped, 'run')} already here ${tense === 'will' ? 'will be' : 'were'} skipped`);
  }
  const models = summary.registeredModels;
  if (models && models.created + models.replaced + models.skipped > 0) {
    const replaced = models.replaced ? `, ${plural(models.replaced, 'registered model')} replaced` : '';
    const skipped = models.skipped ? `, ${plural(models.skipped, 'registered model')} already here ${tense === 'will' ? 'will be' : 'were'} skipped` : '';
    lines.push(`${plural(models.created, 'new registered model')} with ${plural(models.versions, 'model version')}${replaced}${skipped}`);
  }
  for (const { from, to } of summary.experiments.renamed) lines.push(`experiment "${from}" ${tense === 'will' ? 'will be' : 'was'} imported as "${to}" (the name is taken)`);
  return lines;
}

export function problemLine(problem: BundleProblem): string {
  return formatProblem(problem);
}

/** `trainyard-<what>-2026-11-23T10-15-00.zip`, safe on every file system. */
export function exportFileName(what: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/:/g, '-');
  const safe = what.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'runs';
  return `trainyard-${safe}-${stamp}.zip`;
}

/** Files a drop or picker offers that look like bundles. */
export function isZipFile(file: { name: string; type: string }): boolean {
  return /\.zip$/i.test(file.name) || file.type === 'application/zip' || file.type === 'application/x-zip-compressed';
}
