import { describe, expect, it } from 'vitest';
import { parseRoute, routes } from './routes';

describe('routes', () => {
  it('reads the landing and a Train page with a demo chosen', () => {
    expect(parseRoute(routes.start())).toEqual({ page: 'start' });
    expect(parseRoute('#start')).toEqual({ page: 'start' });
    expect(parseRoute(routes.trainRecipe('wine_quality'))).toEqual({ page: 'train', runId: null, guided: false, recipe: 'wine_quality' });
    expect(parseRoute(routes.trainRecipe('a b/c'))).toMatchObject({ page: 'train', recipe: 'a b/c' });
  });

  it('keeps the other Train paths without a recipe', () => {
    expect(parseRoute(routes.train())).toEqual({ page: 'train', runId: null, guided: false, recipe: null });
    expect(parseRoute(routes.firstRun())).toEqual({ page: 'train', runId: null, guided: true, recipe: null });
    expect(parseRoute(routes.trainRun('r1' as never))).toEqual({ page: 'train', runId: 'r1', guided: false, recipe: null });
  });

  it('reads `#/` as the default experiment (the shell shows the landing there until a run exists)', () => {
    expect(parseRoute('#/')).toEqual({ page: 'experiment', experimentId: null });
    expect(parseRoute('')).toEqual({ page: 'experiment', experimentId: null });
  });
});
