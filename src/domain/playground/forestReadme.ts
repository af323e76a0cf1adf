/**
 * The part of an exported forest's README that says how to use it without Trainyard: the
 * dependency-free predict_forest.mjs shipped beside forest.json (from the command line or as a
 * module), and forest.json's format in a few lines, for anyone who would rather read it themselves.
 */
import type { ModelSummary } from './playgroundModel';

export const FOREST_SCRIPT_FILE = 'predict_forest.mjs';

/** A row of the input example (or zeros) in raw units, keyed by feature name, as JSON. */
function exampleRow(summary: Extract<ModelSummary, { input: 'features' }>): string {
  const example = summary.example[0] ?? summary.features.map(() => 0);
  const cells = summary.features.map((f, c) => {
    const value = example[c] ?? 0;
    return `${JSON.stringify(f.name)}: ${f.levels ? JSON.stringify(f.levels[value] ?? f.levels[0]) : String(value)}`;
  });
  return `{ ${cells.join(', ')} }`;
}

/** The README's usage and format sections for a forest in `file` (forest.json). */
export function forestReadmeLines(summary: ModelSummary, file: string): string[] {
  if (summary.input !== 'features') throw new RangeError('A random forest takes rows of features.');
  const classes = summary.output.kind === 'classes';
  const raw = summary.preprocessed;
  return [
    `\`${file}\` is the random forest (its format is below). \`MLmodel\` is MLflow's model description`,
    `(signature, input example). \`${FOREST_SCRIPT_FILE}\` predicts with the forest and needs nothing but`,
    'Node 18+ or a browser:',
    '',
    '```sh',
    `echo '[${exampleRow(summary)}]' > rows.json`,
    `node ${FOREST_SCRIPT_FILE} rows.json`,
    '```',
    '',
    raw
      ? 'Rows are in raw units, keyed by feature name (or lists in feature order); a text feature takes one of its levels. The script prepares them as training did, with `preprocessing.json`.'
      : 'Rows are the model\'s inputs, keyed by feature name or as lists in feature order.',
    classes ? 'It prints, per row, the most probable class and every class\'s probability.' : 'It prints one number per row.',
    '',
    'As a module (browser or Node):',
    '',
    '```js',
    `import { readForest, prepareRow, predict } from './${FOREST_SCRIPT_FILE}';`,
    '',
    `const forest = readForest(await (await fetch('${file}')).text()); // the URL where you serve these files`,
    ...(raw
      ? [
          "const pre = await (await fetch('preprocessing.json')).json();",
          `const [output] = predict(forest, [prepareRow(pre, ${exampleRow(summary)})]);`,
        ]
      : [`const [output] = predict(forest, [[${(summary.example[0] ?? summary.features.map(() => 0)).join(', ')}]]);`]),
    classes ? '// output: one probability per class, in the order of forest.classLabels' : '// output: the prediction',
    '```',
    '',
    `## ${file}`,
    '',
    'JSON: `format` ("trainyard-forest"), `version` (1), `task` ("regression" or "classification"),',
    '`features` (inputs per row), `outputs` (1, or the number of classes K), `featureNames`,',
    '`classLabels` (classification), `options` (how it was trained), `nodeCounts` (per tree) and `trees`.',
    'A prediction is the mean over the trees of the leaf each tree sends the row to: the leaf\'s value',
    '(regression) or class distribution (classification). Inputs are compared as float32.',
    '',
    'Each tree\'s nodes are in preorder: a split\'s left child is the next node, its right child the node',
    'after the left subtree; at a split on feature f with threshold t a row goes left when x[f] <= t.',
    'Its fields are base64 (little-endian numbers):',
    '',
    '- `shape`: one bit per node, most significant bit first: 1 for a split, 0 for a leaf;',
    '- `features`: each split\'s feature index, one byte (two, little-endian, past 256 features);',
    '- `thresholds`: each split\'s threshold, float32;',
    '- `values`: regression: each leaf\'s value, float32; classification: the class probabilities of',
    '  the leaves that hold two or more classes, leaf by leaf in class order, float32;',
    '- `classes` (classification): per leaf, ceil(K / 8) bytes of class bits (most significant bit',
    '  first); a leaf holding one class has probability 1 for it;',
    '- `importance`: the tree\'s impurity decrease per feature, float64 (for feature importances).',
    '',
  ];
}
