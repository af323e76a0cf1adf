/**
 * YAML the way MLflow writes it (PyYAML `safe_dump`: block style, keys sorted, strings that a
 * loader would read as something else quoted), and safe for both kinds of reader:
 * - PyYAML resolves plain scalars with YAML 1.1 rules (`yes`, `on`, `1:20`, `2024-01-01`, `0123`
 *   are not strings there), so the document is stringified with the `yaml` package's 1.1 schema;
 * - YAML 1.2 readers (the `yaml` package's default, used by our own importer) use the core schema,
 *   where e.g. `0o17` or `1e5` are numbers, so strings matching the 1.2 core patterns are quoted too,
 *   and so are `<<` and `=`, which PyYAML resolves to the merge and value tags.
 */
import { Document, visit } from 'yaml';

const YAML_12_CORE_NON_STRING = new RegExp(
  '^(?:' +
    [
      '~|null|Null|NULL', // null
      'true|True|TRUE|false|False|FALSE', // bool
      '[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+', // int
      '[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?', // float
      '[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)', // inf, nan
      '<<|=', // PyYAML merge / value tags
    ].join('|') +
    ')$',
);

/** True when a plain (unquoted) `text` would not read back as that string in some YAML reader. */
export function looksLikeNonString(text: string): boolean {
  return YAML_12_CORE_NON_STRING.test(text);
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_ESCAPES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
/** Characters the `yaml` package leaves raw inside double quotes; they only occur inside such scalars. */
const RAW_IN_DOUBLE_QUOTES = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Block-style YAML with every mapping's keys sorted, single quotes preferred (like PyYAML), no line
 * folding, and every string that could be misread as a number, bool, null or date quoted. A string
 * holding a tab, line break, other control character, NEL, LS/PS, BOM or non-character is written
 * double-quoted with escapes: PyYAML rejects a tab in a plain scalar, reads raw NEL/LS/PS as line
 * breaks and refuses raw DEL, C1 controls, U+FFFE and U+FFFF, which the `yaml` package leaves raw.
 */
export function stringifySafeYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1', sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (NEEDS_ESCAPES.test(node.value)) node.type = 'QUOTE_DOUBLE';
      else if (node.type !== 'QUOTE_DOUBLE' && looksLikeNonString(node.value)) node.type = 'QUOTE_SINGLE';
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
