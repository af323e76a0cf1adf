/** Hyperparameter search, pure: spaces, samplers (random, grid, TPE) and the resumable search state. */
export type * from './search.types';
export { checkSearchSpace, parseSearchSpace, DIMENSION_TYPES, MAX_CHOICE_OPTIONS, MAX_GRID_POINTS, MAX_SEARCH_PARAMS, WHOLE_SPACE_KEY, type SpaceCheck } from './validateSpace';
export { defaultDimensionFor, defaultSearchSpace, checkSpaceForEntryPoint, LOG_SCALE_RATIO } from './spaceForEntryPoint';
export { quantize, samplePrior, valueRange } from './dimensions';
export { gridPoint, gridSize, MAX_GRID_SIZE } from './gridSampler';
export { DEFAULT_TPE_SETTINGS, sampleRandom, splitObservations, suggestTpe, type Observation } from './tpe';
export { checkSearchRequest, createSearchState, MAX_TRIALS_LIMIT, type SearchRequest, type SearchRequestCheck } from './searchConfig';
export {
  bestTrial, isDone, markRunning, recordResult, resumeSearch, stopReason, stopSearch, suggestNext, trialLoss, trialSeed,
  type DoneCheck, type Suggestion, type TrialResult,
} from './searchState';
export { bestSoFar, trialTableCsv, trialTableRows, type BestSoFarPoint } from './trialTable';
