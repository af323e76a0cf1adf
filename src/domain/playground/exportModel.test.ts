import { unzipSync, strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportModelFiles, exportReadme, modelZip } from './exportModel';
import type { RunId } from '../ids';
import type { ModelSummary } from './playgroundModel';

const iris: ModelSummary = {
  input: 'features',
  features: ['sepal_length', 'sepal_width'].map((name) => ({ name, min: null, max: null })),
  output: { kind: 'classes', labels: ['setosa', 'virginica'] },
  example: [[5.1, 3.5]],
  preprocessed: true,
};

describe('exportReadme', () => {
  it('should describe the files and give a TF.js snippet with the preprocessing and an example row', () => {
    const readme = exportReadme({ uri: 'runs:/abc/model', runId: 'abc', summary: iris, files: ['model.json', 'weights.bin', 'preprocessing.json'] });
    expect(readme).toContain('`runs:/abc/model`');
    expect(readme).toContain('- `weights.bin`');
    expect(readme).toContain("tf.loadLayersModel('model.json')");
    expect(readme).toContain('Math.log1p(Math.max(x, 0))');
    expect(readme).toContain('if (pre.feature_levels?.[name]) x = pre.feature_levels[name].indexOf(x);');
    expect(readme).toContain('const row = { "sepal_length": 5.1, "sepal_width": 3.5 };');
    expect(readme).toContain('class probabilities for setosa, virginica');
  });

  it('should give the tokenizer snippet for a text model', () => {
    const readme = exportReadme({ uri: 'models:/news@champion', runId: 'abc', summary: { input: 'text', output: { kind: 'classes', labels: ['a'] }, example: [] }, files: [] });
    expect(readme).toContain("fetch('vocabulary.json')");
    expect(readme).toContain('toLowerCase()');
  });
});

describe('exportReadme for a random forest', () => {
  it('should name the forest, point to predict_forest.mjs with an example row and describe forest.json', () => {
    const summary: ModelSummary = {
      ...iris,
      features: [{ name: 'alcohol', min: null, max: null }, { name: 'grape', min: null, max: null, levels: ['merlot', 'syrah'] }],
      example: [[9.5, 1]],
    };
    const readme = exportReadme({
      uri: 'runs:/abc/model',
      runId: 'abc',
      summary,
      files: ['forest.json'],
      format: { flavor: 'trainyard_forest', file: 'forest.json', task: 'classification', trees: 120, nEstimators: 200 },
    });
    expect(readme).toContain('- Model: Random forest classifier, 120 of 200 trees (training was stopped).');
    expect(readme).toContain('- Input: 2 features: alcohol, grape (text: one of its levels).');
    expect(readme).toContain(`echo '[{ "alcohol": 9.5, "grape": "syrah" }]' > rows.json`);
    expect(readme).toContain("const [output] = predict(forest, [prepareRow(pre, { \"alcohol\": 9.5, \"grape\": \"syrah\" })]);");
    expect(readme).toContain('## forest.json');
    expect(readme).not.toContain('tf.loadLayersModel');
  });
});

describe('exportModelFiles', () => {
  const runId = 'a'.repeat(32) as RunId;
  const stored: Record<string, string> = {
    'model/model.json': '{}',
    'model/weights.bin': 'w',
    'model/MLmodel': 'flavors: {}',
    'preprocessing.json': '{}',
    'model/forest.json': '{}',
    'metrics.json': '{}',
  };
  const read = async (path: string) => (path in stored ? strToU8(stored[path] as string) : null);

  it('should take a TF.js model\'s files, the preprocessing from the run\'s root, and no script', async () => {
    const files = await exportModelFiles({ uri: 'runs:/a/model', location: { runId, artifactPath: 'model' }, summary: iris, format: { flavor: 'tfjs' }, read, forestScript: 'x' });
    expect(files.map((f) => f.path)).toEqual(['model.json', 'weights.bin', 'MLmodel', 'preprocessing.json', 'README.md']);
  });

  it('should take a forest\'s file as its flavor names it, and add the script', async () => {
    const format = { flavor: 'trainyard_forest', file: 'forest.json', task: 'regression', trees: 3, nEstimators: 3 } as const;
    const files = await exportModelFiles({ uri: 'runs:/a/model', location: { runId, artifactPath: 'model' }, summary: iris, format, read, forestScript: '// script' });
    expect(files.map((f) => f.path)).toEqual(['forest.json', 'MLmodel', 'preprocessing.json', 'predict_forest.mjs', 'README.md']);
    expect(strFromU8(files[3]?.bytes as Uint8Array)).toBe('// script');
    await expect(
      exportModelFiles({ uri: 'runs:/a/m', location: { runId, artifactPath: 'm' }, summary: iris, format, read, forestScript: '' }),
    ).rejects.toThrow(`The model's m/forest.json is missing from run ${runId}.`);
  });
});

describe('modelZip', () => {
  it('should zip the files at the root and refuse duplicates', () => {
    const zip = modelZip([
      { path: 'model.json', bytes: strToU8('{}') },
      { path: 'README.md', bytes: strToU8('# hi') },
    ]);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['README.md', 'model.json']);
    expect(strFromU8(files['README.md'] as Uint8Array)).toBe('# hi');
    expect(() => modelZip([{ path: 'a', bytes: new Uint8Array() }, { path: 'a', bytes: new Uint8Array() }])).toThrow('two files named a');
  });
});
