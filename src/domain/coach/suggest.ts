/**
 * Suggested param changes. A suggestion only ever names params the run has (a re-run form can only
 * change what the recipe takes), keeps numbers inside the recipe's limits when the caller passes
 * them, and is dropped when the change would be no change at all (already at a limit).
 */
import { HIDDEN_LAYER_LIMITS } from '../recipes/recipeCatalogue';
import type { CoachInput, Suggestion } from './coach.types';

/**
 * Caps used when the caller passes no limits: 1000 epochs is already a long browser run (the wine
 * recipes' own maximum is 2000 and the image ones 200); a learning rate above 1 makes every common
 * optimiser blow up.
 */
export const DEFAULT_LIMITS: Readonly<Record<string, { min?: number; max?: number }>> = {
  epochs: { min: 1, max: 1000 },
  learning_rate: { min: 1e-6, max: 1 },
  hidden_units: { min: 1, max: HIDDEN_LAYER_LIMITS.maxUnits },
};

type Params = CoachInput['params'];
type Limits = CoachInput['paramLimits'];

/** A param as a finite number, or undefined when absent or not numeric. */
export function numericParam(params: Params, name: string): number | undefined {
  if (!Object.hasOwn(params, name)) return undefined;
  const raw = params[name]?.trim() ?? '';
  const value = raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** `value` kept inside the caller's limits for `name`, else the default ones. */
export function clampParam(name: string, value: number, limits: Limits): number {
  const bounds = limits?.[name] ?? DEFAULT_LIMITS[name] ?? {};
  return Math.min(bounds.max ?? Infinity, Math.max(bounds.min ?? -Infinity, value));
}

/** Rounds away float noise (0.0001 × 10 = 0.0010000000000000002) so the form shows a clean value. */
function tidy(value: number): number {
  return Number(value.toPrecision(6));
}

/**
 * A numeric param scaled by `factor` (integers stay integers), clamped; undefined when the param is
 * missing or the clamped value equals the current one.
 */
export function scaledParam(params: Params, name: string, factor: number, limits: Limits, integer = false): number | undefined {
  const current = numericParam(params, name);
  if (current === undefined) return undefined;
  const raw = integer ? Math.round(current * factor) : tidy(current * factor);
  const next = clampParam(name, raw, limits);
  return next === current ? undefined : next;
}

/** `hidden_layers` ("64,32") with every layer doubled, capped at the recipe's largest layer. */
export function widerHiddenLayers(params: Params): string | undefined {
  if (!Object.hasOwn(params, 'hidden_layers')) return undefined;
  const sizes = (params.hidden_layers ?? '').split(',').map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 1)) return undefined;
  const wider = sizes.map((s) => Math.min(HIDDEN_LAYER_LIMITS.maxUnits, s * 2)).join(',');
  return wider === sizes.join(',') ? undefined : wider;
}

/** A suggestion of one changed param, or null when there is nothing to change. */
export function suggestOne(name: string, value: number | string | undefined, text: string): Suggestion | null {
  return value === undefined ? null : { text, params: { [name]: value } };
}
