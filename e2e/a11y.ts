/**
 * Accessibility check for a page as it is drawn now: axe-core (through @axe-core/playwright) runs
 * every rule it has on by default, colour contrast included, and the check fails listing every
 * serious or critical violation with its rule, impact, the selectors of the elements and axe's
 * summary of what to fix. Minor and moderate findings are not failures (they are printed when
 * `A11Y_VERBOSE` is set). Nothing is excluded: a page that needs an exception must say why here.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
const FAILING: ReadonlySet<Impact | null | undefined> = new Set<Impact>(['serious', 'critical']);

/** One line per element of each violation: `rule (impact) at selector: summary`. */
export function describeViolations(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => {
      const target = node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' ');
      const summary = (node.failureSummary ?? violation.help).replace(/\s+/g, ' ').trim();
      return `${violation.id} (${violation.impact ?? 'unknown'}) at ${target}: ${summary} [${violation.helpUrl}]`;
    }),
  );
}

/** Runs axe on `page` and fails, naming `where`, if it finds any serious or critical violation. */
export async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const failing = results.violations.filter((violation) => FAILING.has(violation.impact));
  if (process.env.A11Y_VERBOSE) {
    const rest = results.violations.filter((violation) => !FAILING.has(violation.impact));
    for (const line of describeViolations(rest)) console.log(`[a11y ${where}] ${line}`);
  }
  expect.soft(describeViolations(failing), `serious or critical accessibility violations on ${where}`).toEqual([]);
}

/**
 * The WCAG contrast ratio between an element's text colour and the background drawn behind it
 * (the nearest ancestor with an opaque background colour), from computed styles. axe files a 1:1
 * contrast (text in its own background's colour) as "incomplete", not as a violation, so a check
 * that text is readable at all compares the colours itself.
 */
export function textContrast(element: Locator): Promise<{ color: string; background: string; ratio: number }> {
  return element.evaluate((el) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const [R, G, B] = [r, g, b].map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (R ?? 0) + 0.7152 * (G ?? 0) + 0.0722 * (B ?? 0);
    };
    let node: Element | null = el;
    let background = 'rgb(255, 255, 255)';
    while (node) {
      const css = getComputedStyle(node).backgroundColor;
      const alpha = rgb(css)[3];
      if (css !== 'transparent' && (alpha === undefined || alpha >= 1)) {
        background = css;
        break;
      }
      node = node.parentElement;
    }
    const color = getComputedStyle(el).color;
    const [light, dark] = [luminance(rgb(color)), luminance(rgb(background))].sort((a, b) => b - a);
    return { color, background, ratio: ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05) };
  });
}
