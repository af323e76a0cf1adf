/**
 * Live reads for the Search page, straight from the store (so a search run in another tab, or
 * one that ended long ago, shows the same as one running here): a search's parent run, its child
 * runs and its stored state; and the list of searches.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { reads } from '../../../services/page';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { parseStoredSearch, SEARCH_STATE_PATH, TAG_SEARCH_ALGORITHM, type StoredSearch } from '../../../services/search/searchPlan';
import { searchSummary, type SearchSummary } from '../searchViewModel';

/** The search's parent run (`null`: no such run) and its trials' child runs; undefined while loading. */
export function useSearchRuns(parentRunId: RunId): { parent: Run | null; children: Run[] } | undefined {
  return useLiveQuery(() => reads.runWithChildren(parentRunId), [parentRunId]);
}

/**
 * The search's `search_state.json`, re-read whenever the coordinator rewrites it; null when it is
 * missing or unreadable (the view then works from the runs alone).
 */
export function useStoredSearch(parentRunId: RunId): StoredSearch | null {
  const row = useLiveQuery(() => reads.artifactOrNull({ runId: parentRunId, path: SEARCH_STATE_PATH }), [parentRunId]);
  const [parsed, setParsed] = useState<{ blob: Blob; stored: StoredSearch | null } | null>(null);
  const blob = row?.blob;
  useEffect(() => {
    if (!blob) return;
    let live = true;
    blob.text().then(
      (text) => {
        let stored: StoredSearch | null;
        try {
          stored = parseStoredSearch(text);
        } catch {
          stored = null;
        }
        if (live) setParsed({ blob, stored });
      },
      () => live && setParsed({ blob, stored: null }),
    );
    return () => {
      live = false;
    };
  }, [blob]);
  // Until the newest blob is read, the previous state stands (no flicker while trials end).
  return row === null ? null : (parsed?.stored ?? null);
}

/**
 * Every search in the store (active parent runs with the trainyard.search.algorithm tag), newest
 * first, with how far each got. Parents are found through the children's parentRunId index, so
 * the list reads only runs that have child runs, not the whole store; a search shows up once its
 * first trial has started.
 */
export function useSearchList(): SearchSummary[] | undefined {
  return useLiveQuery(async () => {
    const searches = await reads.taggedParentsWithChildren(TAG_SEARCH_ALGORITHM);
    return searches.map(({ parent, children }) => searchSummary(parent, children)).sort((a, b) => b.parent.startTime - a.parent.startTime);
  }, []);
}
