/**
 * "Export model": a standalone zip someone can use without Trainyard: the model's files (a TF.js
 * layers model's model.json + weights.bin, loadable with tf.loadLayersModel, or a random forest's
 * forest.json with predict_forest.mjs, a dependency-free script that predicts with it), MLmodel,
 * the input example and the preprocessing files the run logged, and a README with a short snippet
 * that loads the model and prepares an input exactly as training did.
 */
import { zipSync } from 'fflate';
import { TrackingError } from '../errors';
import type { RunId } from '../ids';
import { FOREST_SCRIPT_FILE, forestReadmeLines } from './forestReadme';
import { forestText, type ModelFormat } from './modelFormat';
import type { ModelSummary } from './playgroundModel';

export { FOREST_SCRIPT_FILE };

export interface ExportFile {
  /** Path inside the zip. */
  path: string;
  bytes: Uint8Array;
}

/** Files the export takes from the model folder (required first) and from the run's root. */
export const MODEL_FILES = ['model.json', 'weights.bin'] as const;
export const OPTIONAL_MODEL_FILES = ['MLmodel', 'input_example.json'] as const;
export const PREPROCESSING_FILES = ['preprocessing.json', 'vocabulary.json', 'labels.json'] as const;

/** The files that are the model itself, for its format. */
export function requiredModelFiles(format: ModelFormat): readonly string[] {
  return format.flavor === 'trainyard_forest' ? [format.file] : MODEL_FILES;
}

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
    '    if (pre.feature_levels?.[name]) x = pre.feature_levels[name].indexOf(x); // a text feature: its level\'s index',
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

/** README.md of the export: what the model and files are, and how to use them. */
export function exportReadme(options: { uri: string; runId: string; summary: ModelSummary; files: readonly string[]; format?: ModelFormat }): string {
  const { summary } = options;
  const format = options.format ?? { flavor: 'tfjs' };
  const inputs =
    summary.input === 'text'
      ? 'a text (bag-of-words over the run\'s vocabulary)'
      : summary.features.some((f) => f.levels)
        ? `${summary.features.length} features: ${summary.features.map((f) => (f.levels ? `${f.name} (text: one of its levels)` : f.name)).join(', ')}`
        : `${summary.features.length} numeric features: ${summary.features.map((f) => f.name).join(', ')}`;
  const outputs =
    summary.output.kind === 'classes'
      ? `class probabilities for ${summary.output.labels.join(', ')}`
      : summary.output.kind === 'value'
        ? 'one number'
        : `${summary.output.width} numbers`;
  const usage =
    format.flavor === 'trainyard_forest'
      ? forestReadmeLines(summary, format.file)
      : [
          '`model.json` and `weights.bin` are a TensorFlow.js layers model. `MLmodel` is MLflow\'s model',
          'description (signature, input example). Serve the folder over HTTP (or load from memory) and:',
          '',
          '```js',
          "import * as tf from '@tensorflow/tfjs';",
          '',
          summary.input === 'text' ? textSnippet() : featuresSnippet(summary),
          '```',
          '',
        ];
  return [
    '# Exported model',
    '',
    `Exported from Trainyard: \`${options.uri}\` (run \`${options.runId}\`).`,
    '',
    `- Model: ${format.flavor === 'trainyard_forest' ? forestText(format) : 'a TensorFlow.js layers model'}.`,
    `- Input: ${inputs}.`,
    `- Output: ${outputs}.`,
    '',
    '## Files',
    '',
    ...options.files.map((file) => `- \`${file}\``),
    '',
    ...usage,
  ].join('\n');
}

/**
 * Every file of the export, README last: the model's files and MLmodel and input example from its
 * folder, the preprocessing files from the folder or else the run's root (where the recipes log
 * them), and for a forest the script that predicts with it. `read` gives a run artifact's bytes, or
 * null when there is none; a missing model file is a RESOURCE_DOES_NOT_EXIST error.
 */
export async function exportModelFiles(options: {
  uri: string;
  location: { runId: RunId; artifactPath: string };
  summary: ModelSummary;
  format: ModelFormat;
  read: (path: string) => Promise<Uint8Array | null>;
  /** predict_forest.mjs's text (shipped with the app), for a forest. */
  forestScript: string;
}): Promise<ExportFile[]> {
  const { location, format, read } = options;
  const { runId, artifactPath } = location;
  const inFolder = (file: string) => (artifactPath ? `${artifactPath}/${file}` : file);
  const required = requiredModelFiles(format);
  const files: ExportFile[] = [];
  for (const file of [...required, ...OPTIONAL_MODEL_FILES]) {
    const bytes = await read(inFolder(file));
    if (bytes) files.push({ path: file, bytes });
    else if (required.includes(file)) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `The model's ${inFolder(file)} is missing from run ${runId}.`);
  }
  for (const file of PREPROCESSING_FILES) {
    const bytes = (await read(inFolder(file))) ?? (artifactPath ? await read(file) : null);
    if (bytes) files.push({ path: file, bytes });
  }
  if (format.flavor === 'trainyard_forest') files.push({ path: FOREST_SCRIPT_FILE, bytes: new TextEncoder().encode(options.forestScript) });
  const readme = exportReadme({ uri: options.uri, runId, summary: options.summary, format, files: [...files.map((f) => f.path), 'README.md'] });
  files.push({ path: 'README.md', bytes: new TextEncoder().encode(readme) });
  return files;
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
