/**
 * The fake MLflow server's own rules, without the recordings: paging, log-batch limits, non-finite
 * values, search filters, CORS, basic auth, artifacts and the fault hooks. The values asserted are
 * the recorded ones (shared/mlflow-fixtures README, quirks 14–22), so these still hold the contract
 * when the fixtures folder is absent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMlflowServer, type FakeMlflowServer, type FakeMlflowServerOptions } from './fakeMlflowServer';

const LOCAL = 'http://localhost:4173';
const api = (path: string): string => `/api/2.0/mlflow/${path}`;
const token = (offset: number): string => Buffer.from(`{"offset": ${offset}}`).toString('base64');

const servers: FakeMlflowServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: FakeMlflowServerOptions = {}): Promise<FakeMlflowServer> {
  const server = await startFakeMlflowServer(options);
  servers.push(server);
  return server;
}

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

async function call(server: FakeMlflowServer, method: string, path: string, options: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Origin: LOCAL, ...options.headers };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the test reads `text`.
  }
  return { status: response.status, headers: response.headers, text, json };
}

async function newRun(server: FakeMlflowServer, name = 'run', extra: Record<string, unknown> = {}): Promise<string> {
  const experiments = await call(server, 'GET', `${api('experiments/get-by-name')}?experiment_name=demo`);
  const experimentId = experiments.status === 200
    ? (experiments.json.experiment as { experiment_id: string }).experiment_id
    : ((await call(server, 'POST', api('experiments/create'), { body: { name: 'demo' } })).json.experiment_id as string);
  const created = await call(server, 'POST', api('runs/create'), { body: { experiment_id: experimentId, run_name: name, ...extra } });
  return (created.json.run as { info: { run_id: string } }).info.run_id;
}

const points = (key: string, count: number, start = 0): Array<Record<string, unknown>> =>
  Array.from({ length: count }, (_, index) => ({ key, value: index / 10, timestamp: 1764000000000 + start + index, step: start + index }));

describe('fakeMlflowServer: metric histories', () => {
  it('should page get-history with offset tokens, and answer no points without max_results as 3.5 does', async () => {
    const server = await start();
    const runId = await newRun(server);
    expect((await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, metrics: points('loss', 25) } })).status).toBe(200);
    const history = (query: string): Promise<Reply> => call(server, 'GET', `${api('metrics/get-history')}?run_id=${runId}&metric_key=loss${query}`);

    expect((await history('')).json).toEqual({ next_page_token: token(0) });
    const first = await history('&max_results=10');
    expect(first.json.metrics).toHaveLength(10);
    expect(first.json.next_page_token).toBe(token(10));
    const last = await history(`&max_results=10&page_token=${token(20)}`);
    expect(last.json.metrics).toHaveLength(5);
    expect(last.json.next_page_token).toBeUndefined();
    expect((await history('&max_results=25')).json.next_page_token).toBeUndefined();
  });

  it('should return the whole history without max_results as 2.12', async () => {
    const server = await start({ version: '2.12' });
    const runId = await newRun(server);
    await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, metrics: points('loss', 25) } });
    const reply = await call(server, 'GET', `${api('metrics/get-history')}?run_id=${runId}&metric_key=loss`);
    expect(reply.json.metrics).toHaveLength(25);
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should keep ±Infinity as ±DBL_MAX and NaN as "NaN", refuse null, and lose bare NaN tokens to one zero point', async () => {
    const server = await start();
    const runId = await newRun(server);
    const metrics = ['NaN', 'Infinity', '-Infinity'].map((value, step) => ({ key: 'g', value, timestamp: 5, step }));
    expect((await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, metrics } })).status).toBe(200);
    const history = await call(server, 'GET', `${api('metrics/get-history')}?run_id=${runId}&metric_key=g&max_results=100`);
    expect((history.json.metrics as Array<{ value: unknown }>).map((point) => point.value)).toEqual(['NaN', 1.7976931348623157e308, -1.7976931348623157e308]);
    expect(history.text).toContain('1.7976931348623157e+308');

    const refused = await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, metrics: [{ key: 'h', value: Number.NaN, timestamp: 1, step: 0 }] } });
    expect(refused.status).toBe(400);
    expect(refused.json.error_code).toBe('INVALID_PARAMETER_VALUE');

    const bare = `{"run_id": "${runId}", "metrics": [{"key": "py", "value": NaN, "timestamp": 7, "step": 1}, {"key": "py", "value": -Infinity, "timestamp": 8, "step": 2}]}`;
    expect((await call(server, 'POST', api('runs/log-batch'), { raw: bare, headers: { 'Content-Type': 'application/json' } })).status).toBe(200);
    expect(server.state.runs.get(runId)?.metrics.get('py')).toEqual([{ key: 'py', value: 0, timestamp: 0, step: 0 }]);
  });

  it('should store an exact duplicate point once, and keep the latest value by step', async () => {
    const server = await start();
    const runId = await newRun(server);
    const batch = [...points('loss', 3), ...points('loss', 3), { key: 'loss', value: 9, timestamp: 1, step: 1 }];
    await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, metrics: batch } });
    expect(server.state.runs.get(runId)?.metrics.get('loss')).toHaveLength(4);
    const run = await call(server, 'GET', `${api('runs/get')}?run_id=${runId}`);
    expect((run.json.run as { data: { metrics: unknown[] } }).data.metrics).toEqual([{ key: 'loss', value: 0.2, timestamp: 1764000000002, step: 2 }]);
  });
});

describe('fakeMlflowServer: log-batch rules', () => {
  it.each([
    ['metrics', 1000, 1001, { metrics: points('m', 1001) }],
    ['params', 100, 101, { params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' })) }],
    ['tags', 100, 101, { tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: 'v' })) }],
    ['metrics, params, and tags', 1000, 1001, { metrics: points('m', 1000), params: [{ key: 'p', value: 'v' }] }],
  ])('should refuse too many %s with a 400 and write nothing', async (entity, limit, got, body) => {
    const server = await start();
    const runId = await newRun(server);
    const reply = await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, ...body } });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: `A batch logging request can contain at most ${limit} ${entity}. Got ${got} ${entity}. Please split up ${entity} across multiple requests and try again.`,
    });
    expect(server.state.runs.get(runId)?.metrics.size).toBe(0);
    expect(server.state.runs.get(runId)?.params.size).toBe(0);
  });

  it('should take 1000 metrics, cut a long param to 6,000 code points, refuse a changed param and accept the same one', async () => {
    const server = await start();
    const runId = await newRun(server);
    expect((await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, metrics: points('m', 1000) } })).status).toBe(200);
    const long = '🚂'.repeat(1000) + 'x'.repeat(5001);
    expect((await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, params: [{ key: 'long', value: long }, { key: 'lr', value: '0.1' }] } })).status).toBe(200);
    expect(server.state.runs.get(runId)?.params.get('long')).toBe('🚂'.repeat(1000) + 'x'.repeat(5000));
    const changed = await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, params: [{ key: 'lr', value: '0.2' }] } });
    expect(changed.status).toBe(400);
    expect(changed.json.message).toContain("'old_value': '0.1', 'new_value': '0.2'");
    expect((await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, params: [{ key: 'lr', value: '0.1' }] } })).status).toBe(200);
  });

  it('should refuse a batch that names a param twice, whatever the values', async () => {
    const server = await start();
    const runId = await newRun(server);
    const reply = await call(server, 'POST', api('runs/log-batch'), { body: { run_id: runId, params: [{ key: 'lr', value: '1' }, { key: 'lr', value: '1' }] } });
    expect([reply.status, reply.json.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
  });

  it('should answer an unknown run with 404, malformed JSON and text/plain with 400', async () => {
    const server = await start();
    const unknown = await call(server, 'POST', api('runs/log-batch'), { body: { run_id: 'f'.repeat(32), metrics: points('m', 1) } });
    expect([unknown.status, unknown.json.error_code]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
    const malformed = await call(server, 'POST', api('runs/create'), { raw: '{"experiment_id": "0", "run_name": ', headers: { 'Content-Type': 'application/json' } });
    expect([malformed.status, malformed.json.error_code]).toEqual([400, 'BAD_REQUEST']);
    const plain = await call(server, 'POST', api('runs/create'), { raw: '{"experiment_id": "0"}', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    expect([plain.status, plain.json.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
    expect(server.state.runs.size).toBe(0);
  });
});

describe('fakeMlflowServer: runs/search', () => {
  async function seeded(): Promise<{ server: FakeMlflowServer; ids: string[] }> {
    const server = await start();
    const ids: string[] = [];
    for (const [index, optimizer] of ['adam', 'sgd', 'adam'].entries()) {
      const id = await newRun(server, `run-${index}`, { start_time: 1764000000000 + index * 1000, tags: [{ key: 'trainyard.local_run_id', value: `local-${index}` }] });
      await call(server, 'POST', api('runs/log-batch'), { body: { run_id: id, params: [{ key: 'optimizer', value: optimizer }], metrics: [{ key: 'loss', value: index, timestamp: 1, step: 0 }] } });
      ids.push(id);
    }
    return { server, ids };
  }
  const search = (server: FakeMlflowServer, body: Record<string, unknown>): Promise<Reply> =>
    call(server, 'POST', api('runs/search'), { body: { experiment_ids: ['1'], ...body } });
  const names = (reply: Reply): string[] => ((reply.json.runs ?? []) as Array<{ info: { run_name: string } }>).map((run) => run.info.run_name);

  it('should filter by tags, run name and params joined by AND, newest first by default', async () => {
    const { server } = await seeded();
    expect(names(await search(server, {}))).toEqual(['run-2', 'run-1', 'run-0']);
    expect(names(await search(server, { filter: "tags.trainyard.local_run_id = 'local-1'" }))).toEqual(['run-1']);
    expect(names(await search(server, { filter: "tags.`trainyard.local_run_id` = 'local-2'" }))).toEqual(['run-2']);
    expect(names(await search(server, { filter: "attributes.run_name = 'run-0'" }))).toEqual(['run-0']);
    expect(names(await search(server, { filter: "params.optimizer = 'adam' AND metrics.loss > 0" }))).toEqual(['run-2']);
    expect(names(await search(server, { filter: "params.optimizer LIKE 'a%'", order_by: ['attributes.start_time ASC'] }))).toEqual(['run-0', 'run-2']);
  });

  it.each(["params.optimizer = 'adam' OR params.optimizer = 'sgd'", "(params.optimizer = 'adam')", "params.optimizer = adam"])('should refuse %s with 400 INVALID_PARAMETER_VALUE', async (filter) => {
    const { server } = await seeded();
    const reply = await search(server, { filter });
    expect([reply.status, reply.json.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
  });

  it('should page with a token after every full page, and leave out deleted runs unless asked', async () => {
    const { server, ids } = await seeded();
    const first = await search(server, { max_results: 2 });
    expect([names(first), first.json.next_page_token]).toEqual([['run-2', 'run-1'], token(2)]);
    const second = await search(server, { max_results: 2, page_token: token(2) });
    expect([names(second), second.json.next_page_token]).toEqual([['run-0'], undefined]);
    const full = await search(server, { max_results: 3 });
    expect(full.json.next_page_token).toBe(token(3));
    expect((await search(server, { max_results: 3, page_token: token(3) })).json).toEqual({});

    await call(server, 'POST', api('runs/delete'), { body: { run_id: ids[1] } });
    expect(names(await search(server, {}))).toEqual(['run-2', 'run-0']);
    expect(names(await search(server, { run_view_type: 'DELETED_ONLY' }))).toEqual(['run-1']);
    expect(names(await search(server, { run_view_type: 'ALL' }))).toHaveLength(3);
  });
});

describe('fakeMlflowServer: CORS', () => {
  it('should answer preflights from every origin, block foreign writes unless allowed, and let foreign reads through', async () => {
    const server = await start({ allowedOrigins: ['https://team.example.org'] });
    const preflight = await call(server, 'OPTIONS', api('runs/create'), { headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' } });
    expect([preflight.status, preflight.text]).toEqual([200, 'OK']);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');

    const blocked = await call(server, 'POST', api('experiments/search'), { body: {}, headers: { Origin: 'https://elsewhere.example' } });
    expect([blocked.status, blocked.text, blocked.headers.get('content-type')]).toEqual([403, 'Cross-origin request blocked', 'text/plain']);
    const allowed = await call(server, 'POST', api('experiments/search'), { body: {}, headers: { Origin: 'https://team.example.org' } });
    expect(allowed.status).toBe(200);
    const read = await call(server, 'GET', `${api('experiments/search')}?max_results=1`, { headers: { Origin: 'https://elsewhere.example' } });
    expect([read.status, read.headers.get('access-control-allow-origin'), read.headers.get('vary')]).toEqual([200, '*', null]);
    const local = await call(server, 'POST', api('experiments/search'), { body: {}, headers: { Origin: 'http://127.0.0.1:5173' } });
    expect([local.status, local.headers.get('access-control-expose-headers'), local.headers.get('vary')]).toEqual([200, '*', 'Origin']);
  });

  it("should send no CORS headers and answer OPTIONS with Allow in 2.12's mode", async () => {
    const server = await start({ cors: 'none' });
    const options = await call(server, 'OPTIONS', api('experiments/create'), { headers: { 'Access-Control-Request-Method': 'POST' } });
    expect([options.status, options.headers.get('allow'), options.headers.get('access-control-allow-origin'), options.text]).toEqual([200, 'POST, OPTIONS', null, '']);
    const write = await call(server, 'POST', api('experiments/create'), { body: { name: 'x' }, headers: { Origin: 'https://elsewhere.example' } });
    expect([write.status, write.headers.get('access-control-allow-origin')]).toEqual([200, null]);
  });
});

describe('fakeMlflowServer: basic auth', () => {
  const basic = (user: string, password: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const ADMIN = basic('admin', 'password1234');
  const VIEWER = basic('trainyard-viewer', 'viewer-pass-1');
  const auth = { users: { admin: { password: 'password1234', canWrite: true }, 'trainyard-viewer': { password: 'viewer-pass-1', canWrite: false } } };

  it('should answer 401 text/html with the challenge and CORS headers to no, wrong or Bearer credentials', async () => {
    const server = await start({ auth });
    for (const headers of [{}, basic('admin', 'nope'), basic('nobody', 'password1234'), { Authorization: 'Bearer abc' }, { Authorization: `Bearer ${Buffer.from('admin:password1234').toString('base64')}` }]) {
      const reply = await call(server, 'POST', api('experiments/search'), { body: {}, headers });
      expect([reply.status, reply.headers.get('content-type'), reply.headers.get('www-authenticate'), reply.headers.get('access-control-allow-origin')])
        .toEqual([401, 'text/html; charset=utf-8', 'Basic realm="mlflow"', '*']);
      expect(reply.text).toContain('You are not authenticated.');
    }
    expect((await call(server, 'GET', '/health')).status).toBe(200);
    expect((await call(server, 'GET', '/version')).status).toBe(401);
    expect((await call(server, 'GET', '/version', { headers: ADMIN })).text).toBe('3.5.2.dev0');
    const preflight = await call(server, 'OPTIONS', api('runs/log-batch'), { headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' } });
    expect(preflight.status).toBe(200);
  });

  it('should let a READ user read and refuse its writes with 403 Permission denied', async () => {
    const server = await start({ auth });
    const experimentId = (await call(server, 'POST', api('experiments/create'), { body: { name: 'team' }, headers: ADMIN })).json.experiment_id as string;
    const created = await call(server, 'POST', api('runs/create'), { body: { experiment_id: experimentId }, headers: ADMIN });
    const runId = (created.json.run as { info: { run_id: string; user_id: string } }).info.run_id;
    expect((created.json.run as { info: { user_id: string } }).info.user_id).toBe('');
    expect((await call(server, 'GET', `${api('runs/get')}?run_id=${runId}`, { headers: VIEWER })).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', api('runs/log-batch'), { run_id: runId, metrics: points('m', 1) }],
      ['POST', api('runs/create'), { experiment_id: experimentId }],
      ['PUT', `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/a.txt`, 'text'],
    ] as const) {
      const reply = await call(server, method, path, { body, headers: VIEWER });
      expect([reply.status, reply.text, reply.headers.get('content-type')]).toEqual([403, 'Permission denied', 'text/html; charset=utf-8']);
    }
    // Like the basic-auth app, a READ user may create its own experiment and then write to it.
    const own = (await call(server, 'POST', api('experiments/create'), { body: { name: 'mine' }, headers: VIEWER })).json.experiment_id as string;
    expect((await call(server, 'POST', api('runs/create'), { body: { experiment_id: own }, headers: VIEWER })).status).toBe(200);
  });
});

describe('fakeMlflowServer: artifacts and registry', () => {
  it('should store, list and serve artifact bytes, and answer a missing file with 500', async () => {
    const server = await start();
    const runId = await newRun(server);
    const base = `/api/2.0/mlflow-artifacts/artifacts/1/${runId}/artifacts`;
    expect((await call(server, 'PUT', `${base}/notes/read%20me.txt`, { raw: 'hello ✓', headers: { 'Content-Type': 'text/plain' } })).json).toEqual({});
    await call(server, 'PUT', `${base}/plots/loss.png`, { raw: 'png' });
    const file = await call(server, 'GET', `${base}/notes/read%20me.txt`);
    expect([file.text, file.headers.get('content-type'), file.headers.get('content-disposition')]).toEqual(['hello ✓', 'text/plain', 'attachment; filename="read me.txt"']);
    const missing = await call(server, 'GET', `${base}/nope.txt`);
    expect([missing.status, missing.json.error_code]).toEqual([500, 'INTERNAL_ERROR']);
    const root = await call(server, 'GET', `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`1/${runId}/artifacts`)}`);
    expect(root.json).toEqual({ files: [{ path: 'notes', is_dir: true }, { path: 'plots', is_dir: true }] });
    const listed = await call(server, 'GET', `${api('artifacts/list')}?run_id=${runId}&path=notes`);
    expect(listed.json).toEqual({ root_uri: `mlflow-artifacts:/1/${runId}/artifacts`, files: [{ path: 'notes/read me.txt', is_dir: false, file_size: 9 }] });
  });

  it('should register versions, set and read aliases, and answer a missing alias with 400', async () => {
    const server = await start();
    const runId = await newRun(server);
    await call(server, 'POST', api('registered-models/create'), { body: { name: 'm' } });
    const version = await call(server, 'POST', api('model-versions/create'), { body: { name: 'm', source: `runs:/${runId}/model`, run_id: runId } });
    expect((version.json.model_version as { version: string }).version).toBe('1');
    expect((await call(server, 'POST', api('registered-models/alias'), { body: { name: 'm', alias: 'champion', version: '1' } })).json).toEqual({});
    const byAlias = await call(server, 'GET', `${api('registered-models/alias')}?name=m&alias=champion`);
    expect((byAlias.json.model_version as { aliases: string[] }).aliases).toEqual(['champion']);
    const missing = await call(server, 'GET', `${api('registered-models/alias')}?name=m&alias=nope`);
    expect([missing.status, missing.json.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
    const unknown = await call(server, 'GET', api('runs/does-not-exist'));
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
  });
});

describe('fakeMlflowServer: faults', () => {
  it('should answer injected failures a set number of times, then serve again', async () => {
    const server = await start();
    server.failNext({ method: 'POST', pathIncludes: 'experiments/create' }, { status: 503, body: 'busy' }, 2);
    for (let i = 0; i < 2; i += 1) {
      const reply = await call(server, 'POST', api('experiments/create'), { body: { name: 'x' } });
      expect([reply.status, reply.text, reply.headers.get('access-control-allow-origin')]).toEqual([503, 'busy', '*']);
    }
    expect((await call(server, 'POST', api('experiments/create'), { body: { name: 'x' } })).status).toBe(200);
    expect(server.requests.map((request) => request.injected)).toEqual([true, true, false]);
    expect(server.requests[2]?.body).toEqual({ name: 'x' });
  });

  it('should cut the connection before or after handling the request', async () => {
    const server = await start();
    server.failNext({ pathIncludes: 'runs/create' }, 'drop-connection');
    await expect(call(server, 'POST', api('runs/create'), { body: { experiment_id: '0' } })).rejects.toThrow();
    expect(server.state.runs.size).toBe(0);
    server.failNext({ pathIncludes: 'runs/create' }, 'drop-after-handling');
    await expect(call(server, 'POST', api('runs/create'), { body: { experiment_id: '0' } })).rejects.toThrow();
    expect(server.state.runs.size).toBe(1);
  });

  it('should serve a request late when asked to', async () => {
    const server = await start();
    server.failNext({ pathIncludes: '/health' }, { delayMs: 150 });
    const started = Date.now();
    const reply = await call(server, 'GET', '/health');
    expect([reply.status, reply.text]).toEqual([200, 'OK']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('should refuse connections while offline and serve the same state when back', async () => {
    const server = await start();
    await call(server, 'POST', api('experiments/create'), { body: { name: 'kept' } });
    await server.setOffline(true);
    await expect(call(server, 'GET', '/health')).rejects.toThrow();
    await server.setOffline(false);
    expect((await call(server, 'GET', `${api('experiments/get-by-name')}?experiment_name=kept`)).status).toBe(200);
  });
});
