/**
 * The registry's rules, as pure functions over plain data (MLflow's model_registry validation and
 * store logic): names and aliases (spec §2), tag limits (§13), version numbering, alias moves,
 * stage transitions and what a deletion takes with it. The store applies the results.
 */
import { TrackingError } from '../errors';
import { isRunId, type RunId } from '../ids';
import { MAX_TAG_VALUE_LENGTH, describeLength, exceedsCodePoints, validateKey, validateTagValue } from '../tracking/validation';
import type { ModelAlias, ModelStage } from './registry.types';

export const MODEL_STAGES: readonly ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];
/** Stages MLflow calls active: its UI won't delete a version in one, and only these can archive the others. */
export const ACTIVE_STAGES: readonly ModelStage[] = ['Staging', 'Production'];
export const MAX_ALIAS_LENGTH = 255;
/**
 * Registered model and version tag values: MLflow 3.x allows 100,000 characters, 2.x 5,000
 * (code points, checked by validateTagValue).
 * Like run tags, Trainyard keeps to 2.x's limit so bundles stay loadable by both.
 */
export const MAX_REGISTRY_TAG_VALUE_LENGTH = MAX_TAG_VALUE_LENGTH;
/** The artifact path runs log their model under (modelArtifacts.ts), so `runs:/<id>/model`. */
export const MODEL_ARTIFACT_PATH = 'model';

/** Python's `\w` (Unicode letters, digits, `_`) and `-`: MLflow's alias pattern `^[\w\-]*$`. */
const ALIAS_CHARS = /^[\p{L}\p{N}_-]+$/u;

function invalid(message: string): TrackingError {
  return new TrackingError('INVALID_PARAMETER_VALUE', message);
}

function shown(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * A registered model name becomes a directory in a bundle (`mlruns/models/<name>/`): not empty,
 * and without `/` or `%` (MLflow's FileStore rules). Trainyard also refuses `\` (a separator on
 * Windows, where a bundle may be unzipped), names that are or start with `..` or are `.`, and
 * leading/trailing spaces or control characters, which would not survive a round trip through a zip.
 */
export function validateModelName(name: unknown): string {
  if (typeof name !== 'string') throw invalid(`Invalid registered model name: expected a string, got ${typeof name}.`);
  if (name.length === 0) throw invalid('Invalid registered model name: it is empty.');
  if (/[/%\\]/.test(name)) {
    throw invalid(`Invalid registered model name ${shown(name)}: it may not contain '/', '\\' or '%'.`);
  }
  if (name === '.' || name.startsWith('..')) {
    throw invalid(`Invalid registered model name ${shown(name)}: it may not be '.' or start with '..'.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name) || name.trim() !== name) {
    throw invalid(`Invalid registered model name ${shown(name)}: no control characters or leading/trailing spaces.`);
  }
  return name;
}

/** MLflow's alias rules: `\w` and `-`, 1..255 characters (code points); `latest` (any case) and `v<digits>` are reserved. */
export function validateAlias(alias: unknown): string {
  if (typeof alias !== 'string') throw invalid(`Invalid alias: expected a string, got ${typeof alias}.`);
  if (alias.length === 0) throw invalid('Invalid alias: it is empty.');
  if (!ALIAS_CHARS.test(alias)) {
    throw invalid(`Invalid alias ${shown(alias)}: aliases may only contain letters, digits, underscores (_) and dashes (-).`);
  }
  if (exceedsCodePoints(alias, MAX_ALIAS_LENGTH)) {
    throw invalid(`Invalid alias ${shown(alias)}: ${describeLength(alias)}, the limit is ${MAX_ALIAS_LENGTH}.`);
  }
  if (alias.toLowerCase() === 'latest') throw invalid(`Invalid alias ${shown(alias)}: 'latest' (any case) is reserved.`);
  if (/^[vV]\d+$/.test(alias)) throw invalid(`Invalid alias ${shown(alias)}: version aliases such as 'v1' are reserved.`);
  return alias;
}

/** A version number given as 3 or "3": a positive integer, or a clear error naming what was given. */
export function parseVersion(version: unknown): number {
  const n = typeof version === 'number' ? version : typeof version === 'string' && /^\s*\d+\s*$/.test(version) ? Number(version) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw invalid(`Invalid model version ${shown(String(version))}: expected a whole number from 1.`);
  }
  return n;
}

/** Accepts any capitalisation, as MLflow's get_canonical_stage does, and returns the canonical one. */
export function canonicalStage(stage: unknown): ModelStage {
  const found = typeof stage === 'string' ? MODEL_STAGES.find((s) => s.toLowerCase() === stage.toLowerCase()) : undefined;
  if (!found) {
    throw invalid(`Invalid model version stage ${shown(String(stage))}: it must be one of ${MODEL_STAGES.join(', ')}.`);
  }
  return found;
}

export function validateRegistryTag(key: unknown, value: unknown): [string, string] {
  const k = validateKey('tag', key);
  return [k, validateTagValue(k, value, MAX_REGISTRY_TAG_VALUE_LENGTH)];
}

export function validateDescription(description: unknown): string {
  if (description === null || description === undefined) return '';
  if (typeof description !== 'string') throw invalid(`Invalid description: expected a string, got ${typeof description}.`);
  return description;
}

/**
 * The next version number: one more than the highest ever given, deleted versions included, as
 * MLflow does (its stores keep deleted versions as `Deleted_Internal`), so a number never comes back.
 */
export function nextVersionNumber(existing: readonly number[]): number {
  return existing.reduce((max, v) => Math.max(max, v), 0) + 1;
}

/** `runs:/<run id>/<path>` as MLflow writes it. */
export function runsUri(runId: RunId, path: string = MODEL_ARTIFACT_PATH): string {
  return `runs:/${runId}/${path}`;
}

/** The run and artifact path of a `runs:/<run id>/<path>` URI, or null for any other URI. */
export function parseRunsUri(uri: string): { runId: RunId; path: string } | null {
  const match = /^runs:\/([^/]+)\/(.+?)\/?$/.exec(uri);
  if (!match?.[1] || !match[2] || !isRunId(match[1])) return null;
  return { runId: match[1], path: match[2] };
}

/** Points `alias` at `version`, moving it off any other version: an alias names one version at a time. */
export function withAlias(aliases: readonly ModelAlias[], alias: string, version: number): ModelAlias[] {
  return sortAliases([...aliases.filter((a) => a.alias !== alias), { alias, version }]);
}

/** Removes `alias`; RESOURCE_DOES_NOT_EXIST naming it when the model has no such alias. */
export function withoutAlias(aliases: readonly ModelAlias[], alias: string, modelName: string): ModelAlias[] {
  if (!aliases.some((a) => a.alias === alias)) {
    throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Registered model "${modelName}" has no alias "${alias}".`);
  }
  return aliases.filter((a) => a.alias !== alias);
}

/** What deleting a version leaves: the aliases that pointed at it go with it. */
export function aliasesAfterVersionDelete(aliases: readonly ModelAlias[], version: number): ModelAlias[] {
  return aliases.filter((a) => a.version !== version);
}

export function aliasesOf(aliases: readonly ModelAlias[], version: number): string[] {
  return aliases.filter((a) => a.version === version).map((a) => a.alias).sort();
}

function sortAliases(aliases: ModelAlias[]): ModelAlias[] {
  return aliases.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}

/**
 * The stage changes of `transition_model_version_stage`: the version moves to `stage`, and with
 * `archiveExistingVersions` every other live version in that stage goes to Archived. Archiving the
 * others is only allowed for an active stage (Staging, Production), as in MLflow.
 */
export function stageTransition(options: {
  versions: ReadonlyArray<{ version: number; currentStage: ModelStage }>;
  version: number;
  stage: unknown;
  archiveExistingVersions?: boolean;
}): { stage: ModelStage; changes: Array<{ version: number; currentStage: ModelStage }> } {
  const stage = canonicalStage(options.stage);
  if (options.archiveExistingVersions && !ACTIVE_STAGES.includes(stage)) {
    throw invalid(
      `Can't archive existing versions on a transition to "${stage}": only ${ACTIVE_STAGES.join(' and ')} can archive the others.`,
    );
  }
  const changes = [{ version: options.version, currentStage: stage }];
  if (options.archiveExistingVersions) {
    for (const v of options.versions) {
      if (v.version !== options.version && v.currentStage === stage) changes.push({ version: v.version, currentStage: 'Archived' });
    }
  }
  return { stage, changes };
}

/** Why the UI (like MLflow's) won't delete this version, or null when it may. */
export function versionDeleteBlocker(stage: ModelStage): string | null {
  return ACTIVE_STAGES.includes(stage)
    ? `Version is in the active stage "${stage}": transition it to Archived (or None) before deleting it.`
    : null;
}

/** Why the UI won't delete this registered model (a version in an active stage), or null. */
export function modelDeleteBlocker(versions: ReadonlyArray<{ version: number; currentStage: ModelStage }>): string | null {
  const active = versions.filter((v) => ACTIVE_STAGES.includes(v.currentStage));
  if (active.length === 0) return null;
  return `Versions ${active.map((v) => v.version).join(', ')} are in an active stage (Staging or Production): archive them before deleting the model.`;
}
