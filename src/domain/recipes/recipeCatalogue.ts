/**
 * The built-in recipes: one declarative table (in the spirit of tensorflow/playground's PROPS
 * table). The Train page renders a form from it, `validateParams` checks submissions against it,
 * and every run records the recipe name, entry point and full params so "Re-run" reproduces it.
 */
import { TrackingError } from '../errors';
import { closestName, quoteName } from './closestName';
import type { EntryPoint, NumericParamSpec, ParamSpec, Params, Recipe, StringParamSpec } from './recipe.types';

/** Dataset references that need no import. Other values of a `dataset` param are imported dataset ids. */
export const BUILTIN_DATASETS = {
  brown: 'builtin:brown',
  wineRed: 'builtin:wine-red',
  wineWhite: 'builtin:wine-white',
} as const;

/** Hidden-layer limits shared by the `hidden_layers` pattern, its hint and `parseHiddenLayers`. */
export const HIDDEN_LAYER_LIMITS = { maxLayers: 4, minUnits: 1, maxUnits: 1024 } as const;

export const HIDDEN_LAYERS_HINT =
  `1 to ${HIDDEN_LAYER_LIMITS.maxLayers} comma-separated layer sizes from ` +
  `${HIDDEN_LAYER_LIMITS.minUnits} to ${HIDDEN_LAYER_LIMITS.maxUnits}, like 64,64`;

function hiddenLayers(value: string): StringParamSpec {
  return {
    type: 'string',
    name: 'hidden_layers',
    default: value,
    pattern: `^\\s*\\d+\\s*(,\\s*\\d+\\s*){0,${HIDDEN_LAYER_LIMITS.maxLayers - 1}}$`,
    patternHint: HIDDEN_LAYERS_HINT,
    format: 'hidden-layers',
    help: 'Sizes of the hidden layers between input and output, e.g. "64,64" is two layers of 64 neurons. More or bigger layers can learn more complex patterns but train slower and overfit more easily.',
  };
}

function epochs(value: number, max: number): NumericParamSpec {
  return {
    type: 'int', name: 'epochs', default: value, min: 1, max,
    help: 'How many times training passes over the whole training set. More epochs fit the training data better, but too many can overfit.',
  };
}

function batchSize(value: number): NumericParamSpec {
  return {
    type: 'int', name: 'batch_size', default: value, min: 1, max: 4096,
    help: 'How many examples the model looks at before each weight update. Small batches are noisier but often generalise better; large batches are faster per epoch.',
  };
}

function learningRate(value: number, max = 1): NumericParamSpec {
  return {
    type: 'float', name: 'learning_rate', default: value, min: 1e-6, max,
    help: 'How big a step the optimizer takes on each update. Too high and the loss jumps around or explodes; too low and training crawls.',
  };
}

function validationSplit(
  value: number,
  help = 'Fraction of the training data held back each epoch to measure val_loss, so you can see overfitting as it happens. 0 turns it off.',
): NumericParamSpec {
  return { type: 'float', name: 'validation_split', default: value, min: 0, max: 0.5, help };
}

function testFraction(value: number, help = 'Fraction of the data kept aside and never trained on; the final test metrics are measured on it.'): NumericParamSpec {
  return { type: 'float', name: 'test_fraction', default: value, min: 0.05, max: 0.5, help };
}

const SEED: NumericParamSpec = {
  type: 'int', name: 'seed', default: 42, min: 0, max: 2_147_483_647,
  help: 'Starting point for all randomness (data split, shuffling, initial weights). The same seed and params on the same backend reproduce the same metrics.',
};

/**
 * A random forest's params, scikit-learn's names (MLflow's H2O wine example calls n_estimators
 * `ntrees`); max_depth 0 is scikit-learn's None (no limit).
 */
function forestParams(): ParamSpec[] {
  return [
    { type: 'int', name: 'n_estimators', default: 100, min: 1, max: 1000,
      help: 'Number of trees (the H2O example\'s ntrees). Each tree learns from a different random sample of the rows and the forest averages their answers: more trees give steadier predictions, up to a point, and take longer to train.' },
    { type: 'int', name: 'max_depth', default: 0, min: 0, max: 100,
      help: 'How many questions deep a tree may grow. 0 means no limit (trees grow until their leaves are pure or small). Shallow trees are simpler and may underfit.' },
    { type: 'int', name: 'min_samples_leaf', default: 1, min: 1, max: 1000,
      help: 'The fewest training rows a leaf may hold. Larger values make smoother, simpler trees that memorise less.' },
    { type: 'choice', name: 'max_features', default: 'auto', choices: ['auto', '1.0', 'sqrt', 'log2', '0.5', '0.33'],
      help: 'How many columns each split may choose from, drawn at random per split: 1.0 all of them, sqrt or log2 of their number, or a fraction. auto is scikit-learn\'s default: all columns for regression, sqrt for classification. Fewer columns make the trees more different from each other.' },
  ];
}

/** A forest's seed: no weights and no TF.js backend, but random row samples and columns per split. */
const FOREST_SEED: NumericParamSpec = {
  ...SEED,
  help: 'Starting point for all randomness (the data split, the rows each tree samples, the columns each split tries). The same seed and params grow the same forest, on any device.',
};

function dataset(defaultValue: string, builtins: readonly string[], help: string): StringParamSpec {
  return { type: 'string', name: 'dataset', default: defaultValue, format: 'dataset', builtins, help };
}

const textClassifier: Recipe = {
  name: 'text_classifier',
  title: 'Text classifier (Reuters-style MLP)',
  description:
    'Learns to sort documents into categories from the words they contain. Each document becomes a list of which of the most common words it uses (a "bag of words"), and a small neural network learns which words point to which category. The configuration is the classic Keras Reuters newswire example. Accuracy on the test set tells you how often it picks the right category.',
  task: 'classification',
  entryPoints: [{
    name: 'mlp',
    title: 'Bag-of-words MLP',
    description: 'Dense(hidden_units, relu) → Dropout → Dense(classes, softmax), trained with Adam.',
    params: [
      dataset(BUILTIN_DATASETS.brown, [BUILTIN_DATASETS.brown],
        'Labelled text to learn from: builtin:brown (the Brown corpus: 12,884 paragraphs from its 500 samples, labelled with their 15 genres, shipped with the app) or the id of a text dataset you imported (text and label columns, optional train/test split column).'),
      { type: 'int', name: 'max_words', default: 1000, min: 100, max: 20_000,
        help: 'Vocabulary size: only the max_words most frequent words in the training documents are used as features (each document becomes max_words + 1 numbers: column 0 is reserved, as in Keras). Bigger vocabularies see rarer words but make the model larger and slower.' },
      { type: 'choice', name: 'mode', default: 'binary', choices: ['binary', 'count', 'tfidf'],
        help: 'How a document becomes numbers: binary (1 if the word appears), count (how many times it appears) or tfidf (counts weighted down for words that appear in most documents).' },
      { type: 'int', name: 'hidden_units', default: 512, min: 1, max: 4096,
        help: 'Number of neurons in the hidden layer. More neurons can capture more word combinations but train slower.' },
      { type: 'float', name: 'dropout', default: 0.5, min: 0, max: 0.95,
        help: 'Fraction of hidden neurons randomly switched off at each training step, which stops the network from memorising the training documents. 0 disables it.' },
      epochs(5, 200),
      batchSize(32),
      learningRate(0.001),
      validationSplit(0.1),
      testFraction(0.2, 'Fraction of documents kept aside for the final test metrics. Used only when the dataset has no split column (a split column decides train/test itself).'),
      SEED,
    ],
  }],
};

const wineQuality: Recipe = {
  name: 'wine_quality',
  title: 'Wine quality regressor',
  description:
    'Predicts the quality score experts gave a wine (0–10) from 11 lab measurements such as acidity, sugar and alcohol (UCI Wine Quality data). This is regression: the model outputs a number, and RMSE tells you how many quality points it is off by on average. Compare it with the baseline of always guessing the average quality.',
  task: 'regression',
  entryPoints: [
    {
      name: 'mlp',
      title: 'Neural network (MLP)',
      description: 'Standardized features → hidden ReLU layers → one linear output, trained with Adam on mean squared error.',
      params: [
        dataset(BUILTIN_DATASETS.wineRed, [BUILTIN_DATASETS.wineRed, BUILTIN_DATASETS.wineWhite],
          'Which wines: builtin:wine-red (1,599 wines), builtin:wine-white (4,898 wines), or the id of a wine-quality CSV you imported.'),
        hiddenLayers('64,64'),
        epochs(60, 2000),
        batchSize(32),
        learningRate(0.001),
        { type: 'int', name: 'swa_start_epoch', default: 20, min: 0, max: 2000, atMostParam: 'epochs',
          help: 'Stochastic weight averaging: from this epoch to the last, the weights at the end of each epoch are averaged, and that average is the final model. It smooths out the noise of the last epochs and usually predicts better than the last or the best single epoch. 0 turns it off (then a validation split keeps the best epoch instead).' },
        { type: 'choice', name: 'feature_transform', default: 'log1p', choices: ['log1p', 'none'],
          help: 'log1p replaces each feature that is never negative by ln(1 + x) before standardizing, which tames long tails such as sugar or sulphur dioxide; none standardizes the raw values.' },
        validationSplit(0, 'Fraction of the training data held back each epoch to measure val_loss, so you can see overfitting as it happens. 0 (the default) trains on all of it, which predicts better on a dataset this small; with weight averaging off, a validation split also keeps the best epoch\'s weights.'),
        testFraction(0.25),
        SEED,
      ],
    },
    {
      name: 'elasticnet',
      title: 'Linear model (ElasticNet)',
      description: 'A straight-line model with L1 + L2 penalties, as in MLflow\'s scikit-learn wine example, trained by gradient descent.',
      params: [
        dataset(BUILTIN_DATASETS.wineRed, [BUILTIN_DATASETS.wineRed, BUILTIN_DATASETS.wineWhite],
          'Which wines: builtin:wine-red, builtin:wine-white, or the id of a wine-quality CSV you imported.'),
        { type: 'float', name: 'alpha', default: 0.5, min: 0, max: 10,
          help: 'Overall strength of the penalty that keeps weights small. 0 is plain linear regression; larger values give simpler models that may underfit.' },
        { type: 'float', name: 'l1_ratio', default: 0.5, min: 0, max: 1,
          help: 'Mix of the two penalties: 1 is pure L1 (lasso, pushes unhelpful features to exactly zero), 0 is pure L2 (ridge, shrinks all weights evenly).' },
        epochs(300, 5000),
        learningRate(0.01),
        batchSize(64),
        testFraction(0.25),
        SEED,
      ],
    },
    {
      name: 'sgd',
      title: 'Network for tuning (SGD, MLflow\'s hyperparameter example)',
      description:
        'MLflow\'s hyperparameter example: one hidden layer of 64 neurons trained with SGD with momentum on a 56/19/25 train/validation/test split. Made for a search over learning_rate and momentum by validation RMSE; logs train, validation and test RMSE.',
      params: [
        dataset(BUILTIN_DATASETS.wineRed, [BUILTIN_DATASETS.wineRed, BUILTIN_DATASETS.wineWhite],
          'Which wines: builtin:wine-red, builtin:wine-white, or the id of a wine-quality CSV you imported.'),
        epochs(32, 2000),
        batchSize(64),
        learningRate(0.01),
        { type: 'float', name: 'momentum', default: 0, min: 0, max: 1,
          help: 'How much of the previous update SGD keeps adding, like a ball rolling downhill: 0 is plain SGD; values near 1 speed up steady descent but can overshoot.' },
        { type: 'float', name: 'validation_fraction', default: 0.25, min: 0.05, max: 0.5,
          help: 'Fraction of the training rows kept for validation (val_rmse, what a search compares). 0.25 of the 75% left after the test split gives MLflow\'s 56/19/25.' },
        testFraction(0.25),
        SEED,
      ],
    },
    {
      name: 'random_forest',
      title: 'Random forest',
      description:
        'Many decision trees, each grown on a random sample of the wines and asking yes/no questions about the measurements ("is alcohol above 10.5%?"); the forest predicts the average of their answers. As in MLflow\'s H2O wine example, try different numbers of trees.',
      params: [
        dataset(BUILTIN_DATASETS.wineRed, [BUILTIN_DATASETS.wineRed, BUILTIN_DATASETS.wineWhite],
          'Which wines: builtin:wine-red, builtin:wine-white, or the id of a wine-quality CSV you imported.'),
        ...forestParams(),
        testFraction(0.25),
        FOREST_SEED,
      ],
    },
  ],
};

const irisLogreg: Recipe = {
  name: 'iris_logreg',
  title: 'Iris flowers (logistic regression)',
  description:
    'The classic first model: tell three species of iris apart from four measurements of their petals and sepals (150 flowers). It trains in a second, so it is the best place to see what an experiment tracker records. Accuracy is the share of test flowers it names correctly.',
  task: 'classification',
  entryPoints: [{
    name: 'main',
    title: 'Logistic regression',
    description: 'One softmax layer on the standardized measurements, trained with Adam.',
    params: [
      epochs(100, 10_000),
      learningRate(0.05),
      testFraction(0.25),
      SEED,
    ],
  }],
};

/** The CSV recipe's table params, shared by its entry points: which dataset, which column, which task. */
function csvTableParams(): ParamSpec[] {
  return [
    { type: 'string', name: 'dataset', default: '', format: 'dataset', required: true,
      help: 'The id of the CSV dataset you imported (see Datasets).' },
    { type: 'string', name: 'target', default: '', required: true,
      help: 'The name of the column to predict.' },
    { type: 'choice', name: 'task', default: 'auto', choices: ['auto', 'regression', 'classification'],
      help: 'auto decides from the target column; choose regression or classification to override.' },
  ];
}

const csv: Recipe = {
  name: 'csv',
  title: 'Your own CSV',
  description:
    'Train on a table you imported: pick the column to predict and the rest become the inputs. A numeric target with many values is treated as regression (predict a number), a target with a few distinct values as classification (predict a category); you can override the choice.',
  task: 'from-data',
  entryPoints: [{
    name: 'mlp',
    title: 'Neural network (MLP)',
    params: [
      ...csvTableParams(),
      hiddenLayers('32'),
      epochs(50, 1000),
      batchSize(32),
      learningRate(0.001),
      testFraction(0.25),
      validationSplit(0.1),
      SEED,
    ],
  }, {
    name: 'random_forest',
    title: 'Random forest',
    description: 'Many decision trees grown on random samples of your rows, averaged (regression) or voting with their class shares (classification).',
    params: [
      ...csvTableParams(),
      ...forestParams(),
      testFraction(0.25),
      FOREST_SEED,
    ],
  }],
};

export const RECIPES: readonly Recipe[] = [textClassifier, wineQuality, irisLogreg, csv];

function unknownNameMessage(kind: string, name: string, known: readonly string[], where = ''): string {
  const suggestion = closestName(name, known);
  const hint = suggestion === undefined ? '.' : ` — did you mean ${quoteName(suggestion)}?`;
  return `unknown ${kind} ${quoteName(name)}${where}${hint} Known ${kind}s: ${known.join(', ')}.`;
}

/** The recipe called `name`; throws RESOURCE_DOES_NOT_EXIST naming the known recipes. */
export function findRecipe(name: string): Recipe {
  const recipe = RECIPES.find((candidate) => candidate.name === name);
  if (recipe) return recipe;
  throw new TrackingError('RESOURCE_DOES_NOT_EXIST', unknownNameMessage('recipe', name, RECIPES.map((r) => r.name)));
}

/** The entry point called `name` in `recipe`; throws RESOURCE_DOES_NOT_EXIST naming the known ones. */
export function findEntryPoint(recipe: Recipe, name: string): EntryPoint {
  const entryPoint = recipe.entryPoints.find((candidate) => candidate.name === name);
  if (entryPoint) return entryPoint;
  const known = recipe.entryPoints.map((e) => e.name);
  throw new TrackingError(
    'RESOURCE_DOES_NOT_EXIST',
    unknownNameMessage('entry point', name, known, ` in recipe ${quoteName(recipe.name)}`),
  );
}

/** Every parameter of the entry point at its default (`''` for required strings), in table order. */
export function defaultParams(recipe: Recipe, entryPoint: EntryPoint | string): Params {
  const resolved = typeof entryPoint === 'string' ? findEntryPoint(recipe, entryPoint) : entryPoint;
  return Object.fromEntries(resolved.params.map((spec: ParamSpec) => [spec.name, spec.default]));
}
