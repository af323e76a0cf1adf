/**
 * Searches that come with the app, ready to start from the Search page or the console.
 *
 * `wine-sgd` ports MLflow's hyperparameter example (examples/hyperparam): the wine-quality network
 * trained with SGD, searching the learning rate (log-uniform) and momentum (uniform) by
 * validation RMSE on a 56/19/25 train/validation/test split. MLflow's example draws the learning
 * rate from hp.uniform(1e-5, 1e-1); the issue asks for a log scale, which spends the trials evenly
 * across the decades instead of mostly above 1e-2.
 *
 * `wine-ntrees` ports MLflow's H2O random forest example: forests of 10, 20, 50, 100 and 200 trees
 * on the red wines with a 70/30 split, each logging RMSE, MAE, R² (and here its fit time), to show
 * how a hyperparameter trades accuracy for cost.
 */
import type { SearchRunRequest } from './searchPlan';

export interface BuiltinSearch {
  id: string;
  title: string;
  description: string;
  /** Everything but the seed and the algorithm's name can be changed before starting. */
  request: SearchRunRequest & { entryPoint: string };
}

export const BUILTIN_SEARCHES: readonly BuiltinSearch[] = [
  {
    id: 'wine-sgd',
    title: 'Wine quality: learning rate and momentum (MLflow\'s hyperparameter example)',
    description:
      'The wine-quality network (Dense 64 → 1) trained with SGD for 32 epochs; each trial draws a learning rate from 1e-5 to 1e-1 on a log scale and a momentum from 0 to 1, and logs train, validation and test RMSE. The trial with the lowest validation RMSE wins; its model is copied to the search run.',
    request: {
      recipe: 'wine_quality',
      entryPoint: 'sgd',
      space: [
        { name: 'learning_rate', type: 'loguniform', low: 1e-5, high: 1e-1 },
        { name: 'momentum', type: 'uniform', low: 0, high: 1 },
      ],
      algorithm: 'tpe',
      objective: { metric: 'val_rmse', direction: 'minimize' },
      maxTrials: 12,
      seed: 42,
      parallel: 2,
      fixedParams: { epochs: 32 },
      runName: 'wine-sgd-search',
    },
  },
  {
    id: 'wine-ntrees',
    title: 'Wine quality: number of trees (MLflow\'s H2O random forest example)',
    description:
      'Random forests of 10, 20, 50, 100 and 200 trees on the red wines, with the example\'s 70/30 split; each logs test RMSE, MAE and R² and how long its trees took to grow. Compare opens with test RMSE against the number of trees: more trees help less and less, while the fit time keeps growing.',
    request: {
      recipe: 'wine_quality',
      entryPoint: 'random_forest',
      space: [{ name: 'n_estimators', type: 'choice', options: [10, 20, 50, 100, 200] }],
      algorithm: 'grid',
      objective: { metric: 'test_rmse', direction: 'minimize' },
      maxTrials: 5,
      seed: 42,
      // One at a time: two trials sharing the cores would time each other, and fit time is half the point.
      parallel: 1,
      fixedParams: { test_fraction: 0.3 },
      runName: 'wine-ntrees-search',
    },
  },
];

export function findBuiltinSearch(id: string): BuiltinSearch | undefined {
  return BUILTIN_SEARCHES.find((search) => search.id === id);
}
