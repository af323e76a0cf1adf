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

describe('layer rules (eslint.config.js)', () => {
  it.each([
    ['src/domain/bundle/fixture.ts', "import { TrainyardDB } from '../../db/schema';\nexport const x = TrainyardDB;\n", /src\/domain imports nothing outside itself/],
    ['src/domain/fixture.ts', "import { tracking } from '../app/tracking';\nexport const x = tracking;\n", /src\/domain imports nothing outside itself/],
    ['src/domain/ml/fixture.ts', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n", /src\/domain is pure TypeScript/],
    ['src/db/fixture.ts', "import { notify } from '../app/notifications';\nexport const x = notify;\n", /src\/db imports only src\/domain/],
    ['src/db/fixture.ts', "import { TrainyardConsole } from '../training/TrainyardConsole';\nexport const x = TrainyardConsole;\n", /src\/db imports only src\/domain/],
    ['src/worker/fixture.ts', "import { ImportBundle } from '../features/bundles/ImportBundle';\nexport const x = ImportBundle;\n", /never imports the page/],
    ['src/training/worker/fixture.ts', "import { tracking } from '../../app/tracking';\nexport const x = tracking;\n", /never imports the page/],
  ])('refuses a wrong-way import in %s', async (filePath, code, message) => {
    const errors = await layerErrors(code, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  }, 60_000);

  it.each([
    ['src/domain/bundle/fixture.ts', "import { isRunId } from '../ids';\nexport const x = isRunId;\n"],
    ['src/db/fixture.ts', "import { isRunId } from '../domain/ids';\nexport const x = isRunId;\n"],
    ['src/features/runs/fixture.ts', "import { isRunId } from '../../domain/ids';\nexport const x = isRunId;\n"],
    ['src/worker/fixture.ts', "import { TrainyardDB } from '../db/schema';\nexport const x = TrainyardDB;\n"],
  ])('allows a right-way import in %s', async (filePath, code) => {
    expect(await layerErrors(code, filePath)).toEqual([]);
  }, 60_000);
});

/** The table-access messages ESLint gives `code` as if it were the file at `filePath`. */
async function tableErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('no table access outside src/db (eslint.config.js)', () => {
  it.each([
    ['src/features/runs/fixture.ts', "import { tracking } from '../../app/tracking';\nexport const x = tracking.db.runs.toArray();\n"],
    ['src/shared/fixture.ts', "declare const db: { artifacts: unknown };\nexport const x = db.artifacts;\n"],
    ['src/app/fixture.ts', "declare const db: { table(name: string): unknown };\nexport const x = db.table('runs');\n"],
  ])('refuses reading a table in %s', async (filePath, code) => {
    const errors = await tableErrors(code, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/through the queries in src\/db\/queries\.ts/);
  }, 60_000);

  it.each([
    ['src/features/runs/fixture.ts', "import { reads } from '../../app/tracking';\nexport const x = reads.runsOfExperiment;\n"],
    ['src/features/runs/fixture.ts', "declare const run: { runs: number };\nexport const x = run.runs;\n"],
    ['src/db/fixture.ts', "import type { TrainyardDB } from './schema';\nexport const x = (db: TrainyardDB) => db.runs.count();\n"],
  ])('allows %s', async (filePath, code) => {
    expect(await tableErrors(code, filePath)).toEqual([]);
  }, 60_000);
});
