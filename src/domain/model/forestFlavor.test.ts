import { describe, expect, it } from 'vitest';
import { readModelFlavor, ModelFlavorError } from './forestFlavor';
import { buildMlmodelYaml } from './mlmodel';
import { stringifySafeYaml } from './safeYaml';

const RUN_ID = 'a'.repeat(32);
const FOREST_ENTRY = { forest_json: 'forest.json', format_version: 1, n_estimators: 3, task: 'regression' };

/** MLmodel text with these flavors, laid out as the writer lays it out. */
function mlmodel(flavors: Record<string, unknown>): string {
  return stringifySafeYaml({ artifact_path: 'model', flavors, model_uuid: '0'.repeat(32), run_id: RUN_ID, utc_time_created: '2024-03-05 07:08:09.012000' });
}

function thrown(text: string): ModelFlavorError {
  try {
    readModelFlavor(text);
  } catch (error) {
    if (error instanceof ModelFlavorError) return error;
    throw error;
  }
  throw new Error('expected a ModelFlavorError');
}

describe('readModelFlavor', () => {
  it('should read back the forest flavor mlmodel.ts writes', () => {
    const text = buildMlmodelYaml({ runId: RUN_ID, artifactPath: 'model', forest: { task: 'classification', nEstimators: 200 }, utcTimeCreated: new Date(0) });
    expect(readModelFlavor(text)).toEqual({ kind: 'forest', flavor: { forest_json: 'forest.json', format_version: 1, n_estimators: 200, task: 'classification' } });
  });

  it('should take a tfjs flavor, no MLmodel, an unreadable one or one without flavors as TF.js', () => {
    expect(readModelFlavor(buildMlmodelYaml({ runId: RUN_ID, artifactPath: 'model', tfjsVersion: '4.22.0', utcTimeCreated: new Date(0) }))).toEqual({ kind: 'tfjs' });
    expect(readModelFlavor(null)).toEqual({ kind: 'tfjs' });
    expect(readModelFlavor('flavors: [unclosed')).toEqual({ kind: 'tfjs' });
    expect(readModelFlavor('flavors: {}\n')).toEqual({ kind: 'tfjs' });
    expect(readModelFlavor('run_id: abc\n')).toEqual({ kind: 'tfjs' });
  });

  it('should name the flavors of a model it can\'t run', () => {
    expect(readModelFlavor(mlmodel({ python_function: { loader_module: 'mlflow.sklearn' }, sklearn: { pickled_model: 'model.pkl' } }))).toEqual({
      kind: 'other',
      flavors: ['python_function', 'sklearn'],
    });
  });

  it('should take the forest\'s file as the flavor names it', () => {
    expect(readModelFlavor(mlmodel({ trainyard_forest: { ...FOREST_ENTRY, forest_json: 'trees.json' } }))).toMatchObject({ flavor: { forest_json: 'trees.json' } });
  });

  it.each([
    ['not a mapping', 'yes', 'flavors.trainyard_forest', 'expected a mapping of forest_json, format_version, n_estimators and task'],
    ['a path out of the folder', { ...FOREST_ENTRY, forest_json: '../forest.json' }, 'flavors.trainyard_forest.forest_json', 'expected a file name in the model folder; got "../forest.json"'],
    ['a newer format', { ...FOREST_ENTRY, format_version: 2 }, 'flavors.trainyard_forest.format_version', 'this app reads version 1; got 2'],
    ['an unknown task', { ...FOREST_ENTRY, task: 'ranking' }, 'flavors.trainyard_forest.task', 'expected regression or classification; got "ranking"'],
    ['no tree count', { forest_json: 'forest.json', format_version: 1, task: 'regression' }, 'flavors.trainyard_forest.n_estimators', 'expected a whole number ≥ 1; got nothing'],
  ])('should name the field of %s', (_, entry, field, problem) => {
    const error = thrown(mlmodel({ trainyard_forest: entry }));
    expect(error.field).toBe(field);
    expect(error.problem).toBe(problem);
    expect(error.message).toBe(`MLmodel: ${field}: ${problem}`);
  });
});
