/** What the model picker offers: runs that logged a model, and registered versions and aliases. */
import { useLiveQuery } from 'dexie-react-hooks';
import { reads, registry } from '../../../services/page';
import { formatModelUri } from '../../../domain/model/modelUri';

export interface ModelChoice {
  uri: string;
  label: string;
}

/** Most runs the picker lists (newest first); any other run's model opens by URI. */
const MAX_RUNS = 300;

/** Runs with a model (an `MLmodel` file in their artifacts), newest first; read from keys only. */
export function useModelRuns(): ModelChoice[] | undefined {
  return useLiveQuery(async () => {
    const runs = await reads.runsWithModels();
    return runs.slice(0, MAX_RUNS).map(({ run, folder }) => {
      const name = run.runName || run.runId;
      const uri = formatModelUri({ kind: 'run', runId: run.runId, artifactPath: folder });
      return { uri, label: `${name} (${run.runId.slice(0, 8)})${folder === 'model' ? '' : ` /${folder}`}` };
    });
  }, []);
}

/** Every alias and version of every registered model, as models:/ URIs. */
export function useRegisteredChoices(): ModelChoice[] | undefined {
  return useLiveQuery(async () => {
    const models = await registry.searchRegisteredModels('');
    const choices: ModelChoice[] = [];
    for (const model of models) {
      for (const { alias, version } of model.aliases) {
        choices.push({ uri: formatModelUri({ kind: 'alias', name: model.name, alias }), label: `${model.name} @${alias} (version ${version})` });
      }
      for (const version of await registry.listModelVersions(model.name)) {
        choices.push({ uri: formatModelUri({ kind: 'version', name: model.name, version: version.version }), label: `${model.name} version ${version.version}` });
      }
    }
    return choices;
  }, []);
}
