/** A model, its files or an input the playground can't use; the message names the file, row or field. */
export class PlaygroundError extends Error {
  override readonly name = 'PlaygroundError';
}
