/**
 * Registered models and aliases follow their runs to the server: for every local model version
 * whose run was pushed, the model is created on the server when missing (with its description and
 * tags), the version is registered from the run's server copy (`runs:/<server run id>/<path>`)
 * unless the server already has a version from that run and path, and each local alias is set to
 * the server's number of the same version. Version numbers are the server's own: a model's first
 * version there is 1 even if it was 3 here. Each server version carries the tag
 * `trainyard.local_version`, so pushing again finds it (two local versions may register the same
 * run's model). Idempotent, like the run push.
 */
import type { ModelVersion, RegisteredModel } from '../../domain/registry/registry.types';
import { ServerError, type MlflowRestClient } from './restClient';

export interface LocalModel {
  readonly model: RegisteredModel;
  /** Its live versions. */
  readonly versions: readonly ModelVersion[];
}

export interface ModelPushResult {
  readonly name: string;
  readonly versionsCreated: number;
  readonly aliasesSet: number;
}

interface RestModelVersion {
  version: string;
  source?: string;
  run_id?: string;
  tags?: { key: string; value: string }[];
}

/** On a server model version: the local version it was pushed from (two local versions can share a run's model). */
export const TAG_LOCAL_VERSION = 'trainyard.local_version';

/** The artifact path of a version's model in its run: `runs:/<id>/model` → "model". */
function pathInRun(source: string): string | null {
  const match = /^runs:\/[^/]+\/(.+)$/.exec(source);
  return match?.[1] ?? null;
}

async function serverVersions(client: MlflowRestClient, name: string, action: string): Promise<RestModelVersion[]> {
  const reply = await client.call<{ model_versions?: RestModelVersion[] }>('GET', 'model-versions/search', { action, query: { filter: `name='${name.replace(/'/g, "\\'")}'`, max_results: 10_000 } });
  return reply.model_versions ?? [];
}

/** Pushes the models whose versions come from pushed runs; `serverRunIds` maps local run ids to the server's. */
export async function pushModels(client: MlflowRestClient, models: readonly LocalModel[], serverRunIds: ReadonlyMap<string, string>): Promise<ModelPushResult[]> {
  const results: ModelPushResult[] = [];
  for (const { model, versions } of models) {
    const pushable = versions.filter((v) => v.runId !== null && serverRunIds.has(v.runId) && pathInRun(v.source) !== null).sort((a, b) => a.version - b.version);
    if (pushable.length === 0) continue;
    const action = `pushing registered model "${model.name}"`;
    try {
      await client.call('POST', 'registered-models/create', {
        action,
        body: { name: model.name, ...(model.description ? { description: model.description } : {}), tags: Object.entries(model.tags).map(([key, value]) => ({ key, value })) },
      });
    } catch (error) {
      if (!(error instanceof ServerError && error.kind === 'already-exists')) throw error;
    }
    const there = await serverVersions(client, model.name, action);
    const serverVersionOf = new Map<number, string>();
    let versionsCreated = 0;
    for (const version of pushable) {
      const serverRunId = serverRunIds.get(version.runId as string) as string;
      const source = `runs:/${serverRunId}/${pathInRun(version.source) as string}`;
      const existing = there.find((v) => v.source === source && v.tags?.some((t) => t.key === TAG_LOCAL_VERSION && t.value === String(version.version)));
      if (existing) {
        serverVersionOf.set(version.version, existing.version);
        continue;
      }
      const reply = await client.call<{ model_version: RestModelVersion }>('POST', 'model-versions/create', {
        action: `${action}: version ${version.version}`,
        body: {
          name: model.name,
          source,
          run_id: serverRunId,
          ...(version.description ? { description: version.description } : {}),
          tags: [...Object.entries(version.tags).map(([key, value]) => ({ key, value })), { key: TAG_LOCAL_VERSION, value: String(version.version) }],
        },
      });
      serverVersionOf.set(version.version, reply.model_version.version);
      there.push(reply.model_version);
      versionsCreated += 1;
    }
    let aliasesSet = 0;
    for (const version of pushable) {
      const serverVersion = serverVersionOf.get(version.version);
      for (const alias of version.aliases) {
        if (!serverVersion) continue;
        await client.call('POST', 'registered-models/alias', { action: `${action}: alias @${alias}`, body: { name: model.name, alias, version: serverVersion } });
        aliasesSet += 1;
      }
    }
    results.push({ name: model.name, versionsCreated, aliasesSet });
  }
  return results;
}
