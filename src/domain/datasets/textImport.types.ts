/**
 * The labelled-text import's options and format names (used by textImport.ts and its parsers).
 */
export type TextFormat = 'csv' | 'tsv' | 'jsonl';

export interface ParseTextOptions {
  /** The file name shown in every error message; its extension picks the format when none is given. */
  readonly fileName: string;
  readonly format?: TextFormat;
  readonly textColumn?: string;
  readonly labelColumn?: string;
  readonly splitColumn?: string;
  /** Dataset name; defaults to `fileName`. */
  readonly name?: string;
}
