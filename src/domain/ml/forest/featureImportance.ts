/**
 * Impurity-based feature importances ("mean decrease in impurity"), as scikit-learn's
 * `feature_importances_`. A tree's importance of a feature is the weighted impurity decrease of
 * its splits on that feature, normalised to sum 1 over features. The forest's is the mean over
 * the trees that split at all (scikit-learn 1.2 leaves single-leaf trees out), renormalised to
 * sum 1; all zeros when no tree split.
 *
 * They describe what the model used on its training data, not what matters in the world:
 * correlated features share credit, and features with many distinct values are favoured.
 */
import type { Forest, ForestTree } from './forest.types';

/** One tree's importances, summing to 1, or all zeros when the tree has no split (or no decrease). */
export function treeFeatureImportances(tree: ForestTree): Float64Array {
  const out = Float64Array.from(tree.importance);
  let total = 0;
  for (let f = 0; f < out.length; f++) total += out[f] as number;
  if (total > 0) for (let f = 0; f < out.length; f++) out[f] = (out[f] as number) / total;
  return out;
}

/** The forest's importances, one per feature, summing to 1 (or all zeros when no tree split). */
export function featureImportances(forest: Forest): Float64Array {
  const out = new Float64Array(forest.features);
  let used = 0;
  for (const tree of forest.trees) {
    if (tree.nodeCount <= 1) continue;
    const one = treeFeatureImportances(tree);
    for (let f = 0; f < out.length; f++) out[f] = (out[f] as number) + (one[f] as number);
    used++;
  }
  if (used === 0) return out;
  let total = 0;
  for (let f = 0; f < out.length; f++) {
    out[f] = (out[f] as number) / used;
    total += out[f] as number;
  }
  if (total > 0) for (let f = 0; f < out.length; f++) out[f] = (out[f] as number) / total;
  return out;
}
