import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrainyardDB } from '../../db/schema';
import type { TrackingClient } from '../../db/trackingClient';
import { trackingRejection } from '../../test/expectErrors';
import { closeTestStore, openTestStore } from '../../test/testStore';
import { TrainingService } from '../training/trainingService';
import { SearchService } from './searchService';

let db: TrainyardDB;
let client: TrackingClient;
let workersMade: number;
let searches: SearchService;

beforeEach(async () => {
  ({ db, client } = await openTestStore(Date.now));
  workersMade = 0;
  const training = new TrainingService(client, {
    createWorker: () => {
      workersMade += 1;
      throw new Error('no worker in this test');
    },
  });
  searches = new SearchService({ tracking: client, training });
});

afterEach(() => closeTestStore({ db, client }));

describe('SearchService', () => {
  it('refuses an unknown built-in search, listing the ones there are', async () => {
    const error = await trackingRejection(searches.searchBuiltin('no-such-search'));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toMatch(/^No built-in search "no-such-search"; there are: .*wine-sgd/);
    expect(workersMade).toBe(0);
  });

  it('refuses an invalid request naming the field, and creates no run', async () => {
    const error = await trackingRejection(
      searches.search({ recipe: 'iris_logreg', space: [], algorithm: 'random', objective: 'test_accuracy', maxTrials: 0, seed: 1 }),
    );
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('maxTrials');
    expect((await client.searchRuns('', { viewType: 'ALL' })).runs).toHaveLength(0);
    expect(workersMade).toBe(0);
  });

  it('stops nothing that is not running here', () => {
    expect(searches.stopSearch('nope' as never)).toBe(false);
  });
});
