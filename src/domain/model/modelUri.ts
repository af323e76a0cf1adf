/**
 * Model URIs as MLflow spells them, and where each one points:
 * - `runs:/<run id>/<artifact path>`: a model logged by a run (MLflow's RunsArtifactRepository);
 * - `models:/<name>/<version>`: one version of a registered model;
 * - `models:/<name>@<alias>`: the version an alias points to now;
 * - `models:/<name>/latest` and `models:/<name>/<stage>` (MLflow's legacy forms) are parsed too.
 * Parsing follows MLflow's `_parse_model_uri`: the path splits on `/` into at most two parts, a
 * numeric second part is a version, `latest` (any case) the newest version, anything else a stage,
 * and a single part must hold `@` with a name before it and an alias after. Every error message
 * quotes the URI and says which form was expected.
 */
import { TrackingError } from '../errors';
import { isRunId, type RunId } from '../ids';

export type ModelUri =
  | { readonly kind: 'run'; readonly runId: RunId; readonly artifactPath: string }
  | { readonly kind: 'version'; readonly name: string; readonly version: number }
  | { readonly kind: 'alias'; readonly name: string; readonly alias: string }
  | { readonly kind: 'latest'; readonly name: string; readonly stage: string | null };

/** Where a model's files are: a run's artifact folder ('' for the run's artifact root). */
export interface ModelLocation {
  readonly runId: RunId;
  readonly artifactPath: string;
}

const FORMS = 'runs:/<run id>/<path>, models:/<name>/<version> or models:/<name>@<alias>';

function bad(uri: string, why: string): never {
  throw new TrackingError('INVALID_PARAMETER_VALUE', `Not a model URI: ${JSON.stringify(uri)} (${why}). Expected ${FORMS}.`);
}

/** Artifact paths are relative and never climb out of the run's folder. */
function normalizeArtifactPath(uri: string, path: string): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) bad(uri, 'the artifact path must not contain ".."');
  return parts.join('/');
}

/** Parses a model URI; throws TrackingError INVALID_PARAMETER_VALUE naming the problem. */
export function parseModelUri(input: string): ModelUri {
  if (typeof input !== 'string') bad(String(input), 'it is not text');
  const uri = input.trim();
  if (uri === '') bad(input, 'it is empty');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(uri);
  if (!scheme) bad(uri, 'it has no scheme; a model URI starts with runs:/ or models:/');
  const kind = (scheme[1] as string).toLowerCase();
  let rest = scheme[2] as string;
  if (kind !== 'runs' && kind !== 'models') bad(uri, `the scheme "${scheme[1]}:" is not runs: or models:`);
  if (rest.startsWith('//')) {
    // runs://host/… or models://profile@host/…: MLflow's remote registries; only this browser's store exists here.
    if (!rest.startsWith('///')) bad(uri, 'a remote tracking server or profile (//…) is not supported; the store is this browser');
    rest = rest.slice(2);
  }
  if (!rest.startsWith('/') || rest.length <= 1) bad(uri, `the path after "${kind}:" must start with / and not be empty`);
  // Registered model names may contain ? and # (MLflow allows them); run ids and artifact paths don't.
  if (kind === 'runs' && /[?#]/.test(rest)) bad(uri, 'it must not contain ? or #');
  const path = rest.slice(1);

  if (kind === 'runs') {
    const slash = path.indexOf('/');
    const runId = slash < 0 ? path : path.slice(0, slash);
    if (!isRunId(runId)) bad(uri, `${JSON.stringify(runId)} is not a run id`);
    return { kind: 'run', runId, artifactPath: normalizeArtifactPath(uri, slash < 0 ? '' : path.slice(slash + 1)) };
  }

  const parts = path.split('/');
  if (parts.length > 2) bad(uri, 'a registered model URI has at most two parts after models:/');
  const name = parts[0] as string;
  if (parts.length === 2) {
    const suffix = (parts[1] as string).trim();
    if (name.trim() === '') bad(uri, 'the model name is empty');
    if (suffix === '') bad(uri, 'the version after the model name is empty');
    if (/^\d+$/.test(suffix)) {
      const version = Number(suffix);
      if (!Number.isSafeInteger(version) || version < 1) bad(uri, `version ${suffix} is not a version number (1, 2, 3…)`);
      return { kind: 'version', name, version };
    }
    if (suffix.toLowerCase() === 'latest') return { kind: 'latest', name, stage: null };
    return { kind: 'latest', name, stage: suffix };
  }
  // Names may contain @, aliases may not: the alias follows the last @.
  const at = name.lastIndexOf('@');
  if (at < 0) bad(uri, 'it names a model but no version or alias: add /<version> or @<alias>');
  const modelName = name.slice(0, at);
  const alias = name.slice(at + 1);
  if (modelName.trim() === '') bad(uri, 'the model name before @ is empty');
  if (alias.trim() === '') bad(uri, 'the alias after @ is empty');
  return { kind: 'alias', name: modelName, alias };
}

/** The URI in its canonical spelling. */
export function formatModelUri(uri: ModelUri): string {
  switch (uri.kind) {
    case 'run':
      return `runs:/${uri.runId}/${uri.artifactPath}`;
    case 'version':
      return `models:/${uri.name}/${uri.version}`;
    case 'alias':
      return `models:/${uri.name}@${uri.alias}`;
    case 'latest':
      return `models:/${uri.name}/${uri.stage ?? 'latest'}`;
  }
}

/** A logged model's URI: `runs:/<run id>/<artifact path>`. */
export function runModelUri(runId: RunId, artifactPath = 'model'): string {
  return formatModelUri({ kind: 'run', runId, artifactPath });
}

/** The registry lookups resolution needs (TrackingClient has them); unknown → RESOURCE_DOES_NOT_EXIST. */
export interface ModelVersionLookup {
  getModelVersion(name: string, version: number | string): Promise<FoundVersion>;
  getModelVersionByAlias(name: string, alias: string): Promise<FoundVersion>;
  /** The newest version, optionally only among those in `stage` (MLflow's legacy stages); optional. */
  getLatestModelVersion?(name: string, stage: string | null): Promise<FoundVersion>;
}

/** What resolution needs of a registered version: its source URI and, when known, its run. */
export interface FoundVersion {
  source: string;
  version: number | string;
  runId?: string | null;
}

/**
 * A version registered by real MLflow 2.x from a run's artifacts has a file or remote source
 * (`file:///…/<run id>/artifacts/model`, `s3://…/artifacts/model`); with its run id, the model is
 * that run's artifact path after `/artifacts/`.
 */
function artifactSourceLocation(version: FoundVersion): ModelLocation | null {
  const runId = version.runId ?? '';
  if (!isRunId(runId)) return null;
  const match = /\/artifacts\/(.+?)\/*$/.exec(version.source);
  if (!match?.[1] || !version.source.includes(`/${runId}/artifacts/`)) return null;
  const artifactPath = match[1];
  if (artifactPath.split('/').some((part) => part === '..' || part === '.' || part === '')) return null;
  return { runId: runId as RunId, artifactPath };
}

/**
 * Where a model URI's files are. A registered version's `source` must itself be a runs:/ URI
 * (what registerModel records); versions made elsewhere fail with a message naming the source.
 */
export async function resolveModelUri(input: string | ModelUri, registry: ModelVersionLookup | null): Promise<ModelLocation> {
  const uri = typeof input === 'string' ? parseModelUri(input) : input;
  if (uri.kind === 'run') return { runId: uri.runId, artifactPath: uri.artifactPath };
  const shown = formatModelUri(uri);
  if (!registry) throw new TrackingError('INVALID_STATE', `${shown} names a registered model, but the model registry is not available here.`);
  let version: FoundVersion;
  if (uri.kind === 'version') version = await registry.getModelVersion(uri.name, uri.version);
  else if (uri.kind === 'alias') version = await registry.getModelVersionByAlias(uri.name, uri.alias);
  else if (registry.getLatestModelVersion) version = await registry.getLatestModelVersion(uri.name, uri.stage);
  else {
    throw new TrackingError(
      'INVALID_PARAMETER_VALUE',
      `${shown}: "latest" and stage URIs are not supported here; use models:/${uri.name}/<version> or models:/${uri.name}@<alias>.`,
    );
  }
  let source: ModelUri;
  try {
    source = parseModelUri(version.source);
  } catch {
    source = { kind: 'version', name: '', version: 0 };
  }
  if (source.kind !== 'run') {
    const fromArtifacts = artifactSourceLocation(version);
    if (fromArtifacts) return fromArtifacts;
    throw new TrackingError(
      'INVALID_STATE',
      `${shown} is version ${version.version}, whose source ${JSON.stringify(version.source)} is not a runs:/<run id>/<path> URI this store can load.`,
    );
  }
  return { runId: source.runId, artifactPath: source.artifactPath };
}
