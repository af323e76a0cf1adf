/**
 * Params, tags and metric summaries are records keyed by user text, and MLflow allows keys such as
 * `constructor` or `__proto__`. Plain `record[key]` would find Object.prototype members, and
 * `record[key] = v` with `__proto__` would set the prototype; these two helpers never do.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
