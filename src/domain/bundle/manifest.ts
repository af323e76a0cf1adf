/** Reading and checking `trainyard-manifest.json`. */
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleError, type BundleManifest } from './bundle.types';

const SHA256 = /^[0-9a-f]{64}$/;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The manifest, or null with every problem reported (format name and version are checked first). */
export function parseManifest(text: string, entry: string, errors: BundleError[]): BundleManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    errors.push({ entry, message: `The manifest is not valid JSON (${error instanceof Error ? error.message : String(error)}).` });
    return null;
  }
  const fail = (message: string): null => {
    errors.push({ entry, message });
    return null;
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('The manifest must be a JSON object.');
  const m = json as Record<string, unknown>;
  if (m.format !== BUNDLE_FORMAT) return fail(`The manifest's format is ${JSON.stringify(m.format)}, not "${BUNDLE_FORMAT}".`);
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION) {
    return fail(
      `Unknown manifest format version ${JSON.stringify(m.formatVersion)}: this version of Trainyard reads version ${BUNDLE_FORMAT_VERSION}. ` +
        'The bundle was made by a newer Trainyard; update the app to import it.',
    );
  }
  const before = errors.length;
  if (typeof m.appVersion !== 'string') fail('The manifest has no appVersion text.');
  if (typeof m.exportedAt !== 'string') fail('The manifest has no exportedAt text.');
  if (typeof m.defaultExperimentPlaceholder !== 'boolean') fail('The manifest has no defaultExperimentPlaceholder flag.');
  const counts = m.counts as Record<string, unknown> | null | undefined;
  if (typeof counts !== 'object' || counts === null || !['experiments', 'runs', 'metricPoints', 'artifacts'].every((k) => isCount(counts[k]))) {
    fail('The manifest counts must give experiments, runs, metricPoints and artifacts as non-negative integers.');
  }
  if (!Array.isArray(m.files)) {
    fail('The manifest has no files list.');
  } else {
    m.files.forEach((file: unknown, i) => {
      const f = file as Record<string, unknown> | null;
      if (typeof f !== 'object' || f === null || typeof f.path !== 'string' || !isCount(f.size) || typeof f.sha256 !== 'string' || !SHA256.test(f.sha256)) {
        fail(`The manifest's files[${i}] must be {"path", "size", "sha256" (64 lower-case hex digits)}.`);
      }
    });
  }
  if (errors.length > before) return null;
  return m as unknown as BundleManifest;
}

/** Compares the zip's files (paths relative to the bundle root) with the manifest's list. */
export function checkManifestFiles(
  manifest: BundleManifest,
  actual: ReadonlyMap<string, { entry: string; size: number; sha256: string }>,
  bundleRoot: string,
  errors: BundleError[],
): void {
  const listed = new Set<string>();
  for (const file of manifest.files) {
    if (listed.has(file.path)) {
      errors.push({ entry: bundleRoot + file.path, message: 'The manifest lists this file twice.' });
      continue;
    }
    listed.add(file.path);
    const found = actual.get(file.path);
    if (!found) {
      errors.push({ entry: bundleRoot + file.path, message: 'The manifest lists this file, but the zip does not hold it.' });
    } else if (found.size !== file.size || found.sha256 !== file.sha256) {
      errors.push({
        entry: found.entry,
        message: `The file's sha256 (${found.sha256.slice(0, 12)}…, ${found.size} bytes) does not match the manifest (${file.sha256.slice(0, 12)}…, ${file.size} bytes): it was changed or damaged after export.`,
      });
    }
  }
  for (const [path, found] of actual) {
    if (!listed.has(path)) errors.push({ entry: found.entry, message: 'The file is not listed in the manifest: it was added after export.' });
  }
}
