import { unzipSync, strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportReadme, modelZip } from './exportModel';
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
    expect(readme).toContain('const row = { "sepal_length": 5.1, "sepal_width": 3.5 };');
    expect(readme).toContain('class probabilities for setosa, virginica');
  });

  it('should give the tokenizer snippet for a text model', () => {
    const readme = exportReadme({ uri: 'models:/news@champion', runId: 'abc', summary: { input: 'text', output: { kind: 'classes', labels: ['a'] }, example: [] }, files: [] });
    expect(readme).toContain("fetch('vocabulary.json')");
    expect(readme).toContain('toLowerCase()');
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
