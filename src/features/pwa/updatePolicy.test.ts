import { describe, expect, it } from 'vitest';
import { nextUpdateState, updatePromptView, type UpdateEvent, type UpdatePhase } from './updatePolicy';

describe('nextUpdateState', () => {
  it.each<[UpdatePhase, UpdateEvent, UpdatePhase, string]>([
    ['current', { type: 'waiting' }, 'waiting', 'none'],
    ['activated', { type: 'waiting' }, 'activated', 'none'],
    // First install claiming the page: no prompt, no reload.
    ['current', { type: 'controller-changed', hadController: false }, 'current', 'none'],
    // Another tab activated the new version: offer the reload, never reload by itself.
    ['waiting', { type: 'controller-changed', hadController: true }, 'activated', 'none'],
    ['current', { type: 'controller-changed', hadController: true }, 'activated', 'none'],
    // This tab asked for it: reload now that the new worker controls the page.
    ['activating', { type: 'controller-changed', hadController: true }, 'activated', 'reload'],
    ['waiting', { type: 'reload-clicked', trainingRuns: 0 }, 'activating', 'skip-waiting'],
    ['activated', { type: 'reload-clicked', trainingRuns: 0 }, 'activated', 'reload'],
    ['current', { type: 'reload-clicked', trainingRuns: 0 }, 'current', 'none'],
    ['activating', { type: 'reload-clicked', trainingRuns: 0 }, 'activating', 'none'],
  ])('should go from %s on %j to %s with effect %s', (phase, event, nextPhase, effect) => {
    expect(nextUpdateState(phase, event)).toEqual({ phase: nextPhase, effect });
  });

  it.each<UpdatePhase>(['waiting', 'activated'])('should not act on Reload in %s while a run trains', (phase) => {
    expect(nextUpdateState(phase, { type: 'reload-clicked', trainingRuns: 2 })).toEqual({ phase, effect: 'none' });
  });
});

describe('updatePromptView', () => {
  it('should stay hidden with no update', () => {
    expect(updatePromptView('current', 0).visible).toBe(false);
    expect(updatePromptView('current', 3).visible).toBe(false);
  });

  it.each<UpdatePhase>(['waiting', 'activated'])('should offer the reload in %s when nothing trains', (phase) => {
    expect(updatePromptView(phase, 0)).toEqual({ visible: true, message: 'A new version is ready — reload', reloadEnabled: true, hint: null });
  });

  it('should disable Reload until training finishes', () => {
    const view = updatePromptView('waiting', 1);
    expect(view.visible).toBe(true);
    expect(view.reloadEnabled).toBe(false);
    expect(view.hint).toBe('Reload after training finishes (a run is training in this tab).');
    expect(updatePromptView('activated', 2).hint).toContain('2 runs are training');
  });

  it('should disable Reload while the new version takes over', () => {
    expect(updatePromptView('activating', 0)).toMatchObject({ visible: true, reloadEnabled: false, hint: 'Reloading…' });
  });
});
