import { describe, expect, it } from 'vitest';
import { findEntryPoint, findRecipe, RECIPES } from '../../domain/recipes/recipeCatalogue';
import { validateParams } from '../../domain/recipes/validateRecipe';
import {
  buildFormModel, carryOverValues, datasetColumns, formForRun, datasetOptions, fieldErrors, formatClock, formatDownload, formatEta,
  initialValues, progressFraction, progressLabel, rerunOf, rerunParams, rerunTarget, type DatasetChoice,
} from './trainFormModel';

const iris = findEntryPoint(findRecipe('iris_logreg'), 'main');
const wineMlp = findEntryPoint(findRecipe('wine_quality'), 'mlp');
const wineLinear = findEntryPoint(findRecipe('wine_quality'), 'elasticnet');
const csv = findEntryPoint(findRecipe('csv'), 'mlp');
const text = findEntryPoint(findRecipe('text_classifier'), 'mlp');

const tabular: DatasetChoice = {
  datasetId: 'ds-1', name: 'points.csv', kind: 'tabular', source: 'import', summary: { rows: 200, columns: ['x1', 'x2', 'y'] },
};
const labelled: DatasetChoice = { datasetId: 'ds-2', name: 'news.jsonl', kind: 'text', source: 'import', summary: { rows: 1200, labels: 46 } };
const downloadedRed: DatasetChoice = {
  datasetId: 'builtin:wine-red', name: 'Wine quality (red, UCI)', kind: 'tabular', source: 'download', summary: { rows: 1599 },
};

describe('buildFormModel', () => {
  it('should make one field per param, in table order, with the input of its type', () => {
    const fields = buildFormModel(wineMlp);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['dataset', 'dataset'], ['hidden_layers', 'text'], ['epochs', 'number'], ['batch_size', 'number'],
      ['learning_rate', 'number'], ['swa_start_epoch', 'number'], ['feature_transform', 'select'], ['validation_split', 'number'],
      ['test_fraction', 'number'], ['seed', 'number'],
    ]);
  });

  it('should carry bounds and a step that fits ints and floats', () => {
    const byName = Object.fromEntries(buildFormModel(iris).map((f) => [f.name, f]));
    expect(byName.epochs).toMatchObject({ min: 1, max: 10_000, step: '1', rule: 'an integer from 1 to 10000' });
    expect(byName.learning_rate).toMatchObject({ min: 1e-6, max: 1, step: 'any' });
    expect(byName.epochs?.help).toMatch(/passes over the whole training set/);
  });

  it('should make choices a select and the CSV target a column picker', () => {
    const byName = Object.fromEntries(buildFormModel(csv).map((f) => [f.name, f]));
    expect(byName.task).toMatchObject({ kind: 'select', choices: ['auto', 'regression', 'classification'] });
    expect(byName.target?.kind).toBe('column');
    expect(buildFormModel(text).find((f) => f.name === 'mode')?.choices).toEqual(['binary', 'count', 'tfidf']);
  });
});

describe('initialValues and carryOverValues', () => {
  it('should start every field at its default as text', () => {
    expect(initialValues(iris)).toEqual({ epochs: '100', learning_rate: '0.05', test_fraction: '0.25', seed: '42' });
    expect(initialValues(csv)).toMatchObject({ dataset: '', target: '', task: 'auto' });
  });

  it('should keep what the user typed for params both entry points share', () => {
    const typed = { ...initialValues(wineMlp), dataset: 'builtin:wine-white', seed: '7', hidden_layers: '8' };
    const next = carryOverValues({ values: typed, from: wineMlp, to: wineLinear });
    expect(next).toMatchObject({ dataset: 'builtin:wine-white', seed: '7', alpha: '0.5', l1_ratio: '0.5' });
    expect(next).not.toHaveProperty('hidden_layers');
  });

  it('should give untouched shared params the new entry point defaults', () => {
    const next = carryOverValues({ values: initialValues(wineMlp), from: wineMlp, to: wineLinear });
    expect(next).toEqual(initialValues(wineLinear));
    expect(next).toMatchObject({ learning_rate: '0.01', batch_size: '64', epochs: '300' });
  });
});

describe('fieldErrors', () => {
  it('should find no errors in the defaults of a recipe without required fields', () => {
    expect(fieldErrors(iris, initialValues(iris))).toEqual({});
    expect(fieldErrors(wineMlp, initialValues(wineMlp))).toEqual({});
  });

  it.each([
    ['epochs', '0', 'epochs must be an integer from 1 to 10000; got 0'],
    ['epochs', '2.5', 'epochs must be an integer from 1 to 10000; got 2.5'],
    ['epochs', '', 'epochs must be an integer from 1 to 10000; got an empty string'],
    ['learning_rate', 'fast', 'learning_rate must be a number from 0.000001 to 1; got "fast"'],
  ])('should report %s = %j inline', (name, value, message) => {
    const errors = fieldErrors(iris, { ...initialValues(iris), [name]: value });
    expect(Object.keys(errors)).toEqual([name]);
    expect(errors[name]?.replace('1e-6', '0.000001')).toBe(message);
  });

  it('should report a start epoch after the last epoch inline, as the worker would', () => {
    const values = { ...initialValues(wineMlp), epochs: '10' };
    expect(fieldErrors(wineMlp, values)).toEqual({ swa_start_epoch: 'swa_start_epoch must be at most epochs (10); got 20' });
    // An invalid epochs is reported alone: the relation is not judged against it.
    expect(Object.keys(fieldErrors(wineMlp, { ...values, epochs: 'x' }))).toEqual(['epochs']);
  });

  it('should require a dataset and a target for the CSV recipe', () => {
    expect(Object.keys(fieldErrors(csv, initialValues(csv)))).toEqual(['dataset', 'target']);
  });

  it('should want the target to be a column of the chosen dataset', () => {
    const values = { ...initialValues(csv), dataset: 'ds-1', target: 'z' };
    expect(fieldErrors(csv, values, [tabular]).target).toBe(`target must be one of the dataset's columns (x1, x2, y); got "z"`);
    expect(fieldErrors(csv, { ...values, target: 'y' }, [tabular])).toEqual({});
  });

  it('should agree with validateParams on what the worker accepts', () => {
    const values = { ...initialValues(iris), epochs: ' 30 ', learning_rate: '1e-2' };
    expect(fieldErrors(iris, values)).toEqual({});
    expect(validateParams(iris, values)).toMatchObject({ ok: true, params: { epochs: 30, learning_rate: 0.01 } });
  });
});

describe('datasetOptions', () => {
  it('should list the recipe built-ins, then imports of the right kind', () => {
    const datasets = [tabular, labelled, downloadedRed];
    const wine = datasetOptions({ spec: wineMlp.params[0]!, recipeName: 'wine_quality', datasets });
    expect(wine.map((o) => o.value)).toEqual(['builtin:wine-red', 'builtin:wine-white', 'ds-1']);
    expect(wine[0]?.label).toBe('Red wine, UCI — 1,599 wines (downloaded)');
    expect(wine[1]?.label).toMatch(/downloaded once/);
    expect(wine[2]?.label).toBe('points.csv — 200 rows');
    const texts = datasetOptions({ spec: text.params[0]!, recipeName: 'text_classifier', datasets });
    expect(texts.map((o) => o.value)).toEqual(['builtin:brown', 'ds-2']);
    expect(datasetOptions({ spec: csv.params[0]!, recipeName: 'csv', datasets }).map((o) => o.value)).toEqual(['ds-1']);
  });

  it('should know the columns of an imported dataset only', () => {
    expect(datasetColumns('ds-1', [tabular])).toEqual(['x1', 'x2', 'y']);
    expect(datasetColumns('ds-2', [labelled])).toBeNull();
    expect(datasetColumns('', [tabular])).toBeNull();
  });
});

describe('rerunTarget and rerunParams', () => {
  it('should find the recipe and entry point from the worker tags', () => {
    const target = rerunTarget({ 'trainyard.recipe': 'wine_quality', 'trainyard.entry_point': 'elasticnet' });
    expect(target?.recipe.name).toBe('wine_quality');
    expect(target?.entryPoint.name).toBe('elasticnet');
  });

  it.each([
    [{}],
    [{ 'trainyard.recipe': 'iris_logreg' }],
    [{ 'trainyard.recipe': 'nope', 'trainyard.entry_point': 'main' }],
    [{ 'trainyard.recipe': 'iris_logreg', 'trainyard.entry_point': 'gone' }],
  ])('should return null for a run that no recipe can repeat (%j)', (tags) => {
    expect(rerunTarget(tags)).toBeNull();
  });

  it('should keep only the entry point params from everything a run logged', () => {
    const logged = { epochs: '40', learning_rate: '0.05', test_fraction: '0.25', seed: '3', opt_name: 'Adam', train_size: '112' };
    const params = rerunParams(iris, logged);
    expect(params).toEqual({ epochs: '40', learning_rate: '0.05', test_fraction: '0.25', seed: '3' });
    expect(validateParams(iris, params)).toEqual({ ok: true, params: { epochs: 40, learning_rate: 0.05, test_fraction: 0.25, seed: 3 } });
  });

  it('should read the rerun_of tag', () => {
    expect(rerunOf({ 'trainyard.rerun_of': 'abc' })).toBe('abc');
    expect(rerunOf({})).toBeNull();
  });
});

describe('progress text', () => {
  const p = { epoch: 2, epochs: 10, batch: 3, batchesPerEpoch: 4, elapsedMs: 1500, etaMs: 5000 };

  it('should count epochs from 1 and clamp', () => {
    expect(progressLabel(p)).toBe('Epoch 3/10 · batch 3/4');
    expect(progressLabel({ ...p, epoch: 9, batch: 4 })).toBe('Epoch 10/10 · batch 4/4');
    // A forest counts trees built (its epoch), one "batch" each.
    const trees = { unit: 'tree' as const, epoch: 37, epochs: 200, batch: 0, batchesPerEpoch: 1, elapsedMs: 0, etaMs: null };
    expect(progressLabel(trees)).toBe('Trees built: 37/200');
    expect(progressFraction(trees)).toBeCloseTo(0.185);
  });

  it.each([
    [{ epoch: 0, batch: 0 }, 0],
    [{ epoch: 2, batch: 3 }, 11 / 40],
    [{ epoch: 9, batch: 4 }, 1],
    [{ epoch: 12, batch: 9 }, 1],
  ])('should turn %j into a fraction of all batches', (at, fraction) => {
    expect(progressFraction({ ...p, ...at })).toBeCloseTo(fraction);
  });

  it('should not divide by zero', () => {
    expect(progressFraction({ ...p, epochs: 0 })).toBe(0);
  });

  it.each([
    [0, '0.0 s'], [420, '0.4 s'], [9_940, '9.9 s'], [9_960, '10 s'], [59_400, '59 s'], [59_600, '1 min 00 s'],
    [185_000, '3 min 05 s'], [3_600_000, '1 h 00 min'], [3_725_000, '1 h 02 min'], [-1, '—'], [Number.NaN, '—'],
  ])('should format %d ms as %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });

  it.each([
    [null, 'estimating…'], [Number.POSITIVE_INFINITY, 'estimating…'], [400, 'under a second'], [3_200, 'about 3 s'],
    [12_400, 'about 12 s'], [185_000, 'about 3 min 05 s'],
  ])('should format an ETA of %s ms as %s', (ms, text) => {
    expect(formatEta(ms)).toBe(text);
  });

  it.each([
    [45_000, 86_000, '44 KB of 84 KB (52%)'],
    [1024, 0, '1 KB downloaded'],
    [90_000, 86_000, '88 KB of 84 KB (100%)'],
  ])('should describe a download of %d of %d bytes', (loaded, total, text) => {
    expect(formatDownload(loaded, total)).toBe(text);
  });
});

describe('formForRun', () => {
  it('fills the form as a recipe run was trained, other fields at their defaults, and nothing for a run from code', () => {
    const form = formForRun({ 'trainyard.recipe': 'wine_quality', 'trainyard.entry_point': 'random_forest' }, { n_estimators: '40', seed: '7', dataset_digest: 'abc' });
    expect(form?.recipeName).toBe('wine_quality');
    expect(form?.entryPointName).toBe('random_forest');
    expect(form?.values).toMatchObject({ n_estimators: '40', seed: '7' });
    expect(form?.values).not.toHaveProperty('dataset_digest');
    expect(Object.keys(form?.values ?? {}).sort()).toEqual([...(RECIPES.find((r) => r.name === 'wine_quality')?.entryPoints.find((e) => e.name === 'random_forest')?.params.map((p) => p.name) ?? [])].sort());
    expect(formForRun({}, { lr: '0.1' })).toBeNull();
  });
});
