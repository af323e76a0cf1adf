/**
 * Where things are in an imported zip: finds the `mlruns` root (at the top, one folder down, or the
 * zip holding the contents of mlruns directly) and sorts every entry into experiments and runs the
 * way MLflow's FileStore reads them (spec §1, §16). Nothing is inflated here.
 */
import { MANIFEST_PATH, type BundleError } from './bundle.types';
import type { ZipEntry } from './zipRead';

export interface KeyedEntry {
  key: string;
  entry: ZipEntry;
}

export interface RunDir {
  dirName: string;
  prefix: string;
  meta: ZipEntry | null;
  params: KeyedEntry[];
  tags: KeyedEntry[];
  metrics: KeyedEntry[];
  artifacts: KeyedEntry[];
}

export interface ExperimentDir {
  dirName: string;
  prefix: string;
  trashed: boolean;
  meta: ZipEntry | null;
  tags: KeyedEntry[];
  runs: Map<string, RunDir>;
}

export interface ModelVersionDir {
  dirName: string;
  prefix: string;
  meta: ZipEntry | null;
  tags: KeyedEntry[];
}

/** `models/<name>/` of the registry (spec §10). */
export interface ModelDir {
  dirName: string;
  prefix: string;
  meta: ZipEntry | null;
  tags: KeyedEntry[];
  aliases: KeyedEntry[];
  versions: Map<string, ModelVersionDir>;
}

/**
 * What MLflow keeps that Trainyard does not model (spec §1, §8, §9), found by folder: the import
 * reports each kind with its count instead of dropping it silently. Keys are folder prefixes.
 */
export interface Unmodelled {
  /** `<exp>/models/<model_id>/`: MLflow 3 logged models. */
  loggedModels: Set<string>;
  /** `<exp>/datasets/<dataset_id>/`: dataset records the runs' inputs point at. */
  datasets: Set<string>;
  /** `<exp>/traces/<trace_id>/`: MLflow 3 tracing data. */
  traces: Set<string>;
  /** `<run>/inputs/<input_id>/` → its meta.yaml (null if the folder has none), which says dataset or model input. */
  runInputs: Map<string, ZipEntry | null>;
  /** `<run>/outputs/<model_id>/`: logged models a run produced (3.x). */
  runOutputs: Set<string>;
}

export interface Layout {
  /** Prefix of the mlruns directory, e.g. `mlruns/`, `export/mlruns/` or `` (contents at the top). */
  root: string;
  /** Prefix of the folder holding `mlruns/` (where a manifest sits), or null when the root isn't named mlruns. */
  bundleRoot: string | null;
  manifest: ZipEntry | null;
  /** Files under `bundleRoot` other than the manifest and macOS junk: what a manifest must list. */
  bundleFiles: ZipEntry[];
  experiments: ExperimentDir[];
  /** The registry's models, in zip order; a folder with files but no meta.yaml is an error. */
  registry: ModelDir[];
  unmodelled: Unmodelled;
  notes: string[];
  errors: BundleError[];
}

/**
 * `__MACOSX/` and `.DS_Store`: written by macOS, never data. (AppleDouble `._name` files outside
 * `__MACOSX/` are only skipped where any dot-entry is: `._x` is a valid MLflow key.)
 */
export function isJunk(name: string): boolean {
  const parts = name.split('/');
  return parts.includes('__MACOSX') || parts.includes('.DS_Store');
}

/** Folders MLflow keeps inside an experiment that are not runs (§1), and where their records are counted. */
const EXPERIMENT_NON_RUN_FOLDERS: Record<string, 'datasets' | 'traces' | 'loggedModels'> = {
  datasets: 'datasets',
  traces: 'traces',
  models: 'loggedModels',
};

function emptyUnmodelled(): Unmodelled {
  return { loggedModels: new Set(), datasets: new Set(), traces: new Set(), runInputs: new Map(), runOutputs: new Set() };
}

function findRoot(files: readonly ZipEntry[]): string | null {
  const experimentParents = new Set<string>();
  const topFolders = new Set<string>();
  for (const { name } of files) {
    const slash = name.indexOf('/');
    topFolders.add(slash === -1 ? '' : name.slice(0, slash + 1));
    if (!name.endsWith('/meta.yaml')) continue;
    const dir = name.slice(0, -'/meta.yaml'.length);
    let parent = dir.slice(0, dir.lastIndexOf('/') + 1);
    const dirName = dir.slice(parent.length);
    if (parent.endsWith('.trash/')) parent = parent.slice(0, -'.trash/'.length);
    else if (dirName === 'models' || dirName.startsWith('.')) continue;
    experimentParents.add(parent);
  }
  const candidates = ['', 'mlruns/'];
  if (topFolders.size === 1 && !topFolders.has('')) {
    const [only] = topFolders as Set<string>;
    candidates.push(only as string, `${only as string}mlruns/`);
  }
  return candidates.find((c) => experimentParents.has(c)) ?? null;
}

export function layoutOf(entries: readonly ZipEntry[]): Layout {
  const notes: string[] = [];
  const errors: BundleError[] = [];
  const skipped = new Map<string, { count: number; example: string }>();
  const skip = (why: string, name: string): void => {
    const seen = skipped.get(why);
    if (seen) seen.count++;
    else skipped.set(why, { count: 1, example: name });
  };
  const files: ZipEntry[] = [];
  for (const entry of entries) {
    if (isJunk(entry.name)) skip('macOS metadata (__MACOSX/, .DS_Store, ._*) is ignored', entry.name);
    else if (!entry.isDirectory) files.push(entry);
  }
  const root = findRoot(files);
  if (root === null) {
    errors.push({
      entry: '',
      message: 'No MLflow data found: expected mlruns/<experiment id>/meta.yaml (at the top of the zip, one folder down, or the contents of mlruns itself).',
    });
    return { root: '', bundleRoot: null, manifest: null, bundleFiles: [], experiments: [], registry: [], unmodelled: emptyUnmodelled(), notes, errors };
  }
  const bundleRoot = root.endsWith('mlruns/') ? root.slice(0, -'mlruns/'.length) : null;
  let manifest: ZipEntry | null = null;
  const bundleFiles: ZipEntry[] = [];
  const experiments = new Map<string, ExperimentDir>();
  const registry = new Map<string, ModelDir>();
  const unmodelled = emptyUnmodelled();

  for (const entry of files) {
    const { name } = entry;
    if (bundleRoot !== null && name === bundleRoot + MANIFEST_PATH) {
      manifest = entry;
      continue;
    }
    if (bundleRoot !== null && name.startsWith(bundleRoot)) bundleFiles.push(entry);
    if (!name.startsWith(root)) {
      skip(`files outside ${root || 'the mlruns folder'} are ignored`, name);
      continue;
    }
    let parts = name.slice(root.length).split('/');
    const trashed = parts[0] === '.trash';
    if (trashed) parts = parts.slice(1);
    if (!trashed && parts[0] === 'models') {
      placeRegistryFile(registry, `${root}models/`, parts.slice(1), entry, skip);
      continue;
    }
    if (parts.length < 2) {
      skip(`loose files directly in ${root || 'the mlruns folder'}${trashed ? '.trash/' : ''} are ignored`, name);
      continue;
    }
    const experimentName = parts[0] as string;
    if (experimentName.startsWith('.')) {
      skip('hidden (dot) entries are ignored', name);
      continue;
    }
    const prefix = `${root}${trashed ? '.trash/' : ''}${experimentName}/`;
    let experiment = experiments.get(prefix);
    if (!experiment) {
      experiment = { dirName: experimentName, prefix, trashed, meta: null, tags: [], runs: new Map() };
      experiments.set(prefix, experiment);
    }
    const rest = parts.slice(1);
    const folder = rest[0] as string;
    if (rest.length === 1) {
      if (folder === 'meta.yaml') experiment.meta = entry;
      else skip('unknown files in experiment folders are ignored', name);
    } else if (folder === 'tags') {
      experiment.tags.push({ key: rest.slice(1).join('/'), entry });
    } else if (Object.hasOwn(EXPERIMENT_NON_RUN_FOLDERS, folder)) {
      const kind = EXPERIMENT_NON_RUN_FOLDERS[folder] as 'datasets' | 'traces' | 'loggedModels';
      if (rest.length > 2) unmodelled[kind].add(`${prefix}${folder}/${rest[1] as string}/`);
      else skip(`loose files in an experiment's ${folder}/ folder are ignored`, name);
    } else if (folder.startsWith('.')) {
      skip('hidden (dot) entries are ignored', name);
    } else {
      placeRunFile(experiment, folder, rest.slice(1), entry, unmodelled, skip);
    }
  }

  const ordered = [...experiments.values()];
  for (const experiment of ordered) {
    if (experiment.meta === null) {
      if (experiment.runs.size > 0) {
        errors.push({ entry: experiment.prefix, message: 'This experiment folder has runs but no meta.yaml.' });
      } else {
        skip('folders without meta.yaml are ignored (as MLflow does)', experiment.prefix);
      }
    }
    for (const run of experiment.runs.values()) {
      if (run.meta === null) errors.push({ entry: run.prefix, message: 'This run folder has no meta.yaml.' });
    }
  }
  for (const model of registry.values()) {
    if (model.meta === null) errors.push({ entry: model.prefix, message: 'This registered model folder has no meta.yaml.' });
    for (const version of model.versions.values()) {
      if (version.meta === null) errors.push({ entry: version.prefix, message: 'This model version folder has no meta.yaml.' });
    }
  }
  for (const [why, { count, example }] of skipped) {
    notes.push(`Skipped ${count} ${count === 1 ? 'entry' : 'entries'}: ${why} (e.g. "${example}").`);
  }
  return {
    root,
    bundleRoot,
    manifest,
    bundleFiles,
    experiments: ordered.filter((e) => e.meta !== null),
    registry: [...registry.values()].filter((m) => m.meta !== null),
    unmodelled,
    notes,
    errors,
  };
}

function placeRunFile(
  experiment: ExperimentDir,
  runDirName: string,
  parts: string[],
  entry: ZipEntry,
  unmodelled: Unmodelled,
  skip: (why: string, name: string) => void,
): void {
  let run = experiment.runs.get(runDirName);
  if (!run) {
    run = { dirName: runDirName, prefix: `${experiment.prefix}${runDirName}/`, meta: null, params: [], tags: [], metrics: [], artifacts: [] };
    experiment.runs.set(runDirName, run);
  }
  const folder = parts[0] as string;
  const key = parts.slice(1).join('/');
  if (parts.length === 1) {
    if (folder === 'meta.yaml') run.meta = entry;
    else skip('unknown files in run folders are ignored', entry.name);
  } else if (folder === 'params' || folder === 'tags' || folder === 'metrics' || folder === 'artifacts') {
    run[folder].push({ key, entry });
  } else if ((folder === 'inputs' || folder === 'outputs') && parts.length > 2) {
    const at = `${run.prefix}${folder}/${parts[1] as string}/`;
    if (folder === 'outputs') unmodelled.runOutputs.add(at);
    else if (parts.length === 3 && parts[2] === 'meta.yaml') unmodelled.runInputs.set(at, entry);
    else if (!unmodelled.runInputs.has(at)) unmodelled.runInputs.set(at, null);
  } else {
    skip('unknown folders in run folders are ignored', entry.name);
  }
}

const VERSION_DIR = /^version-\d+$/;

/** Sorts a file under the registry root: `<name>/meta.yaml`, `tags/`, `aliases/`, `version-<n>/{meta.yaml,tags/}`. */
function placeRegistryFile(
  registry: Map<string, ModelDir>,
  registryPrefix: string,
  parts: string[],
  entry: ZipEntry,
  skip: (why: string, name: string) => void,
): void {
  if (parts.length < 2) {
    skip('loose files directly in the registry folder (models/) are ignored', entry.name);
    return;
  }
  const dirName = parts[0] as string;
  let model = registry.get(dirName);
  if (!model) {
    model = { dirName, prefix: `${registryPrefix}${dirName}/`, meta: null, tags: [], aliases: [], versions: new Map() };
    registry.set(dirName, model);
  }
  const rest = parts.slice(1);
  const folder = rest[0] as string;
  if (rest.length === 1) {
    if (folder === 'meta.yaml') model.meta = entry;
    else skip('unknown files in registered model folders are ignored', entry.name);
  } else if (folder === 'tags' || folder === 'aliases') {
    model[folder].push({ key: rest.slice(1).join('/'), entry });
  } else if (VERSION_DIR.test(folder)) {
    let version = model.versions.get(folder);
    if (!version) {
      version = { dirName: folder, prefix: `${model.prefix}${folder}/`, meta: null, tags: [] };
      model.versions.set(folder, version);
    }
    if (rest.length === 2 && rest[1] === 'meta.yaml') version.meta = entry;
    else if (rest[1] === 'tags' && rest.length > 2) version.tags.push({ key: rest.slice(2).join('/'), entry });
    else skip('unknown files in model version folders are ignored', entry.name);
  } else {
    skip('unknown folders in registered model folders are ignored', entry.name);
  }
}
