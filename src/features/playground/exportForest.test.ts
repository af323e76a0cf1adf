/**
 * "Export model" on a random forest: the zip holds forest.json, MLmodel, the input example, the
 * run's preprocessing, predict_forest.mjs and a README; the script, run by Node on the unzipped
 * files, predicts raw rows exactly as predictForest predicts the rows prepared as the playground
 * prepares them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTabularCsv } from '../../domain/datasets/csv';
import type { RunId } from '../../domain/ids';
import { encodeForest } from '../../domain/ml/forest/forestFormat';
import type { ForestTask } from '../../domain/ml/forest/forest.types';
import { predictForest } from '../../domain/ml/forest/predict';
import { trainForest } from '../../domain/ml/forest/randomForest';
import { buildMlmodelYaml } from '../../domain/model/mlmodel';
import { exportModelFiles, modelZip } from '../../domain/playground/exportModel';
import type { ModelFormat } from '../../domain/playground/modelFormat';
import { describeModel } from '../../domain/playground/playgroundModel';
import { tabularInputs } from '../../domain/playground/preprocess';
import { checkRow } from '../../domain/playground/rows';
import type { RecipeContext } from '../../workers/train/recipes/runner.types';
import { logTableInfo, prepareTable } from '../../workers/train/recipes/tabularData';
import forestScript from './predict_forest.mjs?raw';

const RUN_ID = 'c'.repeat(32) as RunId;
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const CSV = [
  'alcohol;grape;acidity;quality;style',
  ...Array.from({ length: 90 }, (_, i) => {
    const alcohol = 9 + ((i * 37) % 50) / 10;
    const grape = ['merlot', 'syrah', 'tempranillo'][(i * 7) % 3] as string;
    const acidity = ((i * 53) % 41) / 10 - 1;
    const quality = Math.round(3 + alcohol / 3 - acidity + ((i * 7) % 3));
    return `${alcohol};${grape};${acidity};${quality};${quality > 7 ? 'bold' : 'light'}`;
  }),
].join('\n');

/** The model folder and run root as the random_forest recipe logs them, as a file map. */
async function loggedForest(task: ForestTask) {
  const target = task === 'regression' ? 'quality' : 'style';
  const full = parseTabularCsv(CSV, { fileName: 'wine.csv' });
  // The other target is no feature: the recipe's table holds only the features and its target.
  const dropped = task === 'regression' ? 'style' : 'quality';
  const keep = full.columns.map((c) => c !== dropped);
  const dataset = {
    name: 'wine.csv',
    columns: full.columns.filter((_, c) => keep[c]),
    data: full.data.filter((_, c) => keep[c]),
    categorical: Object.fromEntries(Object.entries(full.categorical ?? {}).filter(([name]) => name !== dropped)),
  };
  const prepared = prepareTable({ dataset, target, testFraction: 0.2, seed: 2, stratify: task === 'classification', log1p: true });
  const labels = task === 'classification' ? [...(dataset.categorical[target] ?? [])] : [];
  let preprocessing: unknown = null;
  const client = { logParams: async () => undefined, logDict: async (dict: unknown) => void (preprocessing = dict) };
  await logTableInfo({ client, runId: RUN_ID } as unknown as RecipeContext, { name: 'wine.csv', digest: 'd', prepared, ...(labels.length ? { labels } : {}) });
  const forest = trainForest(
    { x: prepared.xTrain, y: prepared.yTrain, rows: prepared.trainRows, features: prepared.features.length, task, ...(labels.length ? { classes: labels.length } : {}) },
    { nEstimators: 7, seed: 1 },
  );
  const width = prepared.features.length;
  const inputExample = { inputs: [Array.from(prepared.xTrain.subarray(0, width))] };
  const files = new Map<string, string>([
    ['model/forest.json', encodeForest(forest, { featureNames: prepared.features, ...(labels.length ? { classLabels: labels } : {}) })],
    ['model/MLmodel', buildMlmodelYaml({ runId: RUN_ID, artifactPath: 'model', forest: { task, nEstimators: 7 }, utcTimeCreated: new Date(0) })],
    ['model/input_example.json', JSON.stringify(inputExample)],
    ['preprocessing.json', JSON.stringify(preprocessing)],
    ['predictions.csv', 'not exported'],
  ]);
  const predictor = describeModel({ mlmodel: null, inputExample, preprocessing, vocabulary: null, labels: null, inputWidth: width, outputWidth: forest.outputs });
  const format: ModelFormat = { flavor: 'trainyard_forest', file: 'forest.json', task, trees: 7, nEstimators: 7 };
  return { forest, files, predictor, format };
}

/** The export's files written to a fresh folder; its path. */
async function unzipped(task: ForestTask) {
  const logged = await loggedForest(task);
  const files = await exportModelFiles({
    uri: 'models:/wine@champion',
    location: { runId: RUN_ID, artifactPath: 'model' },
    summary: logged.predictor.summary,
    format: logged.format,
    read: async (path) => (logged.files.has(path) ? new TextEncoder().encode(logged.files.get(path)) : null),
    forestScript,
  });
  const zip = unzipSync(modelZip(files));
  const folder = mkdtempSync(join(tmpdir(), 'forest-export-'));
  folders.push(folder);
  for (const [name, bytes] of Object.entries(zip)) writeFileSync(join(folder, name), bytes);
  return { ...logged, zip, folder };
}

/** Raw rows (objects by name, the grape as its level) and the forest's outputs for them, prepared as the playground prepares them. */
function rawRowsAndExpected(logged: Awaited<ReturnType<typeof loggedForest>>, count: number) {
  const { predictor, forest } = logged;
  if (predictor.input !== 'features') throw new Error('features expected');
  const [head = '', ...lines] = CSV.split('\n');
  const header = head.split(';');
  const rows = lines.slice(0, count).map((line) => Object.fromEntries(line.split(';').map((cell, c) => [header[c] as string, header[c] === 'grape' || header[c] === 'style' ? cell : Number(cell)])));
  const inputs = rows.map((row, i) => {
    const check = checkRow(predictor.summary, row, i);
    if (!check.ok) throw new Error(check.error);
    return check.input as number[];
  });
  const x = tabularInputs(inputs, predictor.transform, forest.features);
  return { rows, x, expected: Array.from(predictForest(forest, x, rows.length)) };
}

/** The forest's c-th input name, as forest.json records it. */
function featureName(logged: Awaited<ReturnType<typeof loggedForest>>, c: number): string {
  const doc = JSON.parse(logged.files.get('model/forest.json') ?? '{}') as { featureNames: string[] };
  return doc.featureNames[c] as string;
}

function runScript(folder: string, args: string[]): unknown {
  return JSON.parse(execFileSync(process.execPath, [join(folder, 'predict_forest.mjs'), ...args], { cwd: folder, encoding: 'utf8' })) as unknown;
}

describe('exportModelFiles on a random forest', { timeout: 30_000 }, () => {
  it('should zip forest.json, MLmodel, the example, the preprocessing, the script and a README that explains them', async () => {
    const { zip } = await unzipped('regression');
    expect(Object.keys(zip).sort()).toEqual(['MLmodel', 'README.md', 'forest.json', 'input_example.json', 'predict_forest.mjs', 'preprocessing.json']);
    const readme = strFromU8(zip['README.md'] as Uint8Array);
    expect(readme).toContain('Exported from Trainyard: `models:/wine@champion` (run `cccccccccccccccccccccccccccccccc`).');
    expect(readme).toContain('- Model: Random forest regressor, 7 trees.');
    expect(readme).toContain('node predict_forest.mjs rows.json');
    expect(readme).toContain("import { readForest, prepareRow, predict } from './predict_forest.mjs';");
    expect(readme).toMatch(/echo '\[\{ "alcohol": [\d.]+, "grape": "(merlot|syrah|tempranillo)", "acidity": -?[\d.]+ \}\]' > rows.json/);
    expect(readme).toContain('- `shape`: one bit per node');
    expect(readme).not.toContain('loadLayersModel');
  });

  it('should refuse to export a forest whose forest.json is missing', async () => {
    const logged = await loggedForest('regression');
    logged.files.delete('model/forest.json');
    await expect(
      exportModelFiles({
        uri: 'runs:/x/model',
        location: { runId: RUN_ID, artifactPath: 'model' },
        summary: logged.predictor.summary,
        format: logged.format,
        read: async (path) => (logged.files.has(path) ? new TextEncoder().encode(logged.files.get(path)) : null),
        forestScript,
      }),
    ).rejects.toThrow(`The model's model/forest.json is missing from run ${RUN_ID}.`);
  });

  it.each<ForestTask>(['regression', 'classification'])('should predict raw rows with predict_forest.mjs in Node exactly as predictForest does (%s)', async (task) => {
    const exported = await unzipped(task);
    const { rows, x, expected } = rawRowsAndExpected(exported, 25);
    writeFileSync(join(exported.folder, 'rows.json'), JSON.stringify(rows));
    const printed = runScript(exported.folder, ['rows.json']) as unknown[];
    if (task === 'regression') {
      expect(printed).toEqual(expected);
    } else {
      const labels = exported.forest.outputs;
      expect(printed).toHaveLength(rows.length);
      printed.forEach((row, r) => {
        const p = expected.slice(r * labels, (r + 1) * labels);
        const { label, probabilities } = row as { label: string; probabilities: Record<string, number> };
        expect(Object.values(probabilities)).toEqual(p);
        expect(Object.keys(probabilities)).toEqual(['bold', 'light']);
        expect(label).toBe(Object.keys(probabilities)[p.indexOf(Math.max(...p))]);
      });
    }

    // As a module, on the model's own inputs: the same numbers.
    const module = pathToFileURL(join(exported.folder, 'predict_forest.mjs')).href;
    const inputs = JSON.stringify(Array.from({ length: rows.length }, (_, r) => Array.from(x.subarray(r * exported.forest.features, (r + 1) * exported.forest.features))));
    const code = `import { readFileSync } from 'node:fs'; import { readForest, predict } from ${JSON.stringify(module)};
      const forest = readForest(readFileSync('forest.json', 'utf8'));
      console.log(JSON.stringify(predict(forest, ${inputs}).flat()));`;
    const viaModule = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: exported.folder, encoding: 'utf8' })) as number[];
    expect(viaModule).toEqual(expected);
  });

  it('should take rows keyed by feature name from the command line when preprocessing.json is absent', async () => {
    const exported = await unzipped('regression');
    rmSync(join(exported.folder, 'preprocessing.json'));
    const { x, expected } = rawRowsAndExpected(exported, 3);
    const names = exported.forest.features;
    const byName = Array.from({ length: 3 }, (_, r) => Object.fromEntries(Array.from(x.subarray(r * names, (r + 1) * names), (v, c) => [featureName(exported, c), v])));
    writeFileSync(join(exported.folder, 'inputs.json'), JSON.stringify(byName));
    expect(runScript(exported.folder, ['inputs.json'])).toEqual(expected);
  });

  it('should say which value of a row the script can\'t use', async () => {
    const exported = await unzipped('regression');
    writeFileSync(join(exported.folder, 'rows.json'), JSON.stringify([{ alcohol: 10, grape: 'gamay', acidity: 0 }]));
    expect(() => execFileSync(process.execPath, ['predict_forest.mjs', 'rows.json'], { cwd: exported.folder, encoding: 'utf8', stdio: 'pipe' })).toThrow(
      /grape: "gamay" is not one of the levels seen in training \(merlot, syrah, tempranillo\)/,
    );
  });
});
