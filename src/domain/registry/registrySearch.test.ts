import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from '../errors';
import { parseRegistryFilter, searchFilterPredicate } from './registrySearch';

const models: Array<{ name: string; tags: Record<string, string> }> = [
  { name: 'wine-mlp', tags: { team: 'ml', 'data set': 'red' } },
  { name: 'Wine-linear', tags: { team: 'bi' } },
  { name: 'iris', tags: {} },
];

function names(filter: string): string[] {
  return models.filter(searchFilterPredicate(filter)).map((m) => m.name);
}

describe('searchFilterPredicate', () => {
  it.each([
    ['', ['wine-mlp', 'Wine-linear', 'iris']],
    ["name = 'iris'", ['iris']],
    ["name != 'iris'", ['wine-mlp', 'Wine-linear']],
    ["name LIKE 'wine%'", ['wine-mlp']],
    ["name ILIKE 'wine%'", ['wine-mlp', 'Wine-linear']],
    ["name like '_ris'", ['iris']],
    ["tags.team = 'ml'", ['wine-mlp']],
    ['tags.`data set` = "red"', ['wine-mlp']],
    ["name ILIKE '%wine%' AND tags.team != 'ml'", ['Wine-linear']],
    ["name LIKE '%.%'", []],
  ])('%s', (filter, expected) => {
    expect(names(filter)).toEqual(expected);
  });

  it.each([
    ["nam = 'x'", 1, 'name or tags.<key>'],
    ["name ~ 'x'", 6, 'a name, operator or quoted value'],
    ["name = 'x' OR name = 'y'", 12, 'AND'],
    ['name = x', 8, 'a quoted value'],
    ["name = 'x' AND", 15, 'name or tags.<key>'],
  ])('should refuse %j at position %d, expecting %s', (filter, position, expected) => {
    let error: unknown;
    try {
      parseRegistryFilter(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect((error as FilterSyntaxError).message).toContain(`position ${position}:`);
    expect((error as FilterSyntaxError).message).toContain(expected);
  });
});
