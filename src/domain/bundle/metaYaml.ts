/**
 * meta.yaml text as PyYAML's `safe_dump` writes it (block style, keys sorted, single quotes where
 * quoting is needed), readable by PyYAML's safe loader whatever the strings hold.
 *
 * The writing is safeYaml.ts's stringifySafeYaml (shared with MLmodel files); this module adds
 * a fast path for the flat mappings of run meta.yaml files.
 */
import { stringifySafeYaml } from '../model/safeYaml';

/** A flat (or nested) mapping as meta.yaml text. */
export function stringifyMetaYaml(value: Record<string, unknown>): string {
  return stringifySafeYaml(value);
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
