/** The runs table's column choice for one experiment, kept in localStorage (bad stored JSON means defaults). */
import { useCallback, useState } from 'react';
import type { ExperimentId } from '../../../domain/ids';
import type { ColumnPrefs } from '../columnPrefs';
import { columnPrefsStorageKey, parseColumnPrefs, serializeColumnPrefs } from '../columnPrefsStorage';

function read(experimentId: ExperimentId): ColumnPrefs {
  try {
    return parseColumnPrefs(localStorage.getItem(columnPrefsStorageKey(experimentId)));
  } catch {
    return parseColumnPrefs(null);
  }
}

function write(experimentId: ExperimentId, prefs: ColumnPrefs): void {
  try {
    localStorage.setItem(columnPrefsStorageKey(experimentId), serializeColumnPrefs(prefs));
  } catch {
    // full or disabled storage: the choice holds until the page closes
  }
}

export function useColumnPrefs(experimentId: ExperimentId): [ColumnPrefs, (change: (prefs: ColumnPrefs) => ColumnPrefs) => void] {
  const [state, setState] = useState(() => ({ experimentId, prefs: read(experimentId) }));
  // Another experiment: read its own choice (the page is usually keyed by experiment, so this is a fallback).
  const prefs = state.experimentId === experimentId ? state.prefs : read(experimentId);
  if (state.experimentId !== experimentId) setState({ experimentId, prefs });
  const update = useCallback(
    (change: (prefs: ColumnPrefs) => ColumnPrefs) => {
      const next = change(prefs);
      if (next === prefs) return;
      write(experimentId, next);
      setState({ experimentId, prefs: next });
    },
    [experimentId, prefs],
  );
  return [prefs, update];
}
