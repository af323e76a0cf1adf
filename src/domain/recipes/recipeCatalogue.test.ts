import { thrownTrackingError as thrown } from '../../test/expectErrors';
import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closestName';
import { BUILTIN_DATASETS, RECIPES, defaultParams, findEntryPoint, findRecipe } from './recipeCatalogue';
import { validateParam, validateParams } from './validateRecipe';

describe('RECIPES', () => {
  it('should list the four built-in recipes with unique names', () => {
    expect(RECIPES.map((r) => r.name)).toEqual(['text_classifier', 'wine_quality', 'iris_logreg', 'csv']);
  });

  it.each(RECIPES.flatMap((recipe) => recipe.entryPoints.map((ep) => [recipe.name, ep.name] as const)))(
    'should give %s/%s unique param names, help text and defaults that pass its own rules (except required strings)',
    (recipeName, entryPointName) => {
      const recipe = findRecipe(recipeName);
      const entryPoint = findEntryPoint(recipe, entryPointName);
      const names = entryPoint.params.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      for (const spec of entryPoint.params) {
        expect(spec.help.length, spec.name).toBeGreaterThan(10);
        const required = spec.type === 'string' && spec.required === true;
        expect(validateParam(spec, spec.default).ok, spec.name).toBe(!required);
        if (spec.type === 'choice') expect(spec.choices).toContain(spec.default);
        if ((spec.type === 'int' || spec.type === 'float') && spec.min !== undefined && spec.max !== undefined) {
          expect(spec.min).toBeLessThanOrEqual(spec.max);
        }
      }
      expect(names).toContain('seed');
    },
  );

  it('should give every recipe a beginner description and a task', () => {
    for (const recipe of RECIPES) {
      expect(recipe.description.length).toBeGreaterThan(80);
      expect(['classification', 'regression', 'from-data']).toContain(recipe.task);
      expect(recipe.entryPoints.length).toBeGreaterThan(0);
    }
  });

  it('should configure text_classifier/mlp like Keras reuters_mlp', () => {
    expect(defaultParams(findRecipe('text_classifier'), 'mlp')).toEqual({
      dataset: 'builtin:brown', max_words: 1000, mode: 'binary', hidden_units: 512, dropout: 0.5, epochs: 5,
      batch_size: 32, learning_rate: 0.001, validation_split: 0.1, test_fraction: 0.2, seed: 42,
    });
  });

  it('should configure both wine_quality entry points', () => {
    const wine = findRecipe('wine_quality');
    expect(defaultParams(wine, 'mlp')).toEqual({
      dataset: BUILTIN_DATASETS.wineRed, hidden_layers: '64,64', epochs: 60, batch_size: 32, learning_rate: 0.001,
      swa_start_epoch: 20, feature_transform: 'log1p', validation_split: 0, test_fraction: 0.25, seed: 42,
    });
    expect(defaultParams(wine, findEntryPoint(wine, 'elasticnet'))).toEqual({
      dataset: BUILTIN_DATASETS.wineRed, alpha: 0.5, l1_ratio: 0.5, epochs: 300, learning_rate: 0.01, batch_size: 64,
      test_fraction: 0.25, seed: 42,
    });
  });

  it('should make iris_logreg a one-click run: defaults validate with no input', () => {
    const main = findEntryPoint(findRecipe('iris_logreg'), 'main');
    expect(validateParams(main, {})).toEqual({
      ok: true, params: { epochs: 100, learning_rate: 0.05, test_fraction: 0.25, seed: 42 },
    });
  });

  it('should require dataset and target for csv/mlp', () => {
    const mlp = findEntryPoint(findRecipe('csv'), 'mlp');
    expect(defaultParams(findRecipe('csv'), mlp)).toMatchObject({ dataset: '', target: '', task: 'auto', hidden_layers: '32' });
    const result = validateParams(mlp, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['dataset', 'target']);
    expect(result.errors.dataset).toMatch(/^dataset is required/);
    expect(result.errors.target).toMatch(/^target is required/);
  });
});

describe('findRecipe', () => {
  it.each(RECIPES.map((r) => r.name))('should find %s', (name) => {
    expect(findRecipe(name).name).toBe(name);
  });

  it.each([
    ['wine', 'unknown recipe "wine". Known recipes: text_classifier, wine_quality, iris_logreg, csv.'],
    ['iris_logref', 'unknown recipe "iris_logref" — did you mean "iris_logreg"? Known recipes: text_classifier, wine_quality, iris_logreg, csv.'],
    ['', 'unknown recipe "". Known recipes: text_classifier, wine_quality, iris_logreg, csv.'],
    ['constructor', 'unknown recipe "constructor". Known recipes: text_classifier, wine_quality, iris_logreg, csv.'],
  ])('should reject %j with a message listing the known recipes', (name, message) => {
    const error = thrown(() => findRecipe(name));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toBe(message);
  });
});

describe('findEntryPoint', () => {
  it('should name the recipe, the unknown entry point and the known ones', () => {
    const error = thrown(() => findEntryPoint(findRecipe('wine_quality'), 'elastic_net'));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toBe(
      'unknown entry point "elastic_net" in recipe "wine_quality" — did you mean "elasticnet"? Known entry points: mlp, elasticnet, sgd, random_forest.',
    );
  });

  it('should throw from defaultParams for an unknown entry point name', () => {
    expect(() => defaultParams(findRecipe('iris_logreg'), 'mlp')).toThrow('unknown entry point "mlp"');
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0], ['abc', '', 3], ['', 'ab', 2], ['epoch', 'epochs', 1], ['kitten', 'sitting', 3], ['seed', 'seed', 0],
  ])('should measure %j → %j as %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestName', () => {
  const known = ['epochs', 'batch_size', 'learning_rate', 'seed', 'hidden_layers'];
  it.each([
    ['epoch', 'epochs'], ['Epochs', 'epochs'], ['batchsize', 'batch_size'], ['learningrate', 'learning_rate'],
    ['sed', 'seed'], ['hidden_layer', 'hidden_layers'], ['lr', undefined], ['', undefined], ['x'.repeat(100), undefined],
  ])('should suggest %j → %j', (input, expected) => {
    expect(closestName(input, known)).toBe(expected);
  });
});
