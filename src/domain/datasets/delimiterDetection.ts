/**
 * Delimiter detection for delimited text: what the file name suggests (.tsv, .psv, …) and which
 * candidate splits the first records most consistently.
 */
import { DELIMITERS, readRecords, stripBom } from './recordReader';
import type { Delimiter } from './recordReader';

/** The file name's extension after the last dot, lower-cased (`''` when there is none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** The delimiter a file name suggests: .tsv/.tab → tab, .psv → pipe, anything else → comma. */
export function delimiterForName(fileName: string): Delimiter {
  const ext = extensionOf(fileName);
  if (ext === 'tsv' || ext === 'tab') return '\t';
  if (ext === 'psv') return '|';
  return ',';
}

const SNIFF_RECORDS = 30;

/**
 * Picks the delimiter among `candidates` (default `, \t ; |`) from the first 30 records:
 * a candidate must split the header into ≥ 2 fields and must not misread quotes; the one whose
 * share of records with the header's field count is highest wins; ties go to the delimiter the
 * file name suggests, then to the candidates' order. A single-column file gets the suggested one.
 */
export function detectDelimiter(text: string, fileName: string, candidates: readonly Delimiter[] = DELIMITERS): Delimiter {
  const suggested = delimiterForName(fileName);
  const ordered = candidates.includes(suggested)
    ? [suggested, ...candidates.filter((c) => c !== suggested)]
    : [...candidates];
  const body = stripBom(text);
  let best: Delimiter | undefined;
  let bestScore = 0;
  for (const candidate of ordered) {
    const { records, problem } = readRecords(body, candidate, SNIFF_RECORDS);
    if (problem?.kind === 'after-quote') continue;
    const width = records[0]?.fields.length ?? 0;
    if (width < 2) continue;
    let same = 0;
    for (const r of records) if (r.fields.length === width) same++;
    const score = same / records.length;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best ?? ordered[0] ?? ',';
}
