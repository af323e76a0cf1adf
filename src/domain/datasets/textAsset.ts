/**
 * The compact JSON form of a built-in labelled text corpus, as the build ships it (the Brown
 * corpus asset behind `virtual:brown-corpus`): the label names once, then one label index per
 * document, and the texts. Pure: the Vite plugin writes it in Node, the training worker reads it.
 */
import { DatasetError } from './dataset.types';
import type { TextDataset } from './dataset.types';

export interface TextDatasetAsset {
  /** Format marker, so a wrong or stale file is recognised. */
  format: 'trainyard-text-v1';
  name: string;
  /** Distinct labels, sorted by UTF-16 code unit. */
  labels: string[];
  /** `labels[y[i]]` is the label of `texts[i]`. */
  y: number[];
  texts: string[];
}

/** Encodes a TextDataset (any split column is dropped: built-in corpora are split by the recipe). */
export function toTextDatasetAsset(dataset: TextDataset): TextDatasetAsset {
  const labels = [...new Set(dataset.labels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(labels.map((label, i) => [label, i]));
  return {
    format: 'trainyard-text-v1',
    name: dataset.name,
    labels,
    y: dataset.labels.map((label) => index.get(label) as number),
    texts: dataset.texts,
  };
}

/** Decodes and checks an asset; throws DatasetError naming `fileName` when it is not one. */
export function fromTextDatasetAsset(value: unknown, fileName: string): TextDataset {
  const bad = (problem: string) => new DatasetError('BAD_FIELD_TYPE', { file: fileName, problem });
  if (typeof value !== 'object' || value === null) throw bad('the file is not a JSON object');
  const asset = value as Partial<TextDatasetAsset>;
  if (asset.format !== 'trainyard-text-v1') throw bad(`the format is ${JSON.stringify(asset.format)}, expected "trainyard-text-v1"`);
  const { labels, y, texts } = asset;
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) throw bad('"labels" must be a list of strings');
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string')) throw bad('"texts" must be a list of strings');
  if (!Array.isArray(y) || y.length !== texts.length) throw bad('"y" must have one label index per text');
  const named = y.map((k, i) => {
    const label = Number.isInteger(k) ? labels[k] : undefined;
    if (label === undefined) throw bad(`"y[${i}]" is ${JSON.stringify(k)}, not an index into "labels"`);
    return label;
  });
  return { name: typeof asset.name === 'string' ? asset.name : fileName, texts, labels: named };
}
