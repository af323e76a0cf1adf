/**
 * Plain HTTP helpers of the fake MLflow server: reading a request's body and query, the lenient
 * JSON reading that reproduces what MLflow does with bare NaN/Infinity tokens, and the origins
 * MLflow 3.5 trusts by default.
 */
import type { IncomingMessage } from 'node:http';

/** MLflow 3.5 lets browser pages on localhost and 127.0.0.1 (every port) write by default. */
export function isLocalOrigin(origin: string): boolean {
  return /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/i.test(origin);
}

/** Reads JSON; failing that, JSON with bare NaN/Infinity tokens (read as 0), as Python's json would. */
export function parseBody(text: string): { parsed: unknown; bareTokens: boolean } | null {
  try {
    return { parsed: JSON.parse(text), bareTokens: false };
  } catch {
    // Try the lenient reading below.
  }
  let out = '';
  let inString = false;
  let replaced = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    const token = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
    if (token?.[1]) {
      out += '0';
      i += token[1].length - 1;
      replaced = true;
      continue;
    }
    out += char;
  }
  if (!replaced) return null;
  try {
    return { parsed: JSON.parse(out), bareTokens: true };
  } catch {
    return null;
  }
}

export function queryArgs(query: URLSearchParams): Record<string, string | string[]> {
  const args: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    args[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return args;
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
