/**
 * Verify's verdict on a run as its badge shows it, read from the tags Verify stored: the verdict,
 * a label that says it in words (never colour alone), and the details JSON, guarded since a tag
 * can be edited by hand or come from an older version.
 */
import type { RunId } from '../../../domain/ids';
import type { ReproDifference, ReproVerdict } from '../../../domain/stats/reproduce';
import { formatMetric } from '../../../domain/tracking/formatMetric';
import { TAG_REPRODUCED, TAG_REPRODUCED_DETAILS } from '../../../services/insights/insightService';

export const VERDICT_LABEL: Record<ReproVerdict, { icon: string; text: string }> = {
  exact: { icon: '✓', text: 'Reproduced exactly' },
  close: { icon: '≈', text: 'Reproduced within rounding' },
  differs: { icon: '✗', text: 'Did not reproduce' },
  'not comparable': { icon: '?', text: 'Not comparable' },
};

export interface ReproducedDetails {
  rerunId: RunId | null;
  summary: string | null;
  reasons: string[];
  differences: ReproDifference[];
  checkedAt: number | null;
}

export interface Reproduced {
  verdict: ReproVerdict;
  details: ReproducedDetails;
}

function isVerdict(value: string | undefined): value is ReproVerdict {
  return value === 'exact' || value === 'close' || value === 'differs' || value === 'not comparable';
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The details as far as they can be read; a tag that is not JSON leaves them empty. */
export function parseReproducedDetails(json: string | undefined): ReproducedDetails {
  const empty: ReproducedDetails = { rerunId: null, summary: null, reasons: [], differences: [], checkedAt: null };
  if (json === undefined) return empty;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return empty;
  }
  if (!isRecord(raw)) return empty;
  const differences = Array.isArray(raw.differences)
    ? raw.differences.filter(isRecord).flatMap((d) =>
        typeof d.key === 'string' ? [{ key: d.key, original: numberOrNull(d.original), rerun: numberOrNull(d.rerun), relative: numberOrNull(d.relative) }] : [],
      )
    : [];
  return {
    rerunId: typeof raw.rerunId === 'string' ? (raw.rerunId as RunId) : null,
    summary: typeof raw.summary === 'string' ? raw.summary : null,
    reasons: Array.isArray(raw.reasons) ? raw.reasons.filter((r): r is string => typeof r === 'string') : [],
    differences,
    checkedAt: numberOrNull(raw.checkedAt),
  };
}

/** The run's reproduction verdict and details, or null when it was never verified. */
export function reproducedOf(tags: Readonly<Record<string, string>>): Reproduced | null {
  const verdict = tags[TAG_REPRODUCED];
  if (!isVerdict(verdict)) return null;
  return { verdict, details: parseReproducedDetails(tags[TAG_REPRODUCED_DETAILS]) };
}

/** A value of the differences table: the metric as formatted elsewhere, "—" when missing. */
export function differenceCell(value: number | null): string {
  return value === null ? '—' : formatMetric(value);
}

/** A relative difference in words: "0.12%", "< 0.0001%", "—". */
export function relativeText(relative: number | null): string {
  if (relative === null) return '—';
  if (relative === 0) return '0%';
  const percent = relative * 100;
  if (percent < 0.0001) return '< 0.0001%';
  return `${Number(percent.toPrecision(2))}%`;
}
