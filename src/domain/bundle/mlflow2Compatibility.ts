/**
 * What in a bundle MLflow 2.x would refuse (spec §13). Export writes what was logged, and runs
 * imported from MLflow 3.x (or from any MLflow, whose reads check no lengths) may hold what 2.x
 * does not accept:
 * - keys with `:` — 2.x re-checks key names when it reads, so it cannot open those runs at all;
 * - keys over 250 characters, and values over 2.x's write limits (param 6,000; run, experiment and
 *   registry tag 5,000, where 3.x allows 8,000 and 100,000; experiment name 500) — 2.x reads them,
 *   but refuses them when they are logged again, e.g. copied to a tracking server.
 * The export still succeeds; these warnings say which parts 2.x will refuse, one per problem, with
 * a count and an example. Lengths are in code points, as MLflow counts them.
 */
import { codePointLength, exceedsCodePoints, shownText } from '../tracking/validation';
import type { Run } from '../tracking/types';
import type { BundleContent } from './bundle.types';
import { counted } from './wording';

/**
 * MLflow 2.12's write limits, in code points (spec §13). Kept apart from Trainyard's own logging
 * limits (validation.ts), which may follow 3.x one day: these must stay 2.x's.
 */
export const MLFLOW2_LIMITS = Object.freeze({
  key: 250,
  paramValue: 6000,
  runTagValue: 5000,
  experimentTagValue: 5000,
  registryTagValue: 5000,
  experimentName: 500,
});

export type Mlflow2Problem = 'colon-in-key' | 'long-key' | 'long-value';

/** One problem, found `count` times; `example` is the first, in words: `metric "eval:recall" in run "mlp" (0a1b2c3d…)`. */
export interface Mlflow2Warning {
  problem: Mlflow2Problem;
  count: number;
  example: string;
  /** The whole warning in plain words, example included. */
  message: string;
}

/** Where something was found, for the example; a function so it is only built for the first. */
type Place = () => string;

interface Tally {
  count: number;
  example: string | null;
}

const PROBLEMS: readonly Mlflow2Problem[] = ['colon-in-key', 'long-key', 'long-value'];

const number = (n: number): string => n.toLocaleString('en-US');


function runPlace(run: Run): Place {
  return () => {
    const id = `${run.runId.slice(0, 8)}…`;
    return run.runName ? `run ${shownText(run.runName)} (${id})` : `run ${id}`;
  };
}

/** The start of each message: the count and what MLflow 2.x does about it. */
function problemText(problem: Mlflow2Problem, count: number): string {
  switch (problem) {
    case 'colon-in-key':
      return (
        `${counted(count, "key contains ':'", "keys contain ':'")}, which MLflow 2.x refuses: it cannot read the runs, ` +
        "experiments or models that have them (MLflow 3.x reads them, except on Windows, where ':' can't be in a file name)"
      );
    case 'long-key':
      return (
        `${counted(count, 'key is', 'keys are')} longer than ${MLFLOW2_LIMITS.key} characters, which MLflow 2.x refuses ` +
        'when they are logged again, for example copied to a tracking server'
      );
    case 'long-value':
      return (
        `${counted(count, 'value is', 'values are')} longer than MLflow 2.x allows (${number(MLFLOW2_LIMITS.paramValue)} ` +
        `characters for a param, ${number(MLFLOW2_LIMITS.runTagValue)} for a tag, ${MLFLOW2_LIMITS.experimentName} for an experiment name), ` +
        'which it refuses when they are logged again, for example copied to a tracking server ' +
        '(MLflow 3.x allows run tags of 8,000 and registered model tags of 100,000)'
      );
  }
}

/**
 * The warnings for what MLflow 2.x would refuse in `content`, in a fixed order, one per problem
 * found; [] when 2.x takes all of it.
 */
export function mlflow2Warnings(content: BundleContent): Mlflow2Warning[] {
  const tallies = new Map<Mlflow2Problem, Tally>(PROBLEMS.map((p) => [p, { count: 0, example: null }]));
  const note = (problem: Mlflow2Problem, example: () => string): void => {
    const tally = tallies.get(problem) as Tally;
    tally.count++;
    tally.example ??= example();
  };
  const checkKey = (kind: string, key: string, place: Place): void => {
    const example = () => `${kind} ${shownText(key)} in ${place()}`;
    if (key.includes(':')) note('colon-in-key', example);
    if (exceedsCodePoints(key, MLFLOW2_LIMITS.key)) note('long-key', example);
  };
  /** `where` says whose value it is: 'param "cfg" in run …'. */
  const checkValue = (value: string, limit: number, where: () => string): void => {
    if (exceedsCodePoints(value, limit)) note('long-value', () => `${where()}, ${number(codePointLength(value))} characters`);
  };
  const checkTags = (kind: string, tags: Record<string, string>, limit: number, place: Place): void => {
    for (const [key, value] of Object.entries(tags)) {
      checkKey(kind, key, place);
      checkValue(value, limit, () => `${kind} ${shownText(key)} in ${place()}`);
    }
  };

  for (const experiment of content.experiments) {
    const { experimentId, name } = experiment;
    checkValue(name, MLFLOW2_LIMITS.experimentName, () => `the name of experiment ${experimentId}`);
    checkTags('experiment tag', experiment.tags, MLFLOW2_LIMITS.experimentTagValue, () => `experiment ${shownText(name)} (${experimentId})`);
  }
  for (const { run, histories } of content.runs) {
    const place = runPlace(run);
    for (const [key, value] of Object.entries(run.params)) {
      checkKey('param', key, place);
      checkValue(value, MLFLOW2_LIMITS.paramValue, () => `param ${shownText(key)} in ${place()}`);
    }
    for (const key of Object.keys(histories)) checkKey('metric', key, place);
    checkTags('tag', run.tags, MLFLOW2_LIMITS.runTagValue, place);
  }
  for (const model of content.registeredModels ?? []) {
    checkTags('tag', model.tags, MLFLOW2_LIMITS.registryTagValue, () => `registered model ${shownText(model.name)}`);
    for (const version of model.versions) {
      const place: Place = () => `version ${version.version} of registered model ${shownText(model.name)}`;
      checkTags('tag', version.tags, MLFLOW2_LIMITS.registryTagValue, place);
    }
  }

  const warnings: Mlflow2Warning[] = [];
  for (const [problem, { count, example }] of tallies) {
    if (count === 0 || example === null) continue;
    warnings.push({ problem, count, example, message: `${problemText(problem, count)}. For example: ${example}.` });
  }
  return warnings;
}
