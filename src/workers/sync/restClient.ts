/**
 * A client for one MLflow tracking server's REST API (`/api/2.0/mlflow/…` and the proxied
 * artifacts under `/api/2.0/mlflow-artifacts/…`), as the recorded servers behave
 * (shared/mlflow-fixtures/rest-3.5, rest-2.12, rest-3.5-auth):
 *
 * - It only ever talks to the server it was made for: every address is that server's root plus an
 *   API path; nothing else can be asked for.
 * - Credentials go in an `Authorization` header, never with `credentials: 'include'` (the servers
 *   answer `access-control-allow-origin: *`, which a credentialed request may not read).
 * - Every POST is JSON (a `text/plain` body is refused with a 400), so every POST is preflighted.
 * - Failures become a ServerError whose message names the server, what was being done and what to
 *   do (domain/mlflowRest/failures.ts). A fetch that throws is told apart by probing `/health`: a
 *   cut connection (it answers now), CORS (only a `no-cors` request, which a browser sends without
 *   asking the server's permission, gets an answer) or a server that is down.
 */
import { describeFailure, type DescribedFailure, type FailureKind, type SeenFailure } from '../../domain/mlflowRest/failures';
import type { LogBatchBody } from '../../domain/mlflowRest/logBatch';
import type { RestExperiment, RestMetricPoint, RestRun } from '../../domain/mlflowRest/restTypes';
import { normaliseServerUrl, type ServerAuth } from '../../domain/mlflowRest/serverConfig';

export class ServerError extends Error {
  readonly kind: FailureKind;
  readonly status: number | null;
  readonly errorCode: string | null;

  constructor(described: DescribedFailure, status: number | null) {
    super(described.message);
    this.name = 'ServerError';
    this.kind = described.kind;
    this.status = status;
    this.errorCode = described.errorCode;
  }
}

export interface RestClientOptions {
  /** The server's root, e.g. http://127.0.0.1:5000 (checked by normaliseServerUrl). */
  url: string;
  auth?: ServerAuth | null;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** This page's origin, for the CORS advice; defaults to location.origin. */
  origin?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  /** What is being done, for messages: "pushing run "lr-0.1"". */
  action: string;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** The most points get-history returns per page (spec §13: metric-history bulk ≤ 25,000). */
export const HISTORY_PAGE_SIZE = 25_000;

export class MlflowRestClient {
  readonly url: string;
  private readonly auth: ServerAuth | null;
  private readonly fetcher: typeof fetch;
  private readonly origin: string;

  constructor(options: RestClientOptions) {
    this.url = normaliseServerUrl(options.url);
    this.auth = options.auth ?? null;
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.origin = options.origin ?? globalThis.location?.origin ?? 'this page';
  }

  private address(path: string, query?: Query): string {
    if (!path.startsWith('/') || path.startsWith('//')) throw new TypeError(`An API path must start with one "/": ${path}`);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return `${this.url}${path}${search ? `?${search}` : ''}`;
  }

  private headers(json: boolean): Headers {
    const headers = new Headers();
    if (json) headers.set('content-type', 'application/json');
    if (this.auth?.kind === 'basic') headers.set('authorization', `Basic ${base64(`${this.auth.username}:${this.auth.password}`)}`);
    if (this.auth?.kind === 'bearer') headers.set('authorization', `Bearer ${this.auth.token}`);
    return headers;
  }

  /** One request; resolves with the response when its status is 2xx, else throws a ServerError. */
  async send(method: 'GET' | 'POST' | 'PUT', path: string, options: RequestOptions & { raw?: BodyInit }): Promise<Response> {
    const json = options.body !== undefined;
    let response: Response;
    try {
      response = await this.fetcher(this.address(path, options.query), {
        method,
        headers: this.headers(json),
        body: json ? JSON.stringify(options.body) : options.raw,
        signal: options.signal,
        // Never 'include': the servers answer with a wildcard origin, which a credentialed request may not read.
        // No `cache: 'no-store'` either: it makes Chromium skip its preflight cache, one OPTIONS per POST
        // (MLflow's replies carry no caching headers, so GETs still reach the server every time).
        credentials: 'omit',
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ServerError(describeFailure({ kind: 'network', probe: await this.probe(), write: method !== 'GET' }, this.context(options.action)), null);
    }
    if (response.ok) return response;
    const seen: SeenFailure = {
      kind: 'http',
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: await response.text().catch(() => ''),
      sentAuthorization: this.auth?.kind ?? null,
    };
    throw new ServerError(describeFailure(seen, this.context(options.action)), response.status);
  }

  /** A JSON API call; resolves with the parsed reply (`{}` for MLflow's empty replies). */
  async call<T>(method: 'GET' | 'POST', path: string, options: RequestOptions): Promise<T> {
    const response = await this.send(method, `/api/2.0/mlflow/${path}`, options);
    const text = await response.text();
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ServerError(
        { kind: 'not-mlflow', errorCode: null, message: `${this.url} answered ${options.action} with something that is not JSON: is it an MLflow tracking server? Check the URL.` },
        response.status,
      );
    }
  }

  private context(action: string) {
    return { server: this.url, action, origin: this.origin };
  }

  /**
   * After a request threw: is the server up and readable (the connection was cut), up but hiding
   * its replies from this page (CORS: only a `no-cors` request, which a browser sends without asking
   * the server's permission, gets an answer), or down?
   */
  private async probe(): Promise<'readable' | 'hidden' | 'down' | null> {
    const health = this.address('/health');
    try {
      await this.fetcher(health, { method: 'GET', credentials: 'omit', cache: 'no-store' });
      return 'readable';
    } catch {
      // Not readable from here; try without asking for permission to read.
    }
    try {
      await this.fetcher(health, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
      return 'hidden';
    } catch {
      // A cross-origin isolated page (this app: COEP require-corp) cannot read even an opaque reply
      // without a Cross-Origin-Resource-Policy header, so there a failure does not prove the server is down.
      return globalThis.crossOriginIsolated === true ? null : 'down';
    }
  }

  // ── What the server is ───────────────────────────────────────────────────────────────────

  async health(): Promise<boolean> {
    const response = await this.send('GET', '/health', { action: 'checking that it is up' });
    return response.ok;
  }

  /** The server's MLflow version (its `/version`, plain text), or null when it does not say. */
  async version(): Promise<string | null> {
    try {
      const text = (await (await this.send('GET', '/version', { action: 'asking its version' })).text()).trim();
      return /^\d+\.\d+/.test(text) ? text : null;
    } catch (error) {
      if (error instanceof ServerError && (error.kind === 'not-found' || error.kind === 'not-mlflow')) return null;
      throw error;
    }
  }

  // ── Experiments ──────────────────────────────────────────────────────────────────────────

  async getExperimentByName(name: string): Promise<RestExperiment | null> {
    try {
      const reply = await this.call<{ experiment: RestExperiment }>('GET', 'experiments/get-by-name', { action: `looking up experiment "${name}"`, query: { experiment_name: name } });
      return reply.experiment;
    } catch (error) {
      if (error instanceof ServerError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  async createExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    const reply = await this.call<{ experiment_id: string }>('POST', 'experiments/create', {
      action: `creating experiment "${name}"`,
      body: { name, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
    });
    return reply.experiment_id;
  }

  async searchExperiments(options: { maxResults?: number; pageToken?: string; filter?: string } = {}): Promise<{ experiments: RestExperiment[]; nextPageToken: string | null }> {
    const reply = await this.call<{ experiments?: RestExperiment[]; next_page_token?: string }>('POST', 'experiments/search', {
      action: 'listing its experiments',
      body: { max_results: options.maxResults ?? 1000, ...(options.pageToken ? { page_token: options.pageToken } : {}), ...(options.filter ? { filter: options.filter } : {}) },
    });
    return { experiments: reply.experiments ?? [], nextPageToken: reply.next_page_token ?? null };
  }

  // ── Runs ─────────────────────────────────────────────────────────────────────────────────

  async createRun(body: { experiment_id: string; run_name?: string; start_time?: number; tags?: { key: string; value: string }[] }, action: string): Promise<RestRun> {
    return (await this.call<{ run: RestRun }>('POST', 'runs/create', { action, body })).run;
  }

  async getRun(runId: string, action: string): Promise<RestRun | null> {
    try {
      return (await this.call<{ run: RestRun }>('GET', 'runs/get', { action, query: { run_id: runId } })).run;
    } catch (error) {
      if (error instanceof ServerError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  async logBatch(body: LogBatchBody, action: string): Promise<void> {
    await this.call('POST', 'runs/log-batch', { action, body });
  }

  async updateRun(body: { run_id: string; status?: string; end_time?: number; run_name?: string }, action: string): Promise<void> {
    await this.call('POST', 'runs/update', { action, body });
  }

  async searchRuns(
    body: { experiment_ids: string[]; filter?: string; max_results?: number; page_token?: string; order_by?: string[]; run_view_type?: string },
    action: string,
  ): Promise<{ runs: RestRun[]; nextPageToken: string | null }> {
    const reply = await this.call<{ runs?: RestRun[]; next_page_token?: string }>('POST', 'runs/search', { action, body });
    return { runs: reply.runs ?? [], nextPageToken: reply.next_page_token ?? null };
  }

  /**
   * Every point of a metric, page by page. Always sends `max_results`: without it MLflow 3.5
   * answers 200 with no points at all (quirk 17).
   */
  async getMetricHistory(runId: string, key: string, action: string): Promise<RestMetricPoint[]> {
    const points: RestMetricPoint[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const reply = await this.call<{ metrics?: RestMetricPoint[]; next_page_token?: string }>('GET', 'metrics/get-history', {
        action,
        query: { run_id: runId, metric_key: key, max_results: HISTORY_PAGE_SIZE, page_token: pageToken },
      });
      points.push(...(reply.metrics ?? []));
      // A page with no points ends it even if a token came with it, so a server that keeps sending
      // tokens cannot loop us forever.
      if (!reply.next_page_token || (reply.metrics ?? []).length === 0) return points;
      pageToken = reply.next_page_token;
    }
  }

  // ── Artifacts (the server's proxied artifact store) ─────────────────────────────────────

  /** `mlflow-artifacts:/1/<run>/artifacts` → `1/<run>/artifacts`, or null for another kind of store. */
  static artifactRoot(artifactUri: string): string | null {
    const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+)$/.exec(artifactUri);
    return match?.[1]?.replace(/\/+$/, '') ?? null;
  }

  async putArtifact(root: string, path: string, content: Blob | Uint8Array, action: string): Promise<void> {
    const encoded = `${root}/${path}`.split('/').map(encodeURIComponent).join('/');
    const body = content instanceof Uint8Array ? new Blob([content as BlobPart]) : content;
    await this.send('PUT', `/api/2.0/mlflow-artifacts/artifacts/${encoded}`, { action, raw: body });
  }

  async getArtifact(root: string, path: string, action: string): Promise<Blob> {
    const encoded = `${root}/${path}`.split('/').map(encodeURIComponent).join('/');
    return (await this.send('GET', `/api/2.0/mlflow-artifacts/artifacts/${encoded}`, { action })).blob();
  }

  /** The files under a run's artifact root (recursively), with their sizes. */
  async listArtifacts(root: string, action: string): Promise<{ path: string; size: number }[]> {
    const files: { path: string; size: number }[] = [];
    const visit = async (sub: string): Promise<void> => {
      const reply = await this.send('GET', '/api/2.0/mlflow-artifacts/artifacts', { action, query: { path: sub ? `${root}/${sub}` : root } });
      const listing = (await reply.json()) as { files?: { path: string; is_dir?: boolean; file_size?: number | string }[] };
      for (const entry of listing.files ?? []) {
        const path = sub ? `${sub}/${entry.path}` : entry.path;
        if (entry.is_dir) await visit(path);
        else files.push({ path, size: Number(entry.file_size ?? 0) });
      }
    };
    await visit('');
    return files;
  }
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
