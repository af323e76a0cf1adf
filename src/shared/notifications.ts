/**
 * User-facing messages for failed actions. Handlers catch at the top, name the action, and post
 * here; the Toasts component shows them. Messages are plain text, never markup.
 */
import { useSyncExternalStore } from 'react';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

let notices: Notice[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export function notify(kind: Notice['kind'], text: string): void {
  notices = [...notices.slice(-4), { id: nextId++, kind, text }];
  emit();
}

/** Reports a failed action: "Could not rename the experiment: <reason>". */
export function reportError(action: string, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  notify('error', `Could not ${action}: ${reason}`);
}

export function dismiss(id: number): void {
  notices = notices.filter((n) => n.id !== id);
  emit();
}

export function useNotices(): Notice[] {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => notices,
  );
}
