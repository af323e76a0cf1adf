/**
 * predict_forest.mjs: predictions from a Trainyard random forest (forest.json), with no
 * dependencies. Runs in Node 18+ and in any modern browser. Exported next to forest.json by
 * Trainyard's "Export model"; the README beside it describes the files.
 *
 * Command line, in the folder of the exported files:
 *
 *   node predict_forest.mjs rows.json
 *
 * rows.json is a list of rows in raw units: objects keyed by feature name ({"alcohol": 9.4, ...})
 * or lists of values in the order of preprocessing.json's "features"; a text (categorical) feature
 * takes one of its levels. Without a preprocessing.json, rows are the model's inputs as they are.
 * It prints one prediction per row as JSON: a number (regression) or
 * {"label": ..., "probabilities": {label: p, ...}} (classification).
 *
 * As a module:
 *
 *   import { readForest, prepareRow, predict } from './predict_forest.mjs';
 *   const forest = readForest(await (await fetch('forest.json')).text());
 *   const pre = await (await fetch('preprocessing.json')).json();
 *   const [output] = predict(forest, [prepareRow(pre, { alcohol: 9.4, ... })]);
 *
 * The model is the mean of its trees: a row goes down each tree (at a split on feature f with
 * threshold t it goes left when x[f] <= t, comparing in float32) to a leaf, whose value (regression)
 * or class distribution (classification) is added up; the sum is divided by the number of trees.
 * Trainyard gives the same numbers (a classifier's probabilities rounded to float32, as its
 * evaluation rounds them).
 */

const FORMAT = 'trainyard-forest';
const VERSION = 1;

function fail(field, message) {
  throw new Error(`forest.json: ${field}: ${message}`);
}

/** Standard base64 to bytes. */
function base64Bytes(text, field) {
  if (typeof text !== 'string') fail(field, 'expected a base64 string');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const body = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let bits = 0;
  let buffer = 0;
  let o = 0;
  for (const ch of body) {
    const v = alphabet.indexOf(ch);
    if (v < 0) fail(field, `invalid base64 character ${JSON.stringify(ch)}`);
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 255;
    }
  }
  return out;
}

/** Little-endian float32 (width 4) or float64 (width 8) values of base64 text. */
function floats(text, field, width) {
  const bytes = base64Bytes(text, field);
  if (bytes.length % width !== 0) fail(field, `${bytes.length} bytes is not a whole number of ${width}-byte values`);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(bytes.length / width);
  for (let i = 0; i < out.length; i++) out[i] = width === 4 ? view.getFloat32(i * width, true) : view.getFloat64(i * width, true);
  return out;
}

/**
 * One tree from its file form. Nodes are in preorder: `shape` has a bit per node (1 = split,
 * 0 = leaf, most significant bit first); a split's left child is the next node, its right child
 * the node after the left subtree. `features` has a byte per split (two, little-endian, when the
 * model has more than 256 features), `thresholds` a float32 per split. Regression: `values` has
 * a float32 per leaf. Classification: `classes` has a bit mask per leaf (ceil(K / 8) bytes) of
 * the classes it holds; a one-class leaf has probability 1 for it, and `values` lists, leaf by
 * leaf, the probabilities of the leaves holding several classes, in class order.
 */
function readTree(tree, t, header) {
  const { nodeCount, features, outputs } = header;
  const at = `trees[${t}]`;
  const shape = base64Bytes(tree.shape, `${at}.shape`);
  const featureBytes = base64Bytes(tree.features, `${at}.features`);
  const thresholds = floats(tree.thresholds, `${at}.thresholds`, 4);
  const values = floats(tree.values, `${at}.values`, 4);
  const wide = features > 256;
  const feature = new Int32Array(nodeCount);
  const threshold = new Float64Array(nodeCount);
  const left = new Int32Array(nodeCount).fill(-1);
  const right = new Int32Array(nodeCount).fill(-1);
  const leaf = new Int32Array(nodeCount).fill(-1);
  const pending = [];
  let splits = 0;
  let leaves = 0;
  for (let i = 0; i < nodeCount; i++) {
    if (i > 0) {
      if (feature[i - 1] >= 0) left[i - 1] = i;
      else if (pending.length > 0) right[pending.pop()] = i;
      else fail(`${at}.shape`, 'the tree ends before its last node');
    }
    if (shape[i >> 3] & (0x80 >> (i & 7))) {
      const s = splits++;
      const f = wide ? featureBytes[2 * s] | (featureBytes[2 * s + 1] << 8) : featureBytes[s];
      if (f === undefined || f >= features) fail(`${at}.features`, `split ${s} has no valid feature`);
      if (s >= thresholds.length) fail(`${at}.thresholds`, `split ${s} has no threshold`);
      feature[i] = f;
      threshold[i] = thresholds[s];
      pending.push(i);
    } else {
      feature[i] = -1;
      leaf[i] = leaves++;
    }
  }
  if (pending.length > 0) fail(`${at}.shape`, 'some splits lack a right subtree');
  const out = new Float64Array(leaves * outputs);
  if (outputs === 1) {
    if (values.length !== leaves) fail(`${at}.values`, `${values.length} values for ${leaves} leaves`);
    out.set(values);
  } else {
    const masks = base64Bytes(tree.classes, `${at}.classes`);
    const stride = Math.ceil(outputs / 8);
    if (masks.length !== leaves * stride) fail(`${at}.classes`, `${masks.length} bytes for ${leaves} leaves`);
    let next = 0;
    for (let l = 0; l < leaves; l++) {
      const held = [];
      for (let k = 0; k < outputs; k++) if (masks[l * stride + (k >> 3)] & (0x80 >> (k & 7))) held.push(k);
      if (held.length === 0) fail(`${at}.classes`, `leaf ${l} holds no class`);
      for (const k of held) out[l * outputs + k] = held.length === 1 ? 1 : values[next++];
    }
    if (next !== values.length) fail(`${at}.values`, `${values.length} values where the masks call for ${next}`);
  }
  return { feature, threshold, left, right, leaf, values: out };
}

/** The forest of forest.json's text: { task, features, outputs, featureNames, classLabels, trees }. */
export function readForest(text) {
  const doc = JSON.parse(text);
  if (doc.format !== FORMAT) fail('format', `expected "${FORMAT}"`);
  if (doc.version !== VERSION) fail('version', `this script reads version ${VERSION}`);
  const { task, features, outputs } = doc;
  if (!Array.isArray(doc.trees) || doc.trees.length === 0) fail('trees', 'expected a list of trees');
  const trees = doc.trees.map((tree, t) => {
    const nodeCount = doc.nodeCounts?.[t];
    if (!Number.isInteger(nodeCount) || nodeCount < 1) fail(`nodeCounts[${t}]`, 'expected the number of nodes of the tree');
    return readTree(tree, t, { nodeCount, features, outputs });
  });
  return { task, features, outputs, featureNames: doc.featureNames, classLabels: doc.classLabels ?? null, trees };
}

/**
 * A raw row as the model's input, prepared as training prepared it (preprocessing.json): a text
 * feature becomes the index of its level in feature_levels, a log1p feature becomes
 * ln(1 + max(x, 0)), then every feature is standardised, (x - mean) / std.
 */
export function prepareRow(pre, row) {
  return pre.features.map((name, i) => {
    let x = Array.isArray(row) ? row[i] : row[name];
    const levels = pre.feature_levels?.[name];
    if (levels && typeof x === 'string') {
      const code = levels.indexOf(x.trim());
      if (code < 0) throw new Error(`${name}: ${JSON.stringify(x)} is not one of the levels seen in training (${levels.join(', ')})`);
      x = code;
    }
    x = typeof x === 'string' ? Number(x.trim()) : x;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${name}: expected a number, got ${JSON.stringify(x)}`);
    if ((pre.log1p_features ?? []).includes(name)) x = Math.log1p(Math.max(x, 0));
    return (x - pre.mean[i]) / pre.std[i];
  });
}

/**
 * Predictions for model inputs (one list of `forest.features` numbers per row): per row a number
 * (regression) or a list of class probabilities in the order of forest.classLabels.
 */
export function predict(forest, inputs) {
  const { features, outputs, trees } = forest;
  return inputs.map((input, r) => {
    if (input.length !== features) throw new Error(`row ${r + 1}: ${input.length} values, the model takes ${features}`);
    // Thresholds are float32 values, and training compared float32 inputs with them.
    const x = input.map((v) => Math.fround(v));
    const sum = new Float64Array(outputs);
    for (const tree of trees) {
      let node = 0;
      while (tree.feature[node] >= 0) node = x[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      const at = tree.leaf[node] * outputs;
      for (let k = 0; k < outputs; k++) sum[k] += tree.values[at + k];
    }
    const mean = Array.from(sum, (s) => s / trees.length);
    return outputs === 1 ? mean[0] : mean;
  });
}

/** A classifier's output as { label, probabilities by label }; a regression's number as it is. */
export function labelled(forest, output, labels = forest.classLabels) {
  if (typeof output === 'number') return output;
  let best = 0;
  output.forEach((p, k) => {
    if (p > output[best]) best = k;
  });
  return { label: labels[best], probabilities: Object.fromEntries(output.map((p, k) => [labels[k], p])) };
}

async function main(argv) {
  const { readFile } = await import('node:fs/promises');
  const here = new URL('.', import.meta.url);
  if (argv.length !== 1) {
    console.error('usage: node predict_forest.mjs rows.json');
    process.exit(2);
  }
  const forest = readForest(await readFile(new URL('forest.json', here), 'utf8'));
  const pre = await readFile(new URL('preprocessing.json', here), 'utf8').then(JSON.parse, () => null);
  const rows = JSON.parse(await readFile(argv[0], 'utf8'));
  // Without preprocessing.json a row is the model's input as it is: a list, or values keyed by forest.json's featureNames.
  const inputs = rows.map((row) => (pre ? prepareRow(pre, row) : Array.isArray(row) ? row : forest.featureNames.map((name) => row[name])));
  const labels = pre?.labels ?? forest.classLabels;
  console.log(JSON.stringify(predict(forest, inputs).map((output) => labelled(forest, output, labels))));
}

if (typeof process !== 'undefined' && process.argv?.[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
