import { describe, expect, it } from 'vitest';
import { thrownTrackingError as thrown } from '../../test/expectErrors';
import type { RunId } from '../ids';
import {
  aliasesAfterVersionDelete,
  aliasesOf,
  canonicalStage,
  modelDeleteBlocker,
  nextVersionNumber,
  parseRunsUri,
  parseVersion,
  runsUri,
  stageTransition,
  validateAlias,
  validateModelName,
  validateRegistryTag,
  versionDeleteBlocker,
  withAlias,
  withoutAlias,
} from './registry';

const RUN = '0123456789abcdef0123456789abcdef' as RunId;

describe('validateModelName', () => {
  it.each(['iris', 'Wine quality', 'wine-elasticnet_v2', 'modèle', 'a.b', 'x'.repeat(300)])('should accept %j', (name) => {
    expect(validateModelName(name)).toBe(name);
  });

  it.each([
    ['', 'it is empty'],
    ['a/b', "may not contain '/'"],
    ['100%', "'%'"],
    ['a\\b', "'\\'"],
    ['.', "'.'"],
    ['..', "start with '..'"],
    ['..hidden', "start with '..'"],
    [' padded', 'leading/trailing spaces'],
    ['tab\there', 'control characters'],
  ])('should refuse %j, saying %s', (name, message) => {
    const error = thrown(() => validateModelName(name));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(message);
  });

  it('should refuse a non-string', () => {
    expect(thrown(() => validateModelName(3)).message).toContain('expected a string, got number');
  });
});

describe('validateAlias', () => {
  it.each(['champion', 'challenger-2', 'prod_eu', 'v', 'v1a', 'version1', 'latest2', 'é', 'a'.repeat(255)])('should accept %j', (alias) => {
    expect(validateAlias(alias)).toBe(alias);
  });

  it.each([
    ['', 'it is empty'],
    ['has space', 'only contain letters, digits, underscores (_) and dashes (-)'],
    ['a.b', 'only contain'],
    ['a/b', 'only contain'],
    ['@champion', 'only contain'],
    ['a'.repeat(256), 'the limit is 255'],
    ['latest', "'latest' (any case) is reserved"],
    ['LaTeSt', "'latest' (any case) is reserved"],
    ['v1', "version aliases such as 'v1' are reserved"],
    ['V42', 'are reserved'],
  ])('should refuse %j, saying %s', (alias, message) => {
    const error = thrown(() => validateAlias(alias));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(message);
  });

  // 𝐀 (U+1D400) is a letter outside the BMP: one code point, two UTF-16 units.
  it('should count the length in code points, as MLflow does', () => {
    expect(validateAlias('𝐀'.repeat(255))).toBe('𝐀'.repeat(255));
    const error = thrown(() => validateAlias('𝐀'.repeat(256)));
    expect(error.message).toContain('256 characters (Unicode code points), the limit is 255');
  });
});

describe('parseVersion', () => {
  it.each([
    [1, 1],
    ['7', 7],
    [' 12 ', 12],
  ])('should read %j as %d', (input, expected) => {
    expect(parseVersion(input)).toBe(expected);
  });

  it.each([0, -1, 1.5, '1.0', 'v1', '', NaN, null])('should refuse %j', (input) => {
    expect(thrown(() => parseVersion(input)).message).toContain('expected a whole number from 1');
  });
});

describe('canonicalStage', () => {
  it.each([
    ['none', 'None'],
    ['STAGING', 'Staging'],
    ['Production', 'Production'],
    ['archived', 'Archived'],
  ])('should read %j as %s', (input, stage) => {
    expect(canonicalStage(input)).toBe(stage);
  });

  it('should refuse other stages, listing the valid ones', () => {
    expect(thrown(() => canonicalStage('Deleted_Internal')).message).toContain('one of None, Staging, Production, Archived');
  });
});

describe('validateRegistryTag', () => {
  it('should use the tag key rules and the 5000-character value limit', () => {
    expect(validateRegistryTag('team', 'ml')).toEqual(['team', 'ml']);
    expect(thrown(() => validateRegistryTag('bad:key', 'x')).message).toContain('Invalid tag key "bad:key"');
    expect(thrown(() => validateRegistryTag('k', 'x'.repeat(5001))).message).toContain('the limit is 5000');
  });

  it('should count the value in code points', () => {
    expect(validateRegistryTag('k', '🚂'.repeat(5000))[1]).toHaveLength(10_000);
    expect(thrown(() => validateRegistryTag('k', '🚂'.repeat(5001))).message).toContain('5001 characters (Unicode code points)');
  });
});

describe('nextVersionNumber', () => {
  it('should start at 1 and give one more than the highest ever given, gaps and deleted ones included', () => {
    expect(nextVersionNumber([])).toBe(1);
    expect(nextVersionNumber([1])).toBe(2);
    expect(nextVersionNumber([3, 1])).toBe(4);
  });
});

describe('runsUri / parseRunsUri', () => {
  it('should build and read runs:/<id>/<path>', () => {
    expect(runsUri(RUN)).toBe(`runs:/${RUN}/model`);
    expect(parseRunsUri(`runs:/${RUN}/model`)).toEqual({ runId: RUN, path: 'model' });
    expect(parseRunsUri(`runs:/${RUN}/nested/model/`)).toEqual({ runId: RUN, path: 'nested/model' });
  });

  it.each(['models:/iris/1', `runs:/${RUN}`, `runs:/${RUN}/`, 'file:///tmp/model', 'runs://model'])('should not read %j', (uri) => {
    expect(parseRunsUri(uri)).toBeNull();
  });
});

describe('aliases', () => {
  it('should point a new alias at a version', () => {
    expect(withAlias([], 'champion', 1)).toEqual([{ alias: 'champion', version: 1 }]);
  });

  it('should move an alias from one version to another, so it names one version only', () => {
    const moved = withAlias([{ alias: 'champion', version: 1 }, { alias: 'backup', version: 1 }], 'champion', 2);
    expect(moved).toEqual([
      { alias: 'backup', version: 1 },
      { alias: 'champion', version: 2 },
    ]);
    expect(aliasesOf(moved, 1)).toEqual(['backup']);
    expect(aliasesOf(moved, 2)).toEqual(['champion']);
  });

  it('should remove an alias, and name the alias and model when it is not there', () => {
    expect(withoutAlias([{ alias: 'a', version: 1 }], 'a', 'iris')).toEqual([]);
    const error = thrown(() => withoutAlias([], 'champion', 'iris'));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toBe('Registered model "iris" has no alias "champion".');
  });

  it('should drop the aliases of a deleted version and keep the others', () => {
    const aliases = [
      { alias: 'a', version: 1 },
      { alias: 'b', version: 2 },
      { alias: 'c', version: 1 },
    ];
    expect(aliasesAfterVersionDelete(aliases, 1)).toEqual([{ alias: 'b', version: 2 }]);
  });
});

describe('stageTransition', () => {
  const versions = [
    { version: 1, currentStage: 'Production' as const },
    { version: 2, currentStage: 'Staging' as const },
    { version: 3, currentStage: 'None' as const },
  ];

  it('should move only the version without archive_existing_versions', () => {
    expect(stageTransition({ versions, version: 3, stage: 'production' })).toEqual({
      stage: 'Production',
      changes: [{ version: 3, currentStage: 'Production' }],
    });
  });

  it('should archive the other versions in the target stage with archive_existing_versions', () => {
    expect(stageTransition({ versions, version: 3, stage: 'Production', archiveExistingVersions: true }).changes).toEqual([
      { version: 3, currentStage: 'Production' },
      { version: 1, currentStage: 'Archived' },
    ]);
  });

  it('should refuse archive_existing_versions for a stage that is not active', () => {
    const error = thrown(() => stageTransition({ versions, version: 3, stage: 'Archived', archiveExistingVersions: true }));
    expect(error.message).toContain('only Staging and Production can archive the others');
  });
});

describe('delete blockers (the UI rule MLflow uses)', () => {
  it('should block deleting a version in Staging or Production only', () => {
    expect(versionDeleteBlocker('Production')).toContain('active stage "Production"');
    expect(versionDeleteBlocker('Staging')).not.toBeNull();
    expect(versionDeleteBlocker('None')).toBeNull();
    expect(versionDeleteBlocker('Archived')).toBeNull();
  });

  it('should block deleting a model while any version is in an active stage, naming them', () => {
    expect(modelDeleteBlocker([{ version: 1, currentStage: 'Archived' }])).toBeNull();
    expect(modelDeleteBlocker([{ version: 1, currentStage: 'None' }, { version: 4, currentStage: 'Staging' }])).toContain('Versions 4');
  });
});
