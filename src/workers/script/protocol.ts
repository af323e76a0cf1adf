/** Messages between the page and a script worker; plain, structured-clone-safe data only. */
export type ToScriptWorker = { type: 'run'; source: string };

export type FromScriptWorker =
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: { name: string; message: string } };

export function isFromScriptWorker(data: unknown): data is FromScriptWorker {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  const type = (data as { type: unknown }).type;
  return type === 'done' || type === 'failed';
}
