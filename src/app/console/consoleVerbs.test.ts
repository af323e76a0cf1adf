import { describe, expect, it } from 'vitest';
import { services } from '../../services/page';
import { ALL_VERBS, CONSOLE_VERBS } from './consoleVerbs';
import { consoleFacade } from './facade';

describe('the console over the real page services', () => {
  it('finds every verb on the service the table names', () => {
    for (const [name, verbs] of Object.entries(CONSOLE_VERBS)) {
      const service = services[name as keyof typeof services] as unknown as Record<string, unknown>;
      for (const verb of verbs) expect(typeof service[verb], `${name}.${verb}`).toBe('function');
    }
  });

  it('builds a facade with every verb, the objects it shows, and no database handle', async () => {
    const trainyard = consoleFacade(services) as unknown as Record<string, unknown>;
    for (const verb of ALL_VERBS) expect(typeof trainyard[verb], verb).toBe('function');
    expect(trainyard.writerId).toBe(services.tracking.writerId);
    expect('db' in trainyard).toBe(false);
    const getActive = trainyard.getActiveExperimentId as () => string;
    expect(getActive()).toBe('0');
    const register = trainyard.registerModel as (runId: unknown, name: unknown) => Promise<number>;
    await expect(register('r1', 42)).rejects.toThrow('registerModel: argument 2 (name) must be');
  });
});
