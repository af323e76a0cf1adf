/**
 * The model registry in a bundle (spec §10): `mlruns/models/<name>/meta.yaml`, `tags/<key>`,
 * `aliases/<alias>` (the version number as text) and `version-<n>/meta.yaml` + `tags/<key>`, both
 * ways. Reading accepts what MLflow 2.x and 3.x write (2.x `aliases: []`/`{}`, 3.x `model_id`,
 * `models:/m-…` sources, deployment fields) and reports every problem naming the file and line.
 */
import { isRunId, type RunId } from '../ids';
import { setOwn } from '../records';
import { canonicalStage, parseRunsUri, validateAlias, validateModelName } from '../registry/registry';
import { STAGE_DELETED_INTERNAL } from '../registry/registry.types';
import type { BundleFile, BundleModelVersion, BundleRegisteredModel } from './bundle.types';
import { runArtifactUri, parseInteger } from './mlrunsFormat';
import type { KeyedEntry, ModelDir, ModelVersionDir } from './mlrunsLayout';
import { stringifyMetaYaml } from './metaYaml';
import { decodeText, exportableKey, importedKeyProblem, type MetaFields } from './mlrunsParse';
import { readMeta, type ReadContext } from './mlrunsAssemble';
import type { ZipEntry } from './zipRead';

const encoder = new TextEncoder();

function problem(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

// ---------- writing ----------

/**
 * The registry's files under `mlruns/models/`. `runExperiment` maps the bundle's run ids to their
 * experiment, so a version from a run in the bundle gets a `storage_location` MLflow can open.
 */
export function registryFiles(models: readonly BundleRegisteredModel[], runExperiment: ReadonlyMap<string, string>): BundleFile[] {
  const files: BundleFile[] = [];
  const seen = new Set<string>();
  for (const model of models) {
    const name = validateModelName(model.name);
    if (seen.has(name)) throw new Error(`Registered model "${name}" appears twice.`);
    seen.add(name);
    const dir = `mlruns/models/${name}`;
    const text = (path: string, value: string): void => {
      files.push({ path: `${dir}/${path}`, bytes: encoder.encode(value) });
    };
    const aliases: Record<string, string> = {};
    for (const { alias, version } of model.aliases) {
      validateAlias(alias);
      setOwn(aliases, alias, String(version));
      text(`aliases/${alias}`, String(version));
    }
    text(
      'meta.yaml',
      stringifyMetaYaml({
        aliases,
        creation_timestamp: model.creationTimestamp,
        description: model.description === '' ? null : model.description,
        last_updated_timestamp: model.lastUpdatedTimestamp,
        name,
      }),
    );
    for (const [key, value] of Object.entries(model.tags)) text(`tags/${exportableKey('tag', key)}`, value);
    for (const version of model.versions) {
      const vdir = `version-${version.version}`;
      text(`${vdir}/meta.yaml`, versionMetaYaml(name, version, runExperiment));
      for (const [key, value] of Object.entries(version.tags)) text(`${vdir}/tags/${exportableKey('tag', key)}`, value);
    }
  }
  return files;
}

function versionMetaYaml(name: string, version: BundleModelVersion, runExperiment: ReadonlyMap<string, string>): string {
  const fromRun = parseRunsUri(version.source);
  const experimentId = fromRun ? runExperiment.get(fromRun.runId) : undefined;
  return stringifyMetaYaml({
    creation_timestamp: version.creationTimestamp,
    current_stage: version.currentStage,
    description: version.description === '' ? null : version.description,
    last_updated_timestamp: version.lastUpdatedTimestamp,
    name,
    run_id: version.runId,
    run_link: null,
    source: version.source,
    status: 'READY',
    status_message: null,
    // Relative, like the runs' artifact_uri: MLflow opens it when started next to mlruns/ (§16).
    storage_location: fromRun && experimentId !== undefined ? `${runArtifactUri(experimentId, fromRun.runId)}/${fromRun.path}` : null,
    user_id: version.userId,
    version: version.version,
  });
}

// ---------- reading ----------

/** Tag files with keys MLflow reads (3.x's rule, spec §13); values verbatim whatever their length. */
function readTags(files: readonly KeyedEntry[], ctx: ReadContext): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const { key, entry } of files) {
    const bad = importedKeyProblem('tag', key);
    if (bad) {
      ctx.errors.push({ entry: entry.name, message: bad });
      continue;
    }
    const bytes = ctx.read(entry);
    const text = bytes && decodeText(bytes, entry.name, ctx.errors);
    if (text !== null) setOwn(tags, key, text);
  }
  return tags;
}

/** Text of a nullable string field: null and absent read as ''. */
function optionalText(fields: MetaFields, key: string): string {
  return fields.string(key) ?? '';
}

const LIVE_STATUS = 'READY';

function assembleVersion(dir: ModelVersionDir, modelName: string, ctx: ReadContext): BundleModelVersion | null {
  const metaEntry = dir.meta as ZipEntry;
  const before = ctx.errors.length;
  const fields = readMeta(metaEntry, ctx);
  const tags = readTags(dir.tags, ctx);
  if (fields === null) return null;
  const dirVersion = Number(dir.dirName.slice('version-'.length));
  const version = fields.integer('version', true);
  if (version != null && version !== dirVersion) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('version'), message: `version ${version} does not match its folder "${dir.dirName}".` });
  } else if (version != null && version < 1) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('version'), message: `version ${version}: versions are numbered from 1.` });
  }
  const name = fields.string('name');
  if (name !== undefined && name !== modelName) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('name'), message: `name "${name}" does not match the registered model's folder "${modelName}".` });
  }
  const rawStage = fields.string('current_stage') ?? 'None';
  let currentStage: BundleModelVersion['currentStage'] = 'None';
  if (rawStage === STAGE_DELETED_INTERNAL) currentStage = STAGE_DELETED_INTERNAL;
  else {
    const bad = problem(() => (currentStage = canonicalStage(rawStage)));
    if (bad) ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('current_stage'), message: `current_stage: ${bad}` });
  }
  const status = fields.string('status') ?? LIVE_STATUS;
  const deleted = currentStage === STAGE_DELETED_INTERNAL;
  const source = fields.string('source', !deleted);
  const runId = fields.id('run_id');
  if (!deleted && runId !== undefined && !isRunId(runId)) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('run_id'), message: `run_id ${JSON.stringify(runId)} is not a valid run id.` });
  }
  const fromRun = source === undefined ? null : parseRunsUri(source);
  if (!deleted && fromRun && runId !== undefined && fromRun.runId !== runId) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('source'), message: `source "${source}" is not from run_id "${runId}".` });
  }
  const creation = fields.integer('creation_timestamp');
  const updated = fields.integer('last_updated_timestamp');
  const description = optionalText(fields, 'description');
  const userId = fields.string('user_id') ?? null;
  if (ctx.errors.length > before || version == null) return null;
  const live = !deleted && status === LIVE_STATUS;
  if (!deleted && !live) {
    ctx.note(`model versions whose registration never finished (status ${status}) were kept only as used version numbers`, metaEntry.name);
  }
  const creationTimestamp = creation ?? 0;
  return {
    version,
    source: live ? (source ?? '') : '',
    runId: live ? ((runId ?? fromRun?.runId ?? null) as RunId | null) : null,
    description: live ? description : '',
    currentStage: live ? currentStage : STAGE_DELETED_INTERNAL,
    creationTimestamp,
    lastUpdatedTimestamp: updated ?? creationTimestamp,
    userId: live ? userId : null,
    tags: live ? tags : {},
  };
}

/** A registered model with its versions; aliases must point at a live version of it. */
export function assembleRegisteredModel(dir: ModelDir, ctx: ReadContext): BundleRegisteredModel | null {
  const metaEntry = dir.meta as ZipEntry;
  const before = ctx.errors.length;
  const badName = problem(() => validateModelName(dir.dirName));
  if (badName) ctx.errors.push({ entry: dir.prefix, message: badName });
  const fields = readMeta(metaEntry, ctx);
  const tags = readTags(dir.tags, ctx);
  const versions: BundleModelVersion[] = [];
  for (const versionDir of [...dir.versions.values()].filter((v) => v.meta !== null)) {
    const version = assembleVersion(versionDir, dir.dirName, ctx);
    if (version) versions.push(version);
  }
  versions.sort((a, b) => a.version - b.version);
  const aliases = readAliases(dir, versions, ctx);
  if (fields === null) return null;
  const name = fields.string('name', true);
  if (name !== undefined && name !== dir.dirName) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('name'), message: `name "${name}" does not match its folder "${dir.dirName}".` });
  }
  const creation = fields.integer('creation_timestamp');
  const updated = fields.integer('last_updated_timestamp');
  const description = optionalText(fields, 'description');
  if (ctx.errors.length > before) return null;
  const creationTimestamp = creation ?? versions[0]?.creationTimestamp ?? 0;
  return {
    name: dir.dirName,
    creationTimestamp,
    lastUpdatedTimestamp: updated ?? creationTimestamp,
    description,
    tags,
    aliases,
    versions,
  };
}

function readAliases(dir: ModelDir, versions: readonly BundleModelVersion[], ctx: ReadContext): BundleRegisteredModel['aliases'] {
  const aliases: BundleRegisteredModel['aliases'] = [];
  for (const { key, entry } of dir.aliases) {
    const bad = problem(() => validateAlias(key));
    if (bad) {
      ctx.errors.push({ entry: entry.name, message: bad });
      continue;
    }
    const bytes = ctx.read(entry);
    const text = bytes && decodeText(bytes, entry.name, ctx.errors);
    if (text === null) continue;
    const version = parseInteger(text.trim());
    if (version === undefined) {
      ctx.errors.push({ entry: entry.name, line: 1, message: `An alias file holds the version number it points to, not ${JSON.stringify(text.slice(0, 40))}.` });
      continue;
    }
    const target = versions.find((v) => v.version === version);
    if (!target || target.currentStage === STAGE_DELETED_INTERNAL) {
      ctx.errors.push({
        entry: entry.name,
        message: `Alias "${key}" points to version ${version}, which ${target ? 'is deleted' : `registered model "${dir.dirName}" does not have`}.`,
      });
      continue;
    }
    aliases.push({ alias: key, version });
  }
  return aliases.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}
