/**
 * The layer rules in eslint.config.js keep the map true: each wrong-way import below is refused by
 * `npm run lint` (and so by `npm test`), and the right-way ones are not.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The layer-rule messages ESLint gives `code` as if it were the file at `filePath`. */
async function layerErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The type-aware layer messages (imports allowed as types only). */
async function typeOnlyErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layer rules (eslint.config.js)', () => {
  it.each([
    ['src/domain/bundle/fixture.ts', "import { TrainyardDB } from '../../db/schema';\nexport const x = TrainyardDB;\n", /src\/domain imports nothing outside itself/],
    ['src/domain/fixture.ts', "import { tracking } from '../services/page';\nexport const x = tracking;\n", /src\/domain imports nothing outside itself/],
    ['src/domain/ml/fixture.ts', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n", /src\/domain is pure TypeScript/],
    ['src/db/fixture.ts', "import { notify } from '../shared/notifications';\nexport const x = notify;\n", /src\/db imports only src\/domain/],
    ['src/db/fixture.ts', "import { RegistryService } from '../services/registry/registryService';\nexport const x = RegistryService;\n", /src\/db imports only src\/domain/],
    ['src/workers/bundle/fixture.ts', "import { ImportBundle } from '../../features/bundles/ImportBundle';\nexport const x = ImportBundle;\n", /never imports the page/],
    ['src/workers/train/fixture.ts', "import { tracking } from '../../services/page';\nexport const x = tracking;\n", /never imports the page/],
    ['src/services/training/fixture.ts', "import { notify } from '../../shared/notifications';\nexport const x = notify;\n", /src\/services sits below the UI/],
    ['src/services/fixture.ts', "import { App } from '../app/App';\nexport const x = App;\n", /src\/services sits below the UI/],
    ['src/shared/ui/fixture.ts', "import { RunsPage } from '../../features/runs/RunsPage';\nexport const x = RunsPage;\n", /src\/shared is below the features/],
    ['src/features/runs/fixture.ts', "import { bootstrapTracking } from '../../app/bootstrap';\nexport const x = bootstrapTracking;\n", /Features never import the app shell/],
    ['src/features/runs/fixture.ts', "import { makeRun } from '../../test/makeRun';\nexport const x = makeRun;\n", /Features never import the app shell \(src\/app\) or test kits/],
    ['src/domain/bundle/fixture.ts', "import { kit } from './bundleTestKit';\nexport const x = kit;\n", /Test kits are for tests only/],
    ['src/app/fixture.ts', "import { runTraining } from '../workers/train/runTraining';\nexport const x = runTraining;\n", /never imports worker code/],
    ['src/fixture.tsx', "import { makeRun } from './test/makeRun';\nexport const x = makeRun;\n", /The entry starts the app; it never imports worker code or test kits/],
    ['src/build/fixture.ts', "import { makeRun } from '../test/makeRun';\nexport const x = makeRun;\n", /Build code never imports test kits/],
    ['src/domain/bundle/fixture.test.ts', "import { TrainyardDB } from '../../db/schema';\nexport const x = TrainyardDB;\n", /Domain tests use only the domain and the test kits/],
  ])('refuses a wrong-way import in %s', async (filePath, code, message) => {
    const errors = await layerErrors(code, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  }, 60_000);

  it.each([
    ['src/services/training/fixture.ts', "import { runTraining } from '../../workers/train/runTraining';\nexport const x = runTraining;\n", /import the worker's protocol, or types, never its code/],
    ['src/features/train/fixture.ts', "import { isFromWorker } from '../../workers/train/protocol';\nexport const x = isFromWorker;\n", /from src\/db and src\/workers they import only types/],
    ['src/features/run/fixture.ts', "import { setTag } from '../../db/runStore';\nexport const x = setTag;\n", /from src\/db and src\/workers they import only types/],
    ['src/services/training/fixture.ts', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n", /TF\.js loads only in workers/],
  ])('refuses code (types are fine) from a lower layer in %s', async (filePath, code, message) => {
    const errors = await typeOnlyErrors(code, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  }, 60_000);

  it.each([
    ['src/domain/bundle/fixture.ts', "import { isRunId } from '../ids';\nexport const x = isRunId;\n"],
    ['src/db/fixture.ts', "import { isRunId } from '../domain/ids';\nexport const x = isRunId;\n"],
    ['src/features/runs/fixture.ts', "import { isRunId } from '../../domain/ids';\nexport const x = isRunId;\n"],
    ['src/features/runs/fixture.ts', "import { reads } from '../../services/page';\nexport const x = reads;\n"],
    ['src/features/train/fixture.ts', "import type { Progress } from '../../workers/train/protocol';\nexport type X = Progress;\n"],
    ['src/workers/bundle/fixture.ts', "import { TrainyardDB } from '../../db/schema';\nexport const x = TrainyardDB;\n"],
    ['src/services/training/fixture.ts', "import { isFromWorker } from '../../workers/train/protocol';\nexport const x = isFromWorker;\n"],
    ['src/services/training/fixture.ts', "import type { AutologOptions } from '../../workers/tfjs/autolog';\nexport type X = AutologOptions;\n"],
    ['src/app/fixture.ts', "import { services } from '../services/page';\nexport const x = services;\n"],
    ['src/services/training/fixture.ts', "import type * as tf from '@tensorflow/tfjs';\nexport type X = typeof tf;\n"],
    ['src/domain/bundle/fixture.test.ts', "import { zipOf } from '../../test/bundleTestKit';\nexport const x = zipOf;\n"],
    ['src/features/runs/fixture.test.ts', "import { makeRun } from '../../test/makeRun';\nexport const x = makeRun;\n"],
  ])('allows a right-way import in %s', async (filePath, code) => {
    expect(await layerErrors(code, filePath)).toEqual([]);
    expect(await typeOnlyErrors(code, filePath)).toEqual([]);
  }, 60_000);
});

describe('type imports never leave a module import behind (eslint.config.js)', () => {
  it('refuses `import { type X }`, which the build keeps as `import "…"` and so runs the module', async () => {
    const [result] = await eslint.lintText("import { type Progress } from '../../workers/train/protocol';\nexport type X = Progress;\n", {
      filePath: 'src/features/train/fixture.ts',
    });
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-import-type-side-effects']);
  }, 60_000);
});

/** The table-access messages ESLint gives `code` as if it were the file at `filePath`. */
async function tableErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('no table access outside src/db (eslint.config.js)', () => {
  it.each([
    ['src/features/runs/fixture.ts', "import { tracking } from '../../services/page';\nexport const x = tracking.db.runs.toArray();\n"],
    ['src/shared/fixture.ts', "declare const db: { artifacts: unknown };\nexport const x = db.artifacts;\n"],
    ['src/app/fixture.ts', "declare const db: { table(name: string): unknown };\nexport const x = db.table('runs');\n"],
  ])('refuses reading a table in %s', async (filePath, code) => {
    const errors = await tableErrors(code, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/through the queries in src\/db\/queries\.ts/);
  }, 60_000);

  it.each([
    ['src/features/runs/fixture.ts', "import { reads } from '../../services/page';\nexport const x = reads.runsOfExperiment;\n"],
    ['src/features/runs/fixture.ts', "declare const run: { runs: number };\nexport const x = run.runs;\n"],
    ['src/db/fixture.ts', "import type { TrainyardDB } from './schema';\nexport const x = (db: TrainyardDB) => db.runs.count();\n"],
  ])('allows %s', async (filePath, code) => {
    expect(await tableErrors(code, filePath)).toEqual([]);
  }, 60_000);
});
