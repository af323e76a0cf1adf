import { describe, expect, it, vi } from 'vitest';
import type { ExperimentId, RunId } from '../../domain/ids';
import {
  EMPTY_SELECTION,
  SELECTION_STORAGE_KEY,
  createSelectionStore,
  deselectRuns,
  hasRunsOf,
  parseSelection,
  pruneExperiment,
  selectRuns,
  selectionText,
  serializeSelection,
  summarizeSelection,
  toggleRun,
  type Selection,
  type StorageLike,
} from './runSelection';

const E1 = '111' as ExperimentId;
const E2 = '222' as ExperimentId;
const run = (id: string, experimentId: ExperimentId = E1) => ({ runId: id as RunId, experimentId });
const ids = (selection: Selection) => [...selection.keys()];

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

describe('selection updates', () => {
  it('should toggle a run in and out, keeping the pick order', () => {
    let s = toggleRun(EMPTY_SELECTION, run('b'));
    s = toggleRun(s, run('a', E2));
    expect([...s]).toEqual([
      ['b', E1],
      ['a', E2],
    ]);
    expect(ids(toggleRun(s, run('b')))).toEqual(['a']);
    expect(EMPTY_SELECTION.size).toBe(0);
  });

  it('should select many and return the same object when nothing changes', () => {
    const s = selectRuns(EMPTY_SELECTION, [run('a'), run('b')]);
    expect(ids(s)).toEqual(['a', 'b']);
    expect(selectRuns(s, [run('a')])).toBe(s);
    expect(ids(selectRuns(s, [run('c', E2), run('a')]))).toEqual(['a', 'b', 'c']);
  });

  it('should deselect only the given runs (select all / none applies to the rows shown)', () => {
    const s = selectRuns(EMPTY_SELECTION, [run('a'), run('b'), run('c', E2)]);
    expect(ids(deselectRuns(s, ['a', 'z'] as RunId[]))).toEqual(['b', 'c']);
    expect(deselectRuns(s, ['z'] as RunId[])).toBe(s);
  });

  it('should keep a selection that the filter hides: the selection is independent of the rows shown', () => {
    const s = selectRuns(EMPTY_SELECTION, [run('a'), run('b')]);
    // "select all" with a filter showing only c adds c and keeps a and b.
    expect(ids(selectRuns(s, [run('c')]))).toEqual(['a', 'b', 'c']);
  });

  it('should prune only the missing runs of the experiment being shown', () => {
    const s = selectRuns(EMPTY_SELECTION, [run('a'), run('gone'), run('x', E2)]);
    const pruned = pruneExperiment(s, E1, new Set(['a'] as RunId[]));
    expect(ids(pruned)).toEqual(['a', 'x']);
    expect(pruneExperiment(pruned, E1, new Set(['a'] as RunId[]))).toBe(pruned);
    expect(hasRunsOf(pruned, E2)).toBe(true);
    expect(hasRunsOf(pruned, '333' as ExperimentId)).toBe(false);
  });
});

describe('selection summary', () => {
  it.each<[string, Array<ReturnType<typeof run>>, string]>([
    ['runs of this experiment only', [run('a'), run('b')], '2 selected'],
    ['runs of two experiments', [run('a'), run('b'), run('c', E2)], '3 selected (across 2 experiments)'],
    ['runs of another experiment only', [run('c', E2)], '1 selected (across 1 experiment)'],
  ])('should say how many for %s', (_label, runs, text) => {
    expect(selectionText(summarizeSelection(selectRuns(EMPTY_SELECTION, runs), E1))).toBe(text);
  });

  it('should list the run ids in pick order and count experiments', () => {
    const summary = summarizeSelection(selectRuns(EMPTY_SELECTION, [run('b'), run('c', E2), run('a')]), null);
    expect(summary).toEqual({ runIds: ['b', 'c', 'a'], count: 3, experiments: 2, onlyHere: false });
  });
});

describe('stored selection', () => {
  it('should survive a round trip', () => {
    const s = selectRuns(EMPTY_SELECTION, [run('a1'), run('b2', E2)]);
    expect([...parseSelection(serializeSelection(s))]).toEqual([...s]);
  });

  it.each<[string, string | null]>([
    ['nothing', null],
    ['not JSON', '[["a"'],
    ['an object', '{"a":"111"}'],
    ['JSON null', 'null'],
    ['a string', '"a"'],
  ])('should start empty for %s', (_label, text) => {
    expect(parseSelection(text).size).toBe(0);
  });

  it('should drop malformed pairs and ids that are not ids', () => {
    const text = JSON.stringify([
      ['ok1', '111'],
      ['ok2'],
      ['<script>', '111'],
      ['ok3', 'not an id!'],
      [7, '111'],
      'ok4',
      null,
      ['ok5', '222', 'extra'],
      ['ok6', '222'],
    ]);
    expect([...parseSelection(text)]).toEqual([
      ['ok1', '111'],
      ['ok6', '222'],
    ]);
  });
});

describe('createSelectionStore', () => {
  it('should load, notify subscribers once per change, and persist', () => {
    const storage = new MemoryStorage();
    storage.setItem(SELECTION_STORAGE_KEY, JSON.stringify([['a', '111']]));
    const store = createSelectionStore(storage);
    expect(ids(store.getSnapshot())).toEqual(['a']);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.update((s) => toggleRun(s, run('b', E2)));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(JSON.parse(storage.getItem(SELECTION_STORAGE_KEY) ?? '')).toEqual([
      ['a', '111'],
      ['b', '222'],
    ]);
    const before = store.getSnapshot();
    store.update((s) => s); // no change, no notification, same snapshot
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).toBe(before);
    unsubscribe();
    store.update(() => EMPTY_SELECTION);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(storage.getItem(SELECTION_STORAGE_KEY)).toBeNull();
  });

  it('should keep working when storage throws', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const store = createSelectionStore(broken);
    store.update((s) => toggleRun(s, run('a')));
    expect(ids(store.getSnapshot())).toEqual(['a']);
    store.update(() => EMPTY_SELECTION);
    expect(store.getSnapshot().size).toBe(0);
  });

  it('should work without storage', () => {
    const store = createSelectionStore(null);
    store.update((s) => toggleRun(s, run('a')));
    expect(ids(store.getSnapshot())).toEqual(['a']);
  });
});
