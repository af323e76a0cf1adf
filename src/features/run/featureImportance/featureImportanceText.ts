/**
 * The beginner explanation beside the feature importance chart: what the bars mean, what they
 * do not, and the formula (as the evaluation views and the metric glossary give one).
 */

export const FEATURE_IMPORTANCE_TEXT = {
  title: 'Feature importance',
  what:
    'How much each column helped the trees tell the rows apart. Every split on a column makes a tree’s guesses on its training rows less wrong; ' +
    'a column’s importance is its share of all that improvement, averaged over the trees. The importances of all the features add up to 100%.',
  notTitle: 'What it does not mean',
  not: [
    'Not cause and effect: a long bar says the model leaned on the column, not that changing it changes the result.',
    'It is measured on the training rows, so it can overrate columns with many different values (continuous measurements) and even pure noise.',
    'Two columns that move together share the credit: a column can look unimportant because a similar one took its place.',
    'It tells you what this model used, not what matters in the world.',
  ],
  formula:
    'share_t(f) = Σ over the splits of tree t on f of (rows at the split / rows of the tree) · (impurity before − weighted impurity after), ' +
    'divided by the same sum over all features; importance(f) = mean of share_t(f) over the trees ' +
    '(impurity: squared error for regression, Gini for classification)',
} as const;
