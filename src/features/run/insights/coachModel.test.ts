import { describe, expect, it } from 'vitest';
import { findEntryPoint, RECIPES } from '../../../domain/recipes/recipeCatalogue';
import type { Recipe } from '../../../domain/recipes/recipe.types';
import { changesInWords, findingTitle, severityOf, SEVERITY_LABEL, suggestedRerun } from './coachModel';

const wine = RECIPES.find((r) => r.name === 'wine_quality') as Recipe;
const mlp = findEntryPoint(wine, 'mlp');

describe('findingTitle', () => {
  it.each([
    [{ finding: 'overfitting', fromEpoch: 12 }, 'Overfitting from epoch 12'],
    [{ finding: 'overfitting', fromEpoch: null }, 'Overfitting'],
    [{ finding: 'divergence', fromEpoch: 3 }, 'Training blew up at epoch 3'],
    [{ finding: 'divergence', fromEpoch: null }, 'Training blew up'],
    [{ finding: 'underfitting', fromEpoch: null }, 'Underfitting'],
    [{ finding: 'learning_too_slowly', fromEpoch: null }, 'Learning too slowly'],
    [{ finding: 'not_converged', fromEpoch: 9 }, 'Still improving at the last epoch'],
    [{ finding: 'healthy', fromEpoch: null }, 'Looks healthy'],
  ] as const)('should title %j as "%s"', (finding, title) => {
    expect(findingTitle(finding)).toBe(title);
  });
});

describe('severityOf', () => {
  it('should call divergence and overfitting problems, healthy OK and the rest tips', () => {
    expect([severityOf('divergence'), severityOf('overfitting')]).toEqual(['warning', 'warning']);
    expect(severityOf('healthy')).toBe('ok');
    expect([severityOf('underfitting'), severityOf('not_converged'), severityOf('learning_too_slowly')]).toEqual(['advice', 'advice', 'advice']);
    expect(SEVERITY_LABEL.warning).toBe('Problem');
  });
});

describe('changesInWords', () => {
  it('should name params with spaces and keep their values as written', () => {
    expect(changesInWords({ epochs: 12, learning_rate: 0.001 })).toBe('epochs 12, learning rate 0.001');
    expect(changesInWords({ hidden_layers: '128,128' })).toBe('hidden layers 128,128');
  });
});

describe('suggestedRerun', () => {
  const run = { hidden_layers: '256,256', epochs: '40', swa_start_epoch: '1', learning_rate: '0.01', seed: '42', dataset_digest: 'abc', train_size: '600' };

  it('should keep the run\u2019s params the entry point takes and override the suggested ones', () => {
    const { params, changes } = suggestedRerun(mlp, run, { epochs: 2 });
    expect(params).toEqual({ hidden_layers: '256,256', epochs: '2', swa_start_epoch: '1', learning_rate: '0.01', seed: '42' });
    expect(changes).toEqual({ epochs: 2 });
  });

  it('should lower a param bounded by the one the suggestion cut, and say so', () => {
    const { params, changes } = suggestedRerun(mlp, { ...run, swa_start_epoch: '20' }, { epochs: 5 });
    expect(params.swa_start_epoch).toBe('5');
    expect(changes).toEqual({ epochs: 5, swa_start_epoch: 5 });
  });

  it('should leave a bounded param alone when it is still within its bound', () => {
    expect(suggestedRerun(mlp, { ...run, swa_start_epoch: '20' }, { epochs: 80 }).changes).toEqual({ epochs: 80 });
  });
});
