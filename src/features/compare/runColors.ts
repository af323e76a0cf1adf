/** The colour of each run (or group) in the compare view: its charts, table and legends; and the translucent form for bands. */

/** Plotly's default colours first (what users know from MLflow), then evenly spaced hues. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function runColor(index: number): string {
  if (index < PALETTE.length) return PALETTE[index] as string;
  const hue = Math.round((index * 137.508) % 360); // golden angle: neighbours get distant hues
  return `hsl(${hue}, 65%, 45%)`;
}

/** `rgba()` of a palette or hsl colour at the given opacity, for bands. */
export function translucent(color: string, alpha: number): string {
  if (color.startsWith('#') && color.length === 7) {
    const n = Number.parseInt(color.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return color.replace(/^hsl\((.*)\)$/, `hsla($1, ${alpha})`);
}

/**
 * The colour of each group, keyed by its label (groupRuns' label: the value, "(none)", "(empty)"):
 * the groups of ALL the compared runs in their sorted order, so a group has the same colour in
 * every chart, including a chart of a metric only some groups logged, and in the legend.
 */
export function groupColors(labels: readonly string[]): (label: string) => string {
  const index = new Map(labels.map((label, i) => [label, i]));
  return (label) => runColor(index.get(label) ?? labels.length + hashIndex(label));
}

/** A stable index for a label outside the known groups (not expected; never throws). */
function hashIndex(label: string): number {
  let h = 0;
  for (let i = 0; i < label.length; i++) h = (h * 31 + label.charCodeAt(i)) >>> 0;
  return h % 360;
}
