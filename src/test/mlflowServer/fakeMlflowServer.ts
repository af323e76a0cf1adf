/**
 * A fake MLflow Tracking Server for tests: an in-memory server on `node:http` (127.0.0.1, an
 * ephemeral port) that answers like the real MLflow 3.5 (or 2.12) server recorded in
 * shared/mlflow-fixtures/rest-3.5, rest-2.12 and rest-3.5-auth — same status codes, content
 * types, CORS headers, body shapes and quirks. Those recordings are the contract; the contract
 * tests beside this file replay every one of them against it.
 *
 * What it implements (paths under /api/2.0/mlflow/, also /ajax-api/2.0/mlflow/):
 * - `GET /health` ("OK") and `GET /version` ("3.5.2.dev0" / "2.12.2.dev0"), both text/html.
 * - experiments: get-by-name (404 when missing), get, create (400 RESOURCE_ALREADY_EXISTS for a
 *   taken name), search (GET or POST; max_results, page_token, view_type, order_by, and filters
 *   on `name` and `tags.<key>` with =, !=, LIKE, ILIKE; see fakeSearch.ts for the grammar).
 * - runs: create (run_name, start_time, tags, user_id; `artifact_uri`
 *   `mlflow-artifacts:/<exp>/<run>/artifacts`, `user_id` ""), get, update (status, end_time,
 *   run_name), delete, restore, set-tag, delete-tag, log-metric, log-parameter, log-batch, search
 *   (experiment_ids, run_view_type, max_results, page_token, order_by on attributes, metrics,
 *   params and tags; filters AND-ing `metrics.<k> <op> <number>`, `params.<k>`, `tags.<k>` and
 *   `attributes.<run_name|status|run_id|user_id|start_time|end_time>`; `OR` or parentheses → 400).
 * - metrics/get-history, paged by max_results (≤ 25,000) with the recorded tokens.
 * - artifacts: PUT/GET/DELETE `/api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<path>`,
 *   the listing `GET /api/2.0/mlflow-artifacts/artifacts?path=…`, `GET artifacts/list?run_id=&path=`
 *   and the UI's `GET /get-artifact?path=&run_uuid=` (fakeArtifacts.ts).
 * - registry: registered-models create/get/search, model-versions create/get/search,
 *   registered-models/alias (POST set, GET get, DELETE delete).
 * - basic auth (option `auth`), with users/create, users/get, experiments/permissions/get (fakeAuth.ts).
 *
 * Quirks it reproduces, with the recording that shows each:
 * - CORS 3.5 (quirk 14; rest-3.5/03–06): a preflight from every origin gets 200 "OK" echoing the
 *   Origin and the requested headers, methods `GET, POST, PUT, DELETE, OPTIONS, PATCH`,
 *   `allow-credentials: true`, `max-age: 600`, `vary: Origin`; every other response carries
 *   `access-control-allow-origin: *`, `allow-credentials: true`, `expose-headers: *`, and
 *   `vary: Origin` unless the Origin is a foreign one; a POST/PUT/DELETE/PATCH from an origin that is
 *   not http(s)://localhost or 127.0.0.1 (every port) nor in `allowedOrigins` gets 403 text/plain
 *   "Cross-origin request blocked" (without vary or the security headers); a GET goes through.
 *   3.5 responses also carry `x-content-type-options: nosniff` and `x-frame-options: SAMEORIGIN`.
 * - CORS 2.12 (`cors: 'none'`, quirk 15; rest-2.12/03): no Access-Control headers at all; OPTIONS
 *   answers 200 with `Allow` (`POST, OPTIONS` for a POST endpoint) and an empty text/html body.
 * - Non-finite metrics (quirk 16; rest-3.5/14–16, 33–34): "NaN"/"Infinity"/"-Infinity" strings are
 *   taken; ±Infinity is kept and returned as ±1.7976931348623157e308 (also as the latest value),
 *   NaN as "NaN"; `null` → 400 INVALID_PARAMETER_VALUE; a body that is JSON only with bare
 *   NaN/Infinity tokens → 200 and every metric of it stored as (0.0, timestamp 0, step 0), which
 *   the duplicate rule below folds to one point per key: the recording's "one bogus point".
 * - get-history without max_results (quirk 17; rest-3.5/31): 3.5 answers 200 with no `metrics`
 *   and `next_page_token` = base64 `{"offset": 0}` (it reads the missing value as 0); 2.12 returns
 *   the whole history (rest-2.12/12). Tokens are base64 of `{"offset": N}` as Python writes it.
 * - Malformed JSON (quirk 18; rest-3.5/59) is read as an empty body, so runs/create fails with
 *   400 BAD_REQUEST; a POST without `application/json` (rest-3.5/60) → 400 INVALID_PARAMETER_VALUE.
 * - log-batch limits (quirk 19, 22; rest-3.5/17–20): > 1000 metrics, > 100 params, > 100 tags,
 *   > 1000 entries → 400 with MLflow's "A batch logging request can contain at most …" message,
 *   checked before the run is looked up; a param over 6,000 characters (code points) is cut to
 *   6,000 silently; a changed param → 400 naming old and new value; the same value again → 200.
 * - Empty fields left out (quirk 20): `{}` replies, no `end_time` while running, `inputs: {}` on
 *   runs/create (3.5 only), `inputs` and `outputs` on runs/get (2.12: `inputs`), `inputs` in
 *   runs/search; `description: ""` and `run_link: ""` on model versions, `aliases` on a version
 *   only when read by alias or by model-versions/get.
 * - Artifacts (quirk 21): a missing file is 500 INTERNAL_ERROR JSON; downloads carry
 *   `content-disposition: attachment; filename=…` and a type guessed from the extension.
 * - Status codes (quirk 22): unknown run 404 RESOURCE_DOES_NOT_EXIST; missing alias 400; unknown
 *   endpoint 404 with Flask's HTML page; a deleted run is still returned by runs/get.
 * - Basic auth (rest-3.5-auth/): 401 text/html with the app's sentence and
 *   `www-authenticate: Basic realm="mlflow"` (CORS headers on it) for no, wrong or Bearer
 *   credentials; 403 text/html "Permission denied" for a write by a READ user; `/health` and
 *   preflights need no credentials, `/version` does.
 *
 * Not from the recordings (chosen after MLflow's SQL store, so a test should not lean on them):
 * an exact duplicate point (same key, value, timestamp, step) is stored once, as the metrics
 * table's primary key does (option `dedupMetrics`, default true); a param key given twice in one
 * log-batch → 400 even with the same value (MLflow's duplicate-key check); histories come back in logging
 * order; runs/search hands out a next_page_token whenever a page is full (so a last full page is
 * followed by an empty one, as the SQL store's paging does) while experiments/search and
 * get-history give one only when more follow (the recordings cannot tell the two rules apart, so a
 * client must page until there is no token and accept an empty last page); runs/search's default
 * order is start_time DESC then run id; a request without an Origin header (Node's fetch) is
 * treated like a local one; a method an endpoint has not → Flask's 405 HTML page; a READ user may
 * create an experiment or registered model and then write to it, as the basic-auth app gives its
 * creator MANAGE (rest-3.5-auth/13's note).
 *
 * Not implemented: the 1 MB request-size check, tag-value length limits, datasets/inputs,
 * logged models, stages and transitions, experiment delete/rename, model deletes, permissions
 * other than READ/write, the UI's other endpoints. An endpoint not listed here answers 404 HTML.
 *
 * Test hooks: `requests` (every request: method, path, query, headers, parsed body, the status it
 * got), `state` (the in-memory store), `failNext(match, response, times)` where response is a
 * status and body, `{ delayMs }` (served late), 'drop-connection' (cut before handling) or
 * 'drop-after-handling' (stored, then cut: the client cannot know), and `setOffline(on)` (stops
 * listening, so connections are refused).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addUsers, authenticate, UNAUTHENTICATED_BODY, USER_ROUTES, type AuthUserOptions } from './fakeAuth';
import { ARTIFACTS_PREFIX, LIST_ARTIFACTS_ROUTE, serveGetArtifact, serveMlflowArtifacts, type RawReply } from './fakeArtifacts';
import { isLocalOrigin, parseBody, queryArgs, readBody } from './fakeHttp';
import { JSON_ROUTES, PermissionDenied, type Args, type JsonRoute, type RouteContext } from './fakeRoutes';
import { FakeMlflowState, MlflowApiError } from './fakeStore';
import type { MlflowVersion } from './fakeViews';

export { FakeMlflowState, MlflowApiError } from './fakeStore';
export type { FakeExperiment, FakeMetricPoint, FakeModelVersion, FakeRegisteredModel, FakeRun } from './fakeStore';

export interface FakeMlflowServerOptions {
  /** Which server to play: '3.5' (default) or '2.12' (get-history, body shapes, no security headers). */
  readonly version?: MlflowVersion;
  /** 'mlflow-3.5' (default for 3.5) or 'none' (2.12's: no CORS headers; the default for 2.12). */
  readonly cors?: 'mlflow-3.5' | 'none';
  /** Foreign origins allowed to write, as `--cors-allowed-origins` adds them. */
  readonly allowedOrigins?: readonly string[];
  /** Play the basic-auth app with these users. */
  readonly auth?: { readonly users: Readonly<Record<string, AuthUserOptions>> };
  /** Store an exact duplicate point once, as the SQL store does (default true). */
  readonly dedupMetrics?: boolean;
  /** Keep request bodies in `requests` (default true; a bench may turn it off to save memory). */
  readonly recordBodies?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** Lower-case names, as Node hands them over. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body parsed (bare NaN/Infinity read as 0), or undefined when there was none or it was not JSON. */
  readonly body: unknown;
  /** The body as text when it was not JSON (artifact uploads, malformed bodies). */
  readonly bodyText?: string;
  /** The status answered, or 0 when the connection was dropped (or is still being answered). */
  status: number;
  /** Whether failNext answered it. */
  injected: boolean;
}

export interface FaultMatch {
  readonly method?: string;
  readonly pathIncludes?: string;
}

export type FaultResponse =
  | { readonly status: number; readonly body?: string | object; readonly contentType?: string }
  /** Serve the request as usual, this many milliseconds late (a slow server or network). */
  | { readonly delayMs: number }
  | 'drop-connection'
  | 'drop-after-handling';

export interface FakeMlflowServer {
  readonly url: string;
  readonly state: FakeMlflowState;
  readonly requests: RecordedRequest[];
  /** The next `times` requests matching `match` get `response` instead of being served ('drop-after-handling': served, then the connection is cut without a reply). */
  failNext(match: FaultMatch, response: FaultResponse, times?: number): void;
  /** Offline: the port stops listening (connection refused) and open connections are cut. */
  setOffline(offline: boolean): Promise<void>;
  close(): Promise<void>;
}

const API_PREFIXES = ['/api/2.0/mlflow/', '/ajax-api/2.0/mlflow/'];
const VERSION_TEXT: Readonly<Record<MlflowVersion, string>> = { '3.5': '3.5.2.dev0', '2.12': '2.12.2.dev0' };
const NOT_FOUND_HTML = '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';
const METHOD_NOT_ALLOWED_HTML = '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n';
const HTML = 'text/html; charset=utf-8';
const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

function findJsonRoute(path: string, withAuth: boolean): { route: JsonRoute | undefined; name: string } | null {
  const prefix = API_PREFIXES.find((candidate) => path.startsWith(candidate));
  if (prefix === undefined) return null;
  const name = path.slice(prefix.length);
  if (name === 'artifacts/list') return { route: LIST_ARTIFACTS_ROUTE, name };
  return { route: JSON_ROUTES[name] ?? (withAuth ? USER_ROUTES[name] : undefined), name };
}

/** Starts a fake MLflow server on 127.0.0.1 at an ephemeral port. */
export async function startFakeMlflowServer(options: FakeMlflowServerOptions = {}): Promise<FakeMlflowServer> {
  const version = options.version ?? '3.5';
  const cors = options.cors ?? (version === '3.5' ? 'mlflow-3.5' : 'none');
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const recordBodies = options.recordBodies ?? true;
  const state = new FakeMlflowState({ dedupMetrics: options.dedupMetrics ?? true });
  if (options.auth) addUsers(state, options.auth.users);
  const requests: RecordedRequest[] = [];
  const faults: Array<{ match: FaultMatch; response: FaultResponse; remaining: number }> = [];
  const security: Record<string, string> = version === '3.5' ? { 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' } : {};

  function corsHeaders(origin: string | undefined): Record<string, string> {
    if (cors === 'none') return {};
    const trusted = origin === undefined || isLocalOrigin(origin) || allowedOrigins.has(origin);
    return {
      'access-control-allow-credentials': 'true',
      'access-control-allow-origin': '*',
      'access-control-expose-headers': '*',
      ...(trusted ? { vary: 'Origin' } : {}),
    };
  }

  function send(response: ServerResponse, record: RecordedRequest, status: number, headers: Record<string, string>, body: Buffer | string): void {
    record.status = status;
    if (response.destroyed) return;
    response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const path = url.pathname;
    const raw = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    const isJsonType = contentType.split(';')[0]?.trim().toLowerCase() === 'application/json';
    const text = raw.toString('utf8');
    const parsedBody = raw.length > 0 && isJsonType ? parseBody(text) : null;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
    const record: RecordedRequest = {
      method,
      path,
      query: queryArgs(url.searchParams),
      headers,
      body: recordBodies && parsedBody ? parsedBody.parsed : undefined,
      ...(recordBodies && raw.length > 0 && !parsedBody ? { bodyText: text } : {}),
      status: 0,
      injected: false,
    };
    requests.push(record);
    const origin = request.headers.origin;
    const corsOn = corsHeaders(origin);
    let dropAfter = false;
    // Every answer goes out here, so 'drop-after-handling' cuts the connection whatever the answer.
    const emit = (status: number, outHeaders: Record<string, string>, body: Buffer | string): void => {
      if (!dropAfter) return send(response, record, status, outHeaders, body);
      record.status = status;
      request.socket.destroy();
    };

    const fault = faults.find((candidate) => candidate.remaining > 0 &&
      (candidate.match.method === undefined || candidate.match.method.toUpperCase() === method) &&
      (candidate.match.pathIncludes === undefined || `${path}${url.search}`.includes(candidate.match.pathIncludes)));
    if (fault) {
      fault.remaining -= 1;
      record.injected = true;
      const injected = fault.response;
      if (injected === 'drop-connection') {
        request.socket.destroy();
        return;
      }
      if (injected === 'drop-after-handling') dropAfter = true;
      else if ('delayMs' in injected) await new Promise((resolve) => setTimeout(resolve, injected.delayMs));
      else {
        const { status, body = '', contentType: type } = injected;
        const isText = typeof body === 'string';
        send(response, record, status, { ...corsOn, 'content-type': type ?? (isText ? HTML : 'application/json') }, isText ? body : JSON.stringify(body));
        return;
      }
    }
    const reply = (status: number, type: string, body: Buffer | string, extra: Record<string, string> = {}): void =>
      emit(status, { ...corsOn, 'content-type': type, ...security, ...extra }, body);
    const replyJson = (status: number, body: unknown): void => reply(status, 'application/json', JSON.stringify(body));

    const jsonRoute = findJsonRoute(path, options.auth !== undefined);
    if (method === 'OPTIONS') {
      if (cors === 'mlflow-3.5' && origin !== undefined) {
        emit(200, {
          'access-control-allow-credentials': 'true',
          ...(request.headers['access-control-request-headers'] ? { 'access-control-allow-headers': request.headers['access-control-request-headers'] } : {}),
          'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS, PATCH',
          'access-control-allow-origin': origin,
          'access-control-max-age': '600',
          'content-type': 'text/plain; charset=utf-8',
          vary: 'Origin',
        }, 'OK');
        return;
      }
      const methods = jsonRoute?.route?.methods ?? (path.startsWith(ARTIFACTS_PREFIX) ? ['GET', 'PUT', 'DELETE'] : path === '/health' || path === '/version' ? ['GET'] : null);
      if (!methods) return reply(404, HTML, NOT_FOUND_HTML);
      const allow = methods.flatMap((name) => (name === 'GET' ? ['GET', 'HEAD'] : [name]));
      return reply(200, HTML, '', { allow: [...allow, 'OPTIONS'].join(', ') });
    }
    if (cors === 'mlflow-3.5' && WRITE_METHODS.has(method) && origin !== undefined && !isLocalOrigin(origin) && !allowedOrigins.has(origin)) {
      emit(403, { ...corsOn, 'content-type': 'text/plain' }, 'Cross-origin request blocked');
      return;
    }
    let user = null;
    if (options.auth && path !== '/health') {
      user = authenticate(state, request.headers.authorization);
      if (!user) return reply(401, HTML, UNAUTHENTICATED_BODY, { 'www-authenticate': 'Basic realm="mlflow"' });
    }
    const context: RouteContext = { state, version, method, user, bareTokens: parsedBody?.bareTokens ?? false };
    try {
      if (path === '/health' || path === '/version') {
        if (method !== 'GET' && method !== 'HEAD') return reply(405, HTML, METHOD_NOT_ALLOWED_HTML);
        return reply(200, HTML, path === '/health' ? 'OK' : VERSION_TEXT[version]);
      }
      const replyRaw = (served: RawReply | null): void => {
        if (!served) return reply(405, HTML, METHOD_NOT_ALLOWED_HTML);
        reply(served.status, served.contentType, served.body, { ...served.headers });
      };
      if (path === ARTIFACTS_PREFIX || path.startsWith(`${ARTIFACTS_PREFIX}/`)) {
        return replyRaw(serveMlflowArtifacts({ ...context, body: raw, query: url.searchParams }, decodeURIComponent(path.slice(ARTIFACTS_PREFIX.length + 1))));
      }
      if (path === '/get-artifact' && method === 'GET') return replyRaw(serveGetArtifact({ ...context, query: url.searchParams }));
      if (!jsonRoute?.route) return reply(404, HTML, NOT_FOUND_HTML);
      if (!jsonRoute.route.methods.includes(method)) return reply(405, HTML, METHOD_NOT_ALLOWED_HTML);
      let args: Args = queryArgs(url.searchParams);
      if (method === 'POST' || method === 'PATCH') {
        if (!isJsonType) return replyJson(400, { error_code: 'INVALID_PARAMETER_VALUE', message: "Bad Request. Content-Type must be one of ['application/json']." });
        // Malformed JSON is read as an empty body (quirk 18).
        const parsed = parsedBody?.parsed;
        args = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Args) : {};
      } else if (method === 'DELETE' && parsedBody && typeof parsedBody.parsed === 'object' && parsedBody.parsed !== null) {
        args = { ...args, ...(parsedBody.parsed as Args) };
      }
      return replyJson(200, jsonRoute.route.handle(args, context));
    } catch (error) {
      if (error instanceof PermissionDenied) return reply(403, HTML, 'Permission denied');
      if (error instanceof MlflowApiError) return replyJson(error.status, { error_code: error.errorCode, message: error.message });
      return replyJson(500, { error_code: 'INTERNAL_ERROR', message: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      }
    });
  });
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const port = await listen(0);
  let offline = false;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    failNext(match, response, times = 1) {
      faults.push({ match, response, remaining: times });
    },
    async setOffline(next) {
      if (next === offline) return;
      offline = next;
      if (next) await stop();
      else await listen(port);
    },
    close: stop,
  };
}
