/**
 * The Search page's form as the user typed it (searchFormModel.ts builds and changes it): one row
 * per recipe parameter, the algorithm, objective and budget, all as raw text.
 */
import type { DimensionType, SearchDirection } from '../../domain/search';

export type AlgorithmName = 'random' | 'grid' | 'tpe';

/** One parameter of the entry point, as typed. */
export interface ParamRow {
  readonly search: boolean;
  readonly type: DimensionType;
  readonly low: string;
  readonly high: string;
  readonly q: string;
  /** Grid search only: how many values to try (continuous distributions need it). */
  readonly gridPoints: string;
  /** Choice options, comma-separated. */
  readonly options: string;
  /** The value every trial uses when the parameter is not searched. */
  readonly fixed: string;
}

export interface SearchForm {
  readonly recipe: string;
  readonly entryPoint: string;
  readonly rows: Readonly<Record<string, ParamRow>>;
  readonly algorithm: AlgorithmName;
  /** TPE's random start-up trials; blank: hyperopt's 20. */
  readonly tpeStartup: string;
  readonly objective: string;
  readonly direction: SearchDirection;
  readonly maxTrials: string;
  /** Blank: no time limit. */
  readonly maxSeconds: string;
  /** Blank: no early stop. */
  readonly stopAfterNoImprovement: string;
  readonly seed: string;
  readonly parallel: string;
  readonly runName: string;
}
