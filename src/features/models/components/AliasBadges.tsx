import { aliasBadges } from '../modelsView';

/** `@champion`-style badges; alias names are plain text. */
export function AliasBadges({ aliases, testId }: { aliases: readonly string[]; testId?: string }) {
  return (
    <span data-testid={testId}>
      {aliasBadges(aliases).map((badge) => (
        <span key={badge} className="alias-badge">
          {badge}
        </span>
      ))}
    </span>
  );
}
