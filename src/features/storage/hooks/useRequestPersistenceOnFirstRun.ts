/** Asks for persistent storage once there is a run to keep (see persistentStorage.ts). */
import { useEffect } from 'react';
import { reads } from '../../../services/page';
import { checkPersistence, requestPersistence, setPersistenceState } from '../persistentStorage';

/**
 * At app start: reads the state, and unless storage is already persistent asks once a run exists
 * (at once when there are runs already, else after the first one is created, in this tab, a
 * worker or another tab).
 */
export function useRequestPersistenceOnFirstRun(): void {
  useEffect(() => {
    let stopped = false;
    let asked = false;
    let stopListening: (() => void) | null = null;
    const askIfRuns = async (): Promise<boolean> => {
      if (stopped || asked || (await reads.runCount()) === 0) return asked;
      if (asked || stopped) return asked; // another write's check got here first
      asked = true;
      stopListening?.();
      stopListening = null;
      await requestPersistence();
      return true;
    };
    void (async () => {
      if ((await checkPersistence()) !== 'not-granted' || stopped) return;
      if (await askIfRuns()) return;
      if (stopped) return;
      stopListening = reads.watchStore(() => void askIfRuns().catch(() => setPersistenceState('error')));
    })().catch(() => setPersistenceState('error'));
    return () => {
      stopped = true;
      stopListening?.();
    };
  }, []);
}
