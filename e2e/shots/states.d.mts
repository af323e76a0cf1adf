/** Types of states.mjs: the pages and states that the accessibility journey and `npm run shots` visit. */
import type { Page } from '@playwright/test';

export interface PageState {
  /** File-name-safe id, e.g. `train-during`. */
  name: string;
  /** What a person sees there, in words. */
  what: string;
  /** Brings a fresh page (empty store) to this state and waits until it is drawn. */
  open(page: Page): Promise<void>;
  /** Ends what the state left running (a training run), if anything. */
  close?(page: Page): Promise<void>;
}

export const TRAIN_TIMEOUT: number;
export const PAGE_STATES: readonly PageState[];
export function openApp(page: Page, hash?: string): Promise<void>;
export function seedRuns(page: Page): Promise<string[]>;
export function seedModel(page: Page): Promise<string>;
export function dropFile(page: Page, name: string, bytes?: number[]): Promise<void>;
export function housingCsv(rows: number): string;
