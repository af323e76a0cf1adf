import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeFailure, parseMlflowError, type FailureContext, type SeenFailure } from './failures';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/mlflow-fixtures');
const present = existsSync(FIXTURES);
if (!present) console.warn(`Skipping the recorded-failure checks: ${FIXTURES} is missing.`);

const CONTEXT: FailureContext = { server: 'http://127.0.0.1:5000', action: 'pushing run "lr-0.1"', origin: 'http://localhost:4173' };

function recorded(path: string, sentAuthorization: 'basic' | 'bearer' | null = null): SeenFailure {
  const { request, response } = JSON.parse(readFileSync(resolve(FIXTURES, path), 'utf8'));
  const body = response.body === undefined ? String(response.body_text ?? '') : JSON.stringify(response.body);
  const auth = String(request.headers?.Authorization ?? request.headers?.authorization ?? '');
  const sent = sentAuthorization ?? (auth.startsWith('Basic') ? 'basic' : auth.startsWith('Bearer') ? 'bearer' : null);
  return { kind: 'http', status: response.status, contentType: response.headers['content-type'] ?? null, body, sentAuthorization: sent };
}

describe('describeFailure', () => {
  it('tells CORS from an unreachable server, with the fix for each', () => {
    const cors = describeFailure({ kind: 'network', probe: 'hidden' }, CONTEXT);
    expect(cors.kind).toBe('cors');
    expect(cors.message).toContain('--cors-allowed-origins http://localhost:4173');
    expect(cors.message).toContain('MLflow 2.x sends no CORS headers');
    expect(cors.message).not.toContain('Failed to fetch');
    const down = describeFailure({ kind: 'network', probe: 'down' }, CONTEXT);
    expect(down.kind).toBe('unreachable');
    expect(down.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:5000 while pushing run "lr-0\.1": /);
    expect(down.message).not.toContain('cors');
    expect(describeFailure({ kind: 'network', probe: null }, CONTEXT).message).toContain('may not allow this page');
    const foreignWrite = describeFailure({ kind: 'network', probe: 'readable', write: true }, { ...CONTEXT, origin: 'https://class.example.net' });
    expect(foreignWrite.kind).toBe('cors');
    expect(foreignWrite.message).toContain('--cors-allowed-origins https://class.example.net');
    expect(describeFailure({ kind: 'network', probe: 'readable', write: true }, CONTEXT).kind).toBe('interrupted');
    const cut = describeFailure({ kind: 'network', probe: 'readable' }, CONTEXT);
    expect(cut.kind).toBe('interrupted');
    expect(cut.message).toBe('The connection to http://127.0.0.1:5000 was cut while pushing run "lr-0.1" (the server is up again). Nothing was lost: try again, and only what is missing is sent.');
  });

  it('reads MLflow\'s JSON errors, and only those', () => {
    expect(parseMlflowError('{"error_code":"BAD_REQUEST","message":"x"}', 'application/json')).toEqual({ errorCode: 'BAD_REQUEST', message: 'x' });
    expect(parseMlflowError('{"error_code":"BAD_REQUEST"}', null)).toEqual({ errorCode: 'BAD_REQUEST', message: '' });
    expect(parseMlflowError('Permission denied', 'text/html')).toBeNull();
    expect(parseMlflowError('{"message":"no code"}', 'application/json')).toBeNull();
    expect(parseMlflowError('{truncated', 'application/json')).toBeNull();
  });

  it('cuts the server\'s own words to one short line', () => {
    const long = describeFailure({ kind: 'http', status: 400, contentType: 'application/json', body: JSON.stringify({ error_code: 'BAD_REQUEST', message: `${'x'.repeat(500)}\nSELECT secret FROM users` }) }, CONTEXT);
    expect(long.message).toContain('…');
    expect(long.message).not.toContain('SELECT');
  });

  it.skipIf(!present)('explains every error the recorded servers answered', () => {
    const cases: [string, string, RegExp][] = [
      ['rest-3.5-auth/05-experiments-search-no-auth.json', 'unauthenticated', /needs a user name and password \(401\).*Settings → Servers/],
      ['rest-3.5-auth/07-experiments-search-wrong-password.json', 'unauthenticated', /did not accept the user name and password \(401\)/],
      ['rest-3.5-auth/09-experiments-search-bearer.json', 'unauthenticated', /accepts only a user name and password \(Basic\)/],
      ['rest-3.5-auth/31-runs-log-batch-as-viewer.json', 'forbidden', /refused pushing run "lr-0\.1" \(403 Permission denied\).*EDIT permission/],
      ['rest-3.5/05-experiments-search-foreign-origin.json', 'cors', /blocked a write from this page \(http:\/\/localhost:4173\).*--cors-allowed-origins/],
      ['rest-3.5/63-unknown-endpoint.json', 'not-mlflow', /does not answer like an MLflow tracking server/],
      ['rest-3.5/61-runs-get-unknown-id.json', 'not-found', /\(RESOURCE_DOES_NOT_EXIST\)\. The server said: "Run with id=0+ not found"/],
      ['rest-3.5/09-experiments-create-duplicate.json', 'already-exists', /RESOURCE_ALREADY_EXISTS/],
      ['rest-3.5/17-runs-log-batch-1001-metrics.json', 'invalid', /refused pushing run "lr-0\.1" \(400 INVALID_PARAMETER_VALUE\)\. The server said: "A batch logging request can contain at most 1000 metrics/],
      ['rest-3.5/41-artifacts-get-missing.json', 'server-error', /failed while pushing run "lr-0\.1" \(500 INTERNAL_ERROR\).*Nothing was lost here/],
      ['rest-3.5/51-registered-models-alias-get-missing.json', 'invalid', /\(400 INVALID_PARAMETER_VALUE\)/],
    ];
    for (const [file, kind, pattern] of cases) {
      const described = describeFailure(recorded(file), CONTEXT);
      expect(described.kind, file).toBe(kind);
      expect(described.message, file).toMatch(pattern);
      expect(described.message, file).toContain('http://127.0.0.1:5000');
      expect(described.message, file).not.toMatch(/<html|<title|sqlite3|UNIQUE constraint/);
    }
  });
});
