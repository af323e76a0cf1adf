/**
 * "Export model": a standalone zip someone can use without Trainyard: the TF.js files
 * (model.json + weights.bin, loadable with tf.loadLayersModel), MLmodel, the preprocessing files
 * the run logged, and a README with a short snippet that loads the model and prepares an input
 * exactly as training did.
 */
import { zipSync } from 'fflate';
import type { ModelSummary } from './playgroundModel';

export interface ExportFile {
  /** Path inside the zip. */
  path: string;
  bytes: Uint8Array;
}

/** Files the export takes from the model folder (required first) and from the run's root. */
export const MODEL_FILES = ['model.json', 'weights.bin'] as const;
export const OPTIONAL_MODEL_FILES = ['MLmodel', 'input_example.json'] as const;
export const PREPROCESSING_FILES = ['preprocessing.json', 'vocabulary.json', 'labels.json'] as const;

function featuresSnippet(summary: Extract<ModelSummary, { input: 'features' }>): string {
  const example = summary.example[0] ?? summary.features.map(() => 0);
  const row = summary.features.map((f, c) => `${JSON.stringify(f.name)}: ${example[c] ?? 0}`).join(', ');
  if (!summary.preprocessed) {
    return [
      "const model = await tf.loadLayersModel('model.json'); // the URL where you serve these files",
      `const row = [${example.join(', ')}]; // ${summary.features.length} numbers, in the signature's order`,
      'const output = model.predict(tf.tensor2d([row]));',
      'console.log(await output.data());',
    ].join('\n');
  }
  return [
    "const model = await tf.loadLayersModel('model.json'); // the URL where you serve these files",
    "const pre = await (await fetch('preprocessing.json')).json();",
    '',
    '// The same preprocessing as training: ln(1 + max(x, 0)) for the log1p_features, then',
    '// (x - mean) / std with the training split\'s statistics, in the order of pre.features.',
    'function prepare(row) {',
    '  return pre.features.map((name, i) => {',
    '    let x = row[name];',
    '    if ((pre.log1p_features ?? []).includes(name)) x = Math.log1p(Math.max(x, 0));',
    '    return (x - pre.mean[i]) / pre.std[i];',
    '  });',
    '}',
    '',
    `const row = { ${row} };`,
    'const output = model.predict(tf.tensor2d([prepare(row)]));',
    summary.output.kind === 'classes'
      ? 'const probabilities = await output.data(); // one per class, in the order of pre.labels'
      : 'const [prediction] = await output.data();',
  ].join('\n');
}

function textSnippet(): string {
  return [
    "const model = await tf.loadLayersModel('model.json'); // the URL where you serve these files",
    "const vocab = await (await fetch('vocabulary.json')).json();",
    "const { labels } = await (await fetch('labels.json')).json();",
    'const column = new Map(vocab.words.map((word, i) => [word, i + 1])); // column 0 is reserved',
    '',
    '// Keras Tokenizer conventions: lower-cased runs of letters and digits.',
    'function vectorize(text) {',
    '  const counts = new Map();',
    "  for (const word of text.toLowerCase().match(/[\\p{L}\\p{M}\\p{N}]+(?:['’][\\p{L}\\p{M}\\p{N}]+)*/gu) ?? []) {",
    "    const j = column.get(word.replaceAll('’', \"'\"));",
    '    if (j !== undefined && j < vocab.width) counts.set(j, (counts.get(j) ?? 0) + 1);',
    '  }',
    '  const x = new Float32Array(vocab.width);',
    '  const total = [...counts.values()].reduce((a, b) => a + b, 0);',
    '  for (const [j, c] of counts) {',
    "    x[j] = vocab.mode === 'binary' ? 1 : vocab.mode === 'count' ? c : vocab.mode === 'freq' ? c / total : (1 + Math.log(c)) * vocab.idf[j];",
    '  }',
    '  return x;',
    '}',
    '',
    "const probabilities = await model.predict(tf.tensor2d(vectorize('your text here'), [1, vocab.width])).data();",
    'const best = probabilities.indexOf(Math.max(...probabilities));',
    'console.log(labels[best], probabilities[best]);',
  ].join('\n');
}

/** README.md of the export: what the files are and how to use them with TF.js. */
export function exportReadme(options: { uri: string; runId: string; summary: ModelSummary; files: readonly string[] }): string {
  const { summary } = options;
  const inputs =
    summary.input === 'text'
      ? 'a text (bag-of-words over the run\'s vocabulary)'
      : `${summary.features.length} numeric features: ${summary.features.map((f) => f.name).join(', ')}`;
  const outputs =
    summary.output.kind === 'classes'
      ? `class probabilities for ${summary.output.labels.join(', ')}`
      : summary.output.kind === 'value'
        ? 'one number'
        : `${summary.output.width} numbers`;
  return [
    '# Exported model',
    '',
    `Exported from Trainyard: \`${options.uri}\` (run \`${options.runId}\`).`,
    '',
    `- Input: ${inputs}.`,
    `- Output: ${outputs}.`,
    '',
    '## Files',
    '',
    ...options.files.map((file) => `- \`${file}\``),
    '',
    '`model.json` and `weights.bin` are a TensorFlow.js layers model. `MLmodel` is MLflow\'s model',
    'description (signature, input example). Serve the folder over HTTP (or load from memory) and:',
    '',
    '```js',
    "import * as tf from '@tensorflow/tfjs';",
    '',
    summary.input === 'text' ? textSnippet() : featuresSnippet(summary),
    '```',
    '',
  ].join('\n');
}

/** The zip's bytes: every file at the root, deflated. */
export function modelZip(files: readonly ExportFile[]): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const file of files) {
    if (file.path in entries) throw new Error(`The export has two files named ${file.path}.`);
    entries[file.path] = file.bytes;
  }
  return zipSync(entries, { level: 6 });
}
