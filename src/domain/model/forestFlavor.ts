/**
 * Reading a logged model's flavor from its MLmodel text, for whatever serves or exports it (the
 * playground, `trainyard.predict`, "Export model"). mlmodel.ts writes the flavors; this reads them
 * back without trusting them. A `trainyard_forest` entry names the random forest's file
 * (domain/ml/forest/forestFormat.ts) in the model folder:
 *
 *   flavors:
 *     trainyard_forest:
 *       forest_json: forest.json
 *       format_version: 1
 *       n_estimators: 200
 *       task: regression
 */
import { parse as parseYaml } from 'yaml';
import type { ForestTask } from '../ml/forest/forest.types';
import { FOREST_FLAVOR, TFJS_FLAVOR } from './mlmodel';

/** The trainyard_forest flavor's `format_version` this app reads. */
export const FOREST_FLAVOR_VERSION = 1;

/** A trainyard_forest entry as read (snake_case, as in the file); its file is any plain name in the model folder. */
export interface ForestFlavorEntry {
  forest_json: string;
  format_version: number;
  /** The trees asked for. */
  n_estimators: number;
  task: ForestTask;
}

/** A flavor in an MLmodel that can't be used; `field` is its path (`flavors.trainyard_forest.task`). */
export class ModelFlavorError extends Error {
  override readonly name = 'ModelFlavorError';
  readonly field: string;
  /** What is wrong, without the file and field. */
  readonly problem: string;
  constructor(field: string, problem: string) {
    super(`MLmodel: ${field}: ${problem}`);
    this.field = field;
    this.problem = problem;
  }
}

/**
 * What MLmodel says the model is:
 * - `forest`: the trainyard_forest flavor, checked;
 * - `tfjs`: the tfjs flavor, and also no MLmodel, one that can't be read or one naming no flavor
 *   (model.json then decides, as it did before MLmodel named flavors);
 * - `other`: flavors this app can't run, by name (e.g. an imported scikit-learn model).
 */
export type ModelFlavor = { kind: 'forest'; flavor: ForestFlavorEntry } | { kind: 'tfjs' } | { kind: 'other'; flavors: string[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file name inside the model folder: no folder parts, nothing that climbs out of it. */
function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);
}

/** The flavor of MLmodel's text (null: there is no MLmodel); throws ModelFlavorError for a bad trainyard_forest entry. */
export function readModelFlavor(mlmodel: string | null): ModelFlavor {
  if (mlmodel === null) return { kind: 'tfjs' };
  let doc: unknown;
  try {
    doc = parseYaml(mlmodel);
  } catch {
    return { kind: 'tfjs' };
  }
  const flavors = isObject(doc) && isObject(doc.flavors) ? doc.flavors : null;
  if (!flavors) return { kind: 'tfjs' };
  if (FOREST_FLAVOR in flavors) return { kind: 'forest', flavor: checkForestFlavor(flavors[FOREST_FLAVOR]) };
  const names = Object.keys(flavors);
  return names.length === 0 || TFJS_FLAVOR in flavors ? { kind: 'tfjs' } : { kind: 'other', flavors: names };
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? 'nothing';
}

function checkForestFlavor(value: unknown): ForestFlavorEntry {
  const at = `flavors.${FOREST_FLAVOR}`;
  if (!isObject(value)) throw new ModelFlavorError(at, 'expected a mapping of forest_json, format_version, n_estimators and task');
  const { forest_json: file, format_version: version, n_estimators: trees, task } = value;
  if (typeof file !== 'string' || !isPlainFileName(file)) throw new ModelFlavorError(`${at}.forest_json`, `expected a file name in the model folder; got ${shown(file)}`);
  if (version !== FOREST_FLAVOR_VERSION) throw new ModelFlavorError(`${at}.format_version`, `this app reads version ${FOREST_FLAVOR_VERSION}; got ${shown(version)}`);
  if (task !== 'regression' && task !== 'classification') throw new ModelFlavorError(`${at}.task`, `expected regression or classification; got ${shown(task)}`);
  if (typeof trees !== 'number' || !Number.isSafeInteger(trees) || trees < 1) throw new ModelFlavorError(`${at}.n_estimators`, `expected a whole number ≥ 1; got ${shown(trees)}`);
  return { forest_json: file, format_version: version, n_estimators: trees, task };
}
