/**
 * Live reads for the Search page, straight from the store (so a search run in another tab, or
 * one that ended long ago, shows the same as one running here): a search's parent run, its child
 * runs and its stored state; and the list of searches.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { db } from '../../../app/tracking';
import { getArtifact } from '../../../db/artifactStore';
import { findRun, toRun } from '../../../db/runStore';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { parseStoredSearch, SEARCH_STATE_PATH, type StoredSearch } from '../../../training/search/searchPlan';
import { isSearchParent, searchSummary, type SearchSummary } from '../searchView.common';

/** The search's parent run (`null`: no such run) and its trials' child runs; undefined while loading. */
export function useSearchRuns(parentRunId: RunId): { parent: Run | null; children: Run[] } | undefined {
  return useLiveQuery(async () => {
    const [parent, rows] = await Promise.all([findRun(db, parentRunId), db.runs.where('parentRunId').equals(parentRunId).toArray()]);
    return { parent, children: rows.map(toRun) };
  }, [parentRunId]);
}

/**
 * The search's `search_state.json`, re-read whenever the coordinator rewrites it; null when it is
 * missing or unreadable (the view then works from the runs alone).
 */
export function useStoredSearch(parentRunId: RunId): StoredSearch | null {
  const row = useLiveQuery(() => getArtifact(db, { runId: parentRunId, path: SEARCH_STATE_PATH }).catch(() => null), [parentRunId]);
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
    const parentIds = (await db.runs.orderBy('parentRunId').uniqueKeys()) as RunId[];
    const parents = (await db.runs.bulkGet(parentIds)).filter(
      (row): row is NonNullable<typeof row> => row !== undefined && row.lifecycleStage === 'active' && isSearchParent(row),
    );
    const children = await db.runs.where('parentRunId').anyOf(parents.map((p) => p.runId)).toArray();
    const byParent = new Map<string, Run[]>();
    for (const child of children) {
      const list = byParent.get(child.parentRunId ?? '') ?? [];
      list.push(toRun(child));
      byParent.set(child.parentRunId ?? '', list);
    }
    return parents
      .map((row) => searchSummary(toRun(row), byParent.get(row.runId) ?? []))
      .sort((a, b) => b.parent.startTime - a.parent.startTime);
  }, []);
}
