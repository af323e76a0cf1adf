/**
 * The fake server's artifact endpoints, as MLflow 3.5 serves them with `--artifacts-destination`
 * (quirk 21; rest-3.5/37–45): the proxied `mlflow-artifacts` API (PUT and GET of bytes under
 * `<experiment_id>/<run_id>/artifacts/<path>`, a listing by `?path=`), the tracking API's
 * `artifacts/list` (run-relative paths plus `root_uri`) and the UI's `/get-artifact`. Like the real
 * proxy, an upload needs no run to exist: it is a file store.
 */
import { posix } from 'node:path';
import type { FakeMlflowState} from './fakeStore';
import { invalid, MlflowApiError } from './fakeStore';
import type { Args, JsonRoute, RouteContext } from './fakeRoutes';
import { PermissionDenied } from './fakeRoutes';

export const ARTIFACTS_PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

/** A reply with bytes: the server adds the CORS and security headers. */
export interface RawReply {
  readonly status: number;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: Buffer | string;
}

const MIME: Readonly<Record<string, string>> = {
  '.txt': 'text/plain', '.log': 'text/plain', '.md': 'text/markdown', '.csv': 'text/csv',
  '.json': 'application/json', '.yaml': 'application/octet-stream', '.yml': 'application/octet-stream',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  // MLflow serves markup as plain text, so an artifact cannot run script on its origin.
  '.html': 'text/plain', '.htm': 'text/plain', '.js': 'text/plain', '.svg': 'text/plain',
};

function contentDisposition(name: string): string {
  if (/^[\w.-]+$/.test(name)) return `attachment; filename=${name}`;
  if (/^[\x20-\x7e]+$/.test(name)) return `attachment; filename="${name.replace(/"/g, '\\"')}"`;
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '') || 'download';
  return `attachment; filename=${ascii.replace(/\s/g, '_')}; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function download(state: FakeMlflowState, storedPath: string, extraHeaders: Record<string, string> = {}): RawReply {
  const bytes = state.artifacts.get(storedPath);
  if (!bytes) {
    // A missing file is a 500 naming the server's folder, not a 404 (rest-3.5/41).
    const message = `The following failures occurred while downloading one or more artifacts from /fake-mlflow/art:\n##### File ${storedPath} #####\n[Errno 2] No such file or directory: '/fake-mlflow/art/${storedPath}'`;
    return { status: 500, contentType: 'application/json', body: JSON.stringify({ error_code: 'INTERNAL_ERROR', message }) };
  }
  const name = posix.basename(storedPath);
  return {
    status: 200,
    contentType: MIME[posix.extname(name).toLowerCase()] ?? 'application/octet-stream',
    headers: { ...extraHeaders, 'content-disposition': contentDisposition(name) },
    body: bytes,
  };
}

/** A relative artifact path with no `..` or absolute part, or a 400. */
function safePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed.split('/').some((part) => part === '..' || part === '.') || path.includes('\\')) throw invalid(`Invalid path: '${path}'`);
  return trimmed;
}

const json = (status: number, body: unknown): RawReply => ({ status, contentType: 'application/json', body: JSON.stringify(body) });

/**
 * Serves a request under /api/2.0/mlflow-artifacts/artifacts, or returns null for a method the
 * path has not. `relative` is the part after the prefix (without its leading slash).
 */
export function serveMlflowArtifacts(context: RouteContext & { readonly body: Buffer; readonly query: URLSearchParams }, relative: string): RawReply | null {
  const { state, method } = context;
  try {
    if (relative === '') {
      if (method !== 'GET') return null;
      const folder = safePath(context.query.get('path') ?? '');
      const files = state.listArtifacts(folder).map((entry) =>
        entry.isDir ? { path: entry.name, is_dir: true } : { path: entry.name, is_dir: false, file_size: entry.size });
      return json(200, files.length > 0 ? { files } : {});
    }
    const path = safePath(relative);
    if (method === 'GET') return download(state, path);
    if (method === 'PUT') {
      const user = context.user;
      if (user && !user.isAdmin && !user.canWrite) {
        const experiment = state.experiments.get(path.split('/')[0] ?? '');
        if (!experiment || experiment.createdBy !== user.username) throw new PermissionDenied();
      }
      state.artifacts.set(path, Buffer.from(context.body));
      return json(200, {});
    }
    if (method === 'DELETE') {
      const prefix = `${path}/`;
      for (const key of [...state.artifacts.keys()]) if (key === path || key.startsWith(prefix)) state.artifacts.delete(key);
      return json(200, {});
    }
    return null;
  } catch (error) {
    if (error instanceof MlflowApiError) return json(error.status, { error_code: error.errorCode, message: error.message });
    throw error;
  }
}

/** The UI's download endpoint: `/get-artifact?path=<run-relative>&run_uuid=<id>` (rest-3.5/45). */
export function serveGetArtifact(context: RouteContext & { readonly query: URLSearchParams }): RawReply {
  try {
    const runId = context.query.get('run_uuid') ?? context.query.get('run_id') ?? '';
    const run = context.state.getRun(runId);
    const path = safePath(context.query.get('path') ?? '');
    return download(context.state, `${run.experimentId}/${run.runId}/artifacts/${path}`, { 'cache-control': 'no-cache' });
  } catch (error) {
    if (error instanceof MlflowApiError) return json(error.status, { error_code: error.errorCode, message: error.message });
    throw error;
  }
}

/** The tracking API's listing: paths relative to the run, and the run's `root_uri` (rest-3.5/44). */
export const LIST_ARTIFACTS_ROUTE: JsonRoute = {
  methods: ['GET'],
  handle: (args: Args, context: RouteContext) => {
    const runId = typeof args.run_id === 'string' ? args.run_id : typeof args.run_uuid === 'string' ? args.run_uuid : '';
    const run = context.state.getRun(runId);
    const sub = safePath(typeof args.path === 'string' ? args.path : '');
    const root = `${run.experimentId}/${run.runId}/artifacts`;
    const files = context.state.listArtifacts(sub === '' ? root : `${root}/${sub}`).map((entry) => {
      const path = sub === '' ? entry.name : `${sub}/${entry.name}`;
      return entry.isDir ? { path, is_dir: true } : { path, is_dir: false, file_size: entry.size };
    });
    return { root_uri: `mlflow-artifacts:/${root}`, ...(files.length > 0 ? { files } : {}) };
  },
};
