import { describe, expect, it } from 'vitest';
import { TrackingError } from '../errors';
import type { RunId } from '../ids';
import { formatModelUri, parseModelUri, resolveModelUri, runModelUri, type ModelVersionLookup } from './modelUri';

const RUN = '0123456789abcdef0123456789abcdef' as RunId;

describe('parseModelUri', () => {
  it.each([
    [`runs:/${RUN}/model`, { kind: 'run', runId: RUN, artifactPath: 'model' }],
    [`runs:/${RUN}/models/best/`, { kind: 'run', runId: RUN, artifactPath: 'models/best' }],
    [`runs:/${RUN}`, { kind: 'run', runId: RUN, artifactPath: '' }],
    [`runs:///${RUN}/model`, { kind: 'run', runId: RUN, artifactPath: 'model' }],
    ['  models:/wine/3 ', { kind: 'version', name: 'wine', version: 3 }],
    ['models:/wine quality/12', { kind: 'version', name: 'wine quality', version: 12 }],
    ['models:/wine@champion', { kind: 'alias', name: 'wine', alias: 'champion' }],
    ['models:/wine/latest', { kind: 'latest', name: 'wine', stage: null }],
    ['models:/wine/LATEST', { kind: 'latest', name: 'wine', stage: null }],
    ['models:/wine/Production', { kind: 'latest', name: 'wine', stage: 'Production' }],
    // Registered names may contain @, ? and # (aliases can't contain @): the alias follows the last @.
    ['models:/team@wine@champion', { kind: 'alias', name: 'team@wine', alias: 'champion' }],
    ['models:/wine?#1/2', { kind: 'version', name: 'wine?#1', version: 2 }],
  ])('should parse %s', (uri, expected) => {
    expect(parseModelUri(uri)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['model', 'no scheme'],
    ['s3://bucket/model', 'not runs: or models:'],
    ['runs:/', 'must start with / and not be empty'],
    ['runs:model', 'must start with /'],
    ['runs:/not a run id/model', 'is not a run id'],
    [`runs:/${RUN}/../other`, '".."'],
    [`runs://host/${RUN}/model`, 'remote tracking server'],
    ['models:/wine', 'no version or alias'],
    ['models:/wine/', 'version after the model name is empty'],
    ['models:/wine/1/extra', 'at most two parts'],
    ['models:/@champion', 'model name before @ is empty'],
    ['models:/wine@', 'alias after @ is empty'],
    ['models:/wine/0', 'not a version number'],
    [`runs:/${RUN}/model?x=2`, '? or #'],
  ])('should reject %j naming the problem (%s)', (uri, why) => {
    expect(() => parseModelUri(uri)).toThrow(TrackingError);
    expect(() => parseModelUri(uri)).toThrow(why);
    expect(() => parseModelUri(uri)).toThrow(/Expected runs:\/<run id>\/<path>, models:\/<name>\/<version> or models:\/<name>@<alias>/);
  });

  it('should round-trip through formatModelUri', () => {
    for (const uri of [runModelUri(RUN), 'models:/wine/3', 'models:/wine@champion', 'models:/wine/latest', 'models:/wine/Staging']) {
      expect(formatModelUri(parseModelUri(uri))).toBe(uri);
    }
  });
});

describe('resolveModelUri', () => {
  const versions: { name: string; version: number; source: string; runId?: string | null }[] = [
    { name: 'wine', version: 1, source: `runs:/${RUN}/model` },
    { name: 'wine', version: 2, source: 'file:///elsewhere/model' },
    // Registered by MLflow 2.x from the run's artifact folder.
    { name: 'wine', version: 3, source: `file:///home/me/mlruns/0/${RUN}/artifacts/model`, runId: RUN },
    { name: 'wine', version: 4, source: `s3://bucket/7/${RUN}/artifacts/nested/model/`, runId: RUN },
    // The path names another run than run_id: not trusted.
    { name: 'wine', version: 5, source: `file:///mlruns/0/${'f'.repeat(32)}/artifacts/model`, runId: RUN },
  ];
  const registry: ModelVersionLookup = {
    getModelVersion: async (name, version) => {
      const found = versions.find((v) => v.name === name && v.version === Number(version));
      if (!found) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `no version ${version} of ${name}`);
      return found;
    },
    getModelVersionByAlias: async (name, alias) => {
      if (name === 'wine' && alias === 'champion') return versions[0] as (typeof versions)[0];
      throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `no alias ${alias}`);
    },
  };

  it('should resolve a run URI without the registry', async () => {
    await expect(resolveModelUri(`runs:/${RUN}/model`, null)).resolves.toEqual({ runId: RUN, artifactPath: 'model' });
  });

  it('should resolve a version and an alias to their source run', async () => {
    await expect(resolveModelUri('models:/wine/1', registry)).resolves.toEqual({ runId: RUN, artifactPath: 'model' });
    await expect(resolveModelUri('models:/wine@champion', registry)).resolves.toEqual({ runId: RUN, artifactPath: 'model' });
  });

  it('should pass on the registry error for an unknown version or alias', async () => {
    await expect(resolveModelUri('models:/wine/9', registry)).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
    await expect(resolveModelUri('models:/wine@nope', registry)).rejects.toMatchObject({ code: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('should explain a source that is not a run URI', async () => {
    await expect(resolveModelUri('models:/wine/2', registry)).rejects.toThrow(/version 2, whose source "file:\/\/\/elsewhere\/model"/);
  });

  it('should find a 2.x artifact-folder source in its run', async () => {
    await expect(resolveModelUri('models:/wine/3', registry)).resolves.toEqual({ runId: RUN, artifactPath: 'model' });
    await expect(resolveModelUri('models:/wine/4', registry)).resolves.toEqual({ runId: RUN, artifactPath: 'nested/model' });
    await expect(resolveModelUri('models:/wine/5', registry)).rejects.toThrow(/is not a runs:\/<run id>\/<path> URI/);
  });

  it('should say that latest and stages need a registry that supports them', async () => {
    await expect(resolveModelUri('models:/wine/latest', registry)).rejects.toThrow(/use models:\/wine\/<version> or models:\/wine@<alias>/);
    const withLatest: ModelVersionLookup = { ...registry, getLatestModelVersion: async () => versions[0] as (typeof versions)[0] };
    await expect(resolveModelUri('models:/wine/Production', withLatest)).resolves.toEqual({ runId: RUN, artifactPath: 'model' });
  });

  it('should refuse registered URIs when there is no registry', async () => {
    await expect(resolveModelUri('models:/wine/1', null)).rejects.toThrow(/registry is not available/);
  });
});
