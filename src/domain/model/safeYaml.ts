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

/**
 * Block-style YAML with every mapping's keys sorted, single quotes preferred (like PyYAML), no line
 * folding, and every string that could be misread as a number, bool, null or date quoted.
 */
export function stringifySafeYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1', sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.type !== 'QUOTE_DOUBLE' && looksLikeNonString(node.value)) {
        node.type = 'QUOTE_SINGLE';
      }
    },
  });
  return doc.toString({ singleQuote: true, lineWidth: 0, indent: 2 });
}
