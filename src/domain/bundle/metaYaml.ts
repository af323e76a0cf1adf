/**
 * meta.yaml text as PyYAML's `safe_dump` writes it (block style, keys sorted, single quotes where
 * quoting is needed), readable by PyYAML's safe loader whatever the strings hold.
 *
 * Like safeYaml.ts's stringifySafeYaml, plus: a string holding a tab, a line break, another control
 * character, NEL, LS/PS, a BOM or a non-character is written double-quoted with escapes. PyYAML
 * rejects a tab inside a plain scalar, reads a raw NEL/LS/PS as a line break and refuses raw
 * DEL, C1 controls, U+FFFE and U+FFFF, while the `yaml` package leaves those raw. And the string
 * "<<" is quoted (the package writes it bare under YAML 1.1, which PyYAML reads as a merge key).
 */
import { Document, visit } from 'yaml';
import { looksLikeNonString } from '../model/safeYaml';

// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_ESCAPES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
/** Characters the `yaml` package leaves raw inside double quotes; they only occur inside such scalars. */
const RAW_IN_DOUBLE_QUOTES = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A flat (or nested) mapping as meta.yaml text. */
export function stringifyMetaYaml(value: Record<string, unknown>): string {
  const doc = new Document(value, { version: '1.1', sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (NEEDS_ESCAPES.test(node.value)) node.type = 'QUOTE_DOUBLE';
      else if (looksLikeNonString(node.value)) node.type = 'QUOTE_SINGLE';
    },
  });
  return (
    doc
      .toString({ singleQuote: true, lineWidth: 0, indent: 2 })
      .replace(RAW_IN_DOUBLE_QUOTES, escape)
      // The package's YAML 1.1 schema always writes the string "<<" bare (as its merge key), which
      // PyYAML then reads as the merge tag and refuses; quote it by hand.
      .replace(/^(\s*[\w-]+): <<$/gm, "$1: '<<'")
  );
}

/** Strings every YAML reader takes as plain text: a letter or `_`, then word characters, `-`, `.`, `/`. */
const PLAIN = /^[A-Za-z_][\w\-./]*$/;
/**
 * …except the words YAML 1.1 reads as booleans or null, and `e5`-like exponents (the `yaml`
 * package's YAML 1.1 resolvers, a superset of PyYAML's; the slow path quotes them).
 */
const RESERVED = /^(?:y|yes|n|no|true|false|on|off|null|[eE][-+]?[0-9_]+)$/i;

/**
 * The same text as stringifyMetaYaml for a flat mapping of strings, integers, null and empty lists,
 * without building a YAML document for the common plain values (a run's meta.yaml is written
 * per run, so this is on the export's hot path).
 */
export function stringifyFlatMetaYaml(value: Record<string, string | number | null | readonly never[]>): string {
  let text = '';
  for (const key of Object.keys(value).sort()) {
    const item = value[key];
    if (item === null) text += `${key}: null\n`;
    else if (typeof item === 'number' && Number.isSafeInteger(item)) text += `${key}: ${item}\n`;
    else if (Array.isArray(item) && item.length === 0) text += `${key}: []\n`;
    else if (typeof item === 'string' && PLAIN.test(item) && !RESERVED.test(item)) text += `${key}: ${item}\n`;
    else text += stringifyMetaYaml({ [key]: item });
  }
  return text;
}
