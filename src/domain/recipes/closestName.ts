/** "Did you mean …?" suggestions for mistyped parameter, recipe and entry point names. */

/** Names longer than this get no suggestion: keeps the O(n·m) distance cheap on hostile input. */
const MAX_COMPARED_LENGTH = 64;

/** Levenshtein distance (insert, delete, substitute; each costs 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known name closest to `input` (case-insensitive), or undefined when none is close:
 * a candidate qualifies within max(1, ⌊length/3⌋) edits, so "epoch" → "epochs" but "lr" → nothing.
 */
export function closestName(input: string, known: readonly string[]): string | undefined {
  if (input.length === 0 || input.length > MAX_COMPARED_LENGTH) return undefined;
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(needle, candidate.toLowerCase());
    const allowed = Math.max(1, Math.floor(candidate.length / 3));
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Shows a user-supplied name inside a message: quoted, and cut short when long. */
export function quoteName(name: string, maxLength = 60): string {
  const shown = name.length > maxLength ? `${name.slice(0, maxLength)}…` : name;
  return JSON.stringify(shown);
}
