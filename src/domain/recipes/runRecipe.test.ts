import { describe, expect, it } from 'vitest';
import { recipeOfRun, suggestedRerun } from './runRecipe';
import { validateParams } from './validateRecipe';

const wineMlp = () => {
  const found = recipeOfRun({ 'trainyard.recipe': 'wine_quality', 'trainyard.entry_point': 'mlp' });
  if (!found) throw new Error('the wine MLP entry point is gone');
  return found.entryPoint;
};

describe('suggestedRerun', () => {
  it('lowers the weight-averaging start to the suggested last epoch when the run logged it', () => {
    const s = suggestedRerun(wineMlp(), { epochs: '60', seed: '42', swa_start_epoch: '20' }, { epochs: 12 });
    expect(s.changes).toEqual({ epochs: 12, swa_start_epoch: 12 });
    expect(validateParams(wineMlp(), s.params).ok).toBe(true);
  });

  it('uses the default of a bounded param the run never logged (an older or imported run), so the re-run validates', () => {
    const s = suggestedRerun(wineMlp(), { epochs: '60', seed: '42' }, { epochs: 12 });
    expect(s.params.swa_start_epoch).toBe('12');
    expect(s.changes).toEqual({ epochs: 12, swa_start_epoch: 12 });
    expect(validateParams(wineMlp(), s.params)).toMatchObject({ ok: true });
  });

  it('leaves a bounded param alone when the suggestion keeps it within its bound', () => {
    const s = suggestedRerun(wineMlp(), { epochs: '60', seed: '42' }, { epochs: 120 });
    expect(s.changes).toEqual({ epochs: 120 });
    expect(s.params.swa_start_epoch).toBeUndefined();
  });
});
