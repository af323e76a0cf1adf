/**
 * The built-in demos the landing offers, Iris first: what each teaches in one line, how long it
 * takes, and where its card leads (Iris to the guided first run, the others to the Train page
 * with the demo chosen).
 */
import { routes } from '../../shared/routes';

export interface Demo {
  readonly recipe: string;
  readonly title: string;
  readonly blurb: string;
  /** How long it takes, or what it needs first. */
  readonly cost: string;
  readonly href: string;
}

export const DEMOS: readonly Demo[] = [
  {
    recipe: 'iris_logreg',
    title: 'Iris flowers',
    blurb: 'Tell three species of iris apart from four measurements. The classic first model: a classifier, scored by accuracy.',
    cost: '~10 s',
    href: routes.firstRun(),
  },
  {
    recipe: 'wine_quality',
    title: 'Wine quality',
    blurb: "Predict the score experts gave a red wine from 11 lab measurements. A regressor: RMSE says how many points it's off.",
    cost: 'downloads 82 KB once',
    href: routes.trainRecipe('wine_quality'),
  },
  {
    recipe: 'text_classifier',
    title: 'Text classifier',
    blurb: 'Sort paragraphs of the Brown corpus into their 15 genres from the words they use: a small neural network on bags of words.',
    cost: '~15 s',
    href: routes.trainRecipe('text_classifier'),
  },
];

/** What a scripter types in the browser's console to train the first demo. */
export const CONSOLE_ONE_LINER = "await trainyard.train('iris_logreg')";
