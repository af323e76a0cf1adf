/**
 * Contract tests of the fake MLflow server: every exchange recorded with a real MLflow server
 * (shared/mlflow-fixtures/rest-3.5, rest-3.5-auth, rest-2.12) is replayed in order against a fresh
 * fake, and the status, content type, CORS and other recorded headers and the body must match.
 * What changes between recordings is mapped or ignored as the fixtures README says: run ids are
 * learned from the responses and substituted into later requests, wall-clock times are ignored,
 * and error bodies are compared by `error_code` (their messages embed SQL and server paths).
 * Skipped, with a warning, when the fixtures folder is not next to the repository; the rules
 * that need no fixtures are tested in fakeMlflowServerRules.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMlflowServer, type FakeMlflowServer, type FakeMlflowServerOptions } from './fakeMlflowServer';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURES = resolve(REPO_ROOT, '../shared/mlflow-fixtures');
const present = existsSync(FIXTURES);
if (!present) console.warn(`Skipping the fake MLflow server's contract tests: the fixtures folder ${FIXTURES} is missing.`);

interface Exchange {
  readonly file: string;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Record<string, string>;
    readonly body?: unknown;
    readonly body_text?: string;
    readonly body_base64?: string;
  };
  readonly response: {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body?: unknown;
    readonly body_text?: string;
    readonly body_base64?: string;
  };
}

function loadExchanges(folder: string): Exchange[] {
  const dir = resolve(FIXTURES, folder);
  return readdirSync(dir)
    .filter((name) => /^\d+-.*\.json$/.test(name))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as Omit<Exchange, 'file'>) }));
}

/** The response headers the recordings keep (besides Date, Server, Content-Length). */
const RECORDED_HEADER = /^(access-control-.*|content-type|vary|allow|content-disposition|cache-control|x-content-type-options|x-frame-options|www-authenticate)$/;
const WALL_CLOCK = new Set(['creation_time', 'last_update_time', 'creation_timestamp', 'last_updated_timestamp']);
const RUN_ID = /^[0-9a-f]{32}$/;

/** Replaces every recorded run id by the one the fake gave the same run. */
function substitute(text: string, ids: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [recorded, fake] of ids) out = out.split(recorded).join(fake);
  return out;
}

/** Learns run ids: where the recorded body has a run id, the fake's body has its own at the same place. */
function learnIds(recorded: unknown, actual: unknown, ids: Map<string, string>): void {
  if (typeof recorded === 'string' && typeof actual === 'string') {
    if (RUN_ID.test(recorded) && RUN_ID.test(actual) && recorded !== actual && !ids.has(recorded)) ids.set(recorded, actual);
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    recorded.forEach((item, index) => learnIds(item, actual[index], ids));
    return;
  }
  if (typeof recorded === 'object' && recorded !== null && typeof actual === 'object' && actual !== null) {
    for (const [key, value] of Object.entries(recorded)) learnIds(value, (actual as Record<string, unknown>)[key], ids);
  }
}

/** What is compared of a JSON body: wall-clock times become a marker, error bodies their code. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.error_code === 'string') return { error_code: record.error_code, message: typeof record.message };
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, WALL_CLOCK.has(key) && typeof item === 'number' ? 'wall-clock' : stable(item)]));
}

function requestBody(exchange: Exchange, ids: ReadonlyMap<string, string>): string | Uint8Array<ArrayBuffer> | undefined {
  const { request } = exchange;
  if (request.body_base64 !== undefined) return new Uint8Array(Buffer.from(request.body_base64, 'base64'));
  if (request.body_text !== undefined) return substitute(request.body_text, ids);
  if (request.body !== undefined && request.body !== null) return substitute(JSON.stringify(request.body), ids);
  return undefined;
}

async function replay(exchange: Exchange, server: FakeMlflowServer, ids: Map<string, string>): Promise<void> {
  const { request, response: recorded, file } = exchange;
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, substitute(value, ids)]));
  const response = await fetch(`${server.url}${substitute(request.url, ids)}`, { method: request.method, headers, body: requestBody(exchange, ids) });
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(response.status, `${file}: status`).toBe(recorded.status);

  const actualHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (RECORDED_HEADER.test(name)) actualHeaders[name] = value;
  });
  expect(actualHeaders, `${file}: headers`).toEqual(recorded.headers);

  if (recorded.body !== undefined && recorded.body !== null) {
    const actual: unknown = JSON.parse(bytes.toString('utf8'));
    learnIds(recorded.body, actual, ids);
    const expected: unknown = JSON.parse(substitute(JSON.stringify(recorded.body), ids));
    expect(stable(actual), `${file}: body`).toEqual(stable(expected));
  } else if (recorded.body_text !== undefined) {
    expect(bytes.toString('utf8'), `${file}: body`).toBe(substitute(recorded.body_text, ids));
  } else if (recorded.body_base64 !== undefined) {
    expect(bytes.toString('base64'), `${file}: body`).toBe(recorded.body_base64);
  } else {
    expect(bytes.length, `${file}: empty body`).toBe(0);
  }
}

const RECORDINGS: ReadonlyArray<{ folder: string; options: FakeMlflowServerOptions; count: number }> = [
  { folder: 'rest-3.5', options: {}, count: 63 },
  { folder: 'rest-2.12', options: { version: '2.12' }, count: 17 },
  // The admin only: the recording creates trainyard-viewer through users/create (24).
  { folder: 'rest-3.5-auth', options: { auth: { users: { admin: { password: 'password1234', canWrite: true, isAdmin: true } } } }, count: 34 },
];

describe.skipIf(!present)('fakeMlflowServer replays real MLflow (shared/mlflow-fixtures)', () => {
  describe.each(RECORDINGS)('$folder', ({ folder, options, count }) => {
    let server: FakeMlflowServer;
    const ids = new Map<string, string>();
    const exchanges = present ? loadExchanges(folder) : [];

    beforeAll(async () => {
      server = await startFakeMlflowServer(options);
    });
    afterAll(async () => {
      await server.close();
    });

    it('should hold every recorded exchange', () => {
      expect(exchanges).toHaveLength(count);
    });

    // In order, against one server: each exchange depends on the ones before it.
    it.each(exchanges.map((exchange) => [exchange.file, exchange] as const))('should answer %s as recorded', async (_file, exchange) => {
      await replay(exchange, server, ids);
      const seen = server.requests.at(-1);
      expect(seen?.method).toBe(exchange.request.method);
      expect(seen?.path).toBe(substitute(exchange.request.url, ids).split('?')[0]);
    });
  });

  it('should keep what the 3.5 recording stored, as MLflow read it back', async () => {
    const server = await startFakeMlflowServer();
    try {
      const ids = new Map<string, string>();
      for (const exchange of loadExchanges('rest-3.5').slice(0, 22)) await replay(exchange, server, ids);
      const [run] = [...server.state.runs.values()];
      expect(run?.params.get('long_param')).toHaveLength(6000);
      expect(run?.metrics.get('grad_norm')?.map((point) => point.value)).toEqual([0.5, Number.NaN, Number.MAX_VALUE, -Number.MAX_VALUE]);
      expect(run?.metrics.get('grad_norm_py')).toEqual([{ key: 'grad_norm_py', value: 0, timestamp: 0, step: 0 }]);
      expect(run?.metrics.has('too_many')).toBe(false);
      expect(run?.metrics.has('grad_norm_js')).toBe(false);
    } finally {
      await server.close();
    }
  });
});
