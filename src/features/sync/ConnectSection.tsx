/**
 * Connect a tracking server: its address and credentials, "Test connection" (what was found, or
 * why not) and "Connect" (tests, then keeps it in this browser); the connected servers with Remove.
 * Once one is connected the list comes first and the form folds away under "Connect another server".
 */
import { useState, type FormEvent } from 'react';
import { notify, reportError } from '../../shared/notifications';
import { sync } from '../../services/page';
import type { ConnectionReport, ServerSummary } from '../../services/mlflowServer/sync.types';
import { authFromForm, connectionFacts, EMPTY_CREDENTIALS, serverLabel, type AuthChoice, type CredentialsForm } from './syncViewModel';
import { serversChanged } from './useServers';

type Busy = 'testing' | 'connecting' | null;

export function ConnectSection({ servers }: { servers: readonly ServerSummary[] }) {
  const [url, setUrl] = useState('');
  const [form, setForm] = useState<CredentialsForm>(EMPTY_CREDENTIALS);
  const [busy, setBusy] = useState<Busy>(null);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const update = (change: Partial<CredentialsForm>) => setForm((f) => ({ ...f, ...change }));

  /** The form read, or null after showing what is missing. */
  const read = () => {
    if (url.trim() === '') {
      setProblem('Type the server’s address, e.g. http://127.0.0.1:5000');
      return null;
    }
    const auth = authFromForm(form);
    if ('error' in auth) {
      setProblem(auth.error);
      return null;
    }
    return { url: url.trim(), auth: auth.auth };
  };

  const test = async () => {
    const request = read();
    if (!request) return;
    setBusy('testing');
    setProblem(null);
    setReport(null);
    try {
      setReport(await sync.testConnection(request.url, { auth: request.auth }));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    const request = read();
    if (!request) return;
    setBusy('connecting');
    setProblem(null);
    try {
      await sync.connectServer(request.url, { auth: request.auth });
      serversChanged();
      notify('info', `Connected to ${request.url}.`);
      setUrl('');
      setForm(EMPTY_CREDENTIALS);
      setReport(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (server: ServerSummary) => {
    try {
      await sync.removeServer(server.id);
    } catch (error) {
      reportError(`remove ${server.url}`, error);
    } finally {
      serversChanged();
    }
  };

  const choice = (value: AuthChoice, label: string) => (
    <label className="sync-choice">
      <input type="radio" name="sync-auth" value={value} checked={form.choice === value} onChange={() => update({ choice: value })} data-testid={`servers.auth-${value}`} />
      {label}
    </label>
  );

  const connectForm = (
    <>
          <form className="sync-form" onSubmit={(e) => void connect(e)}>
            <label className="sync-field">
              <span>Server address</span>
              <input
                type="url"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="http://127.0.0.1:5000"
                spellCheck={false}
                autoComplete="url"
                data-testid="servers.url"
              />
            </label>
            <fieldset className="sync-auth">
              <legend>Credentials</legend>
              {choice('none', 'No credentials')}
              {choice('basic', 'User name and password')}
              {choice('bearer', 'Bearer token')}
              {form.choice === 'basic' && (
                <div className="sync-auth-fields">
                  <label className="sync-field">
                    <span>User name</span>
                    <input value={form.username} onChange={(e) => update({ username: e.target.value })} autoComplete="username" data-testid="servers.username" />
                  </label>
                  <label className="sync-field">
                    <span>Password</span>
                    <input type="password" value={form.password} onChange={(e) => update({ password: e.target.value })} autoComplete="current-password" data-testid="servers.password" />
                  </label>
                </div>
              )}
              {form.choice === 'bearer' && (
                <div className="sync-auth-fields">
                  <label className="sync-field">
                    <span>Token</span>
                    <input type="password" value={form.token} onChange={(e) => update({ token: e.target.value })} autoComplete="off" data-testid="servers.token" />
                  </label>
                </div>
              )}
            </fieldset>
            <div className="sync-actions">
              <button type="button" onClick={() => void test()} disabled={busy !== null} data-testid="servers.test">
                {busy === 'testing' ? 'Testing…' : 'Test connection'}
              </button>
              <button type="submit" className="primary" disabled={busy !== null} data-testid="servers.connect-submit">
                {busy === 'connecting' ? 'Connecting…' : 'Connect'}
              </button>
            </div>
          </form>
          {problem && (
            <p role="alert" className="sync-problem" data-testid="servers.problem">
              {problem}
            </p>
          )}
          {report && (
            <div className={`sync-report ${report.ok ? 'sync-report-ok' : 'sync-report-bad'}`} role="status" data-testid="servers.report" data-ok={report.ok}>
              <p className="sync-report-message">{report.ok ? '✓ ' : '✗ '}{report.message}</p>
              <dl className="sync-facts">
                {connectionFacts(report).map((fact) => (
                  <div key={fact.label}>
                    <dt>{fact.label}</dt>
                    <dd data-testid={`servers.report.${fact.label.toLowerCase().replace(/\s+/g, '-')}`}>{fact.value}</dd>
                  </div>
                ))}
              </dl>
            </div>
          )}
          <div className="sync-note" data-testid="servers.note">
            <p>
              <strong>Credentials stay in this browser</strong> (its localStorage, readable by anyone using this browser profile) and are sent only
              to that server, in an Authorization header.
            </p>
            <p>
              The server must let this page ({window.location.origin}) call it. MLflow 3.5 or later allows pages on localhost and 127.0.0.1 by
              default; for this page elsewhere start it with <code>mlflow server --cors-allowed-origins {window.location.origin}</code>. MLflow 2.x
              sends no CORS headers at all: put a proxy in front of it that adds them.
            </p>
          </div>
    </>
  );

  return (
    <section className="sync-section" aria-labelledby="servers-connect-title" data-testid="servers.connect">
      <h3 id="servers-connect-title">{servers.length === 0 ? 'Connect a tracking server' : 'Connected servers'}</h3>
      {servers.length > 0 && (
        <ul className="sync-servers" data-testid="servers.list">
          {servers.map((server) => (
            <li key={server.id} data-testid="servers.item" data-server-id={server.id}>
              <span className="sync-server-name">{serverLabel(server)}</span>
              <span className="muted">connected {new Date(server.addedAt).toLocaleDateString()}</span>
              <button type="button" onClick={() => void remove(server)} aria-label={`Remove ${server.url}`} data-testid="servers.remove">
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {servers.length > 0 && (
        <p className="muted sync-kept" data-testid="servers.kept">
          Their credentials stay in this browser (localStorage) and are sent only to their own server.
        </p>
      )}
      {servers.length === 0 ? (
        connectForm
      ) : (
        <details className="sync-connect-another">
          <summary data-testid="servers.connect-another">Connect another server</summary>
          {connectForm}
        </details>
      )}
    </section>
  );
}
