/**
 * Page states of issue 20, the Servers page (see states.mjs for what a state is; import its
 * helpers only inside open(), since the two modules import each other). PAGE_STATES includes these.
 *
 * A connected server needs a server that answers: this file starts a small stand-in on 127.0.0.1
 * (plain node:http, as this file runs in plain Node for `npm run shots`) that answers what
 * connecting and listing experiments ask — /health, /version, experiments/search — with MLflow
 * 3.5's CORS headers. The journeys use the full fake server (src/test/mlflowServer) instead.
 */
import { createServer } from 'node:http';
import { openApp } from './states.mjs';

const EXPERIMENTS = [
  { experiment_id: '0', name: 'Default', artifact_location: 'mlflow-artifacts:/0', lifecycle_stage: 'active' },
  { experiment_id: '1', name: 'iris-class-2026', artifact_location: 'mlflow-artifacts:/1', lifecycle_stage: 'active' },
  { experiment_id: '2', name: 'wine-quality', artifact_location: 'mlflow-artifacts:/2', lifecycle_stage: 'active' },
];

/** Starts the stand-in; resolves with its address and a close(). */
function startStandIn() {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://stand-in.invalid').pathname;
    const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': '*' };
    const send = (status, type, body) => {
      response.writeHead(status, { ...cors, 'content-type': type });
      response.end(body);
    };
    request.resume();
    request.on('end', () => {
      if (request.method === 'OPTIONS') {
        response.writeHead(200, {
          'access-control-allow-origin': request.headers.origin ?? '*',
          'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '',
          'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS, PATCH',
          'access-control-max-age': '600',
        });
        return response.end('OK');
      }
      if (path === '/health') return send(200, 'text/html; charset=utf-8', 'OK');
      if (path === '/version') return send(200, 'text/html; charset=utf-8', '3.5.2.dev0');
      if (path.endsWith('/mlflow/experiments/search')) return send(200, 'application/json', JSON.stringify({ experiments: EXPERIMENTS }));
      send(404, 'application/json', JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND', message: `The stand-in does not answer ${path}` }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** The stand-ins each page state started, closed by its close(). */
const running = new WeakMap();

/** @type {import('./states.d.mts').PageState[]} */
export const STATES = [
  {
    name: 'servers-empty',
    what: 'the Servers page before any server: the Connect form with Basic credentials chosen, the note on credentials and CORS',
    // Nothing is contacted: the address is only typed.
    async open(page) {
      await openApp(page, '#/servers');
      await page.getByTestId('servers.url').fill('https://mlflow.example.org');
      await page.getByTestId('servers.auth-basic').check();
      await page.getByTestId('servers.username').fill('ada');
    },
  },
  {
    name: 'servers',
    what: 'the Servers page with a connected server: the list with Remove, the pull form with the server’s experiments (Default picked), and the mirror checkbox',
    async open(page) {
      const standIn = await startStandIn();
      running.set(page, standIn);
      await openApp(page, '#/servers');
      await page.getByTestId('servers.url').fill(standIn.url);
      await page.getByTestId('servers.connect-submit').click();
      await page.getByTestId('servers.item').waitFor();
      await page.locator('[data-testid="pull.experiment"][data-name="Default"]').check();
    },
    async close(page) {
      await running.get(page)?.close();
      running.delete(page);
    },
  },
];
