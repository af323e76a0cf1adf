/**
 * When a new version of the app may replace the running one. Pure: the service worker wiring
 * (registerServiceWorker.ts) feeds it events and carries out the effect it returns; the prompt
 * (features/pwa/UpdatePrompt.tsx) renders its view.
 *
 * The rules: the page never reloads by itself. A new service worker waits until the user presses
 * Reload, and Reload does nothing while a run trains in this tab (a reload would end the run).
 * If another tab activates the new version, this tab keeps running and offers the reload.
 */

/**
 * - `current`: no update known.
 * - `waiting`: a new service worker is installed and waits for this tab's consent.
 * - `activating`: the user pressed Reload; the new worker was asked to take over, and the page
 *   reloads once it controls the page.
 * - `activated`: the new worker took over without this tab asking (another tab's Reload); this page
 *   still runs the old code.
 */
export type UpdatePhase = 'current' | 'waiting' | 'activating' | 'activated';

export type UpdateEvent =
  | { type: 'waiting' }
  /** `hadController`: whether a service worker controlled the page before (false on first install). */
  | { type: 'controller-changed'; hadController: boolean }
  | { type: 'reload-clicked'; trainingRuns: number };

export type UpdateEffect = 'none' | 'skip-waiting' | 'reload';

export function nextUpdateState(phase: UpdatePhase, event: UpdateEvent): { phase: UpdatePhase; effect: UpdateEffect } {
  switch (event.type) {
    case 'waiting':
      return { phase: phase === 'current' ? 'waiting' : phase, effect: 'none' };
    case 'controller-changed':
      // The first install claiming the page is not an update.
      if (!event.hadController) return { phase, effect: 'none' };
      if (phase === 'activating') return { phase: 'activated', effect: 'reload' };
      return { phase: 'activated', effect: 'none' };
    case 'reload-clicked':
      if (event.trainingRuns > 0) return { phase, effect: 'none' };
      if (phase === 'waiting') return { phase: 'activating', effect: 'skip-waiting' };
      if (phase === 'activated') return { phase, effect: 'reload' };
      return { phase, effect: 'none' };
  }
}

export interface UpdatePromptView {
  visible: boolean;
  message: string;
  reloadEnabled: boolean;
  /** Why Reload is disabled, shown next to it. */
  hint: string | null;
}

export function updatePromptView(phase: UpdatePhase, trainingRuns: number): UpdatePromptView {
  if (phase === 'current') return { visible: false, message: '', reloadEnabled: false, hint: null };
  const message = 'A new version is ready — reload';
  if (phase === 'activating') return { visible: true, message, reloadEnabled: false, hint: 'Reloading…' };
  if (trainingRuns > 0) {
    const runs = trainingRuns === 1 ? 'a run is' : `${trainingRuns} runs are`;
    return { visible: true, message, reloadEnabled: false, hint: `Reload after training finishes (${runs} training in this tab).` };
  }
  return { visible: true, message, reloadEnabled: true, hint: null };
}
