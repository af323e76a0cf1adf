/**
 * What went wrong talking to an MLflow tracking server, in plain words naming the server, what
 * was being done and what to do about it. Pure: the client hands over what it saw (a fetch that
 * threw, or a response's status, content type and body) and shows the message. The cases are the
 * ones the recorded servers produce (shared/mlflow-fixtures/rest-3.5, rest-3.5-auth, rest-2.12).
 */

export type FailureKind =
  | 'unreachable'
  | 'interrupted'
  | 'cors'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-mlflow'
  | 'not-found'
  | 'already-exists'
  | 'invalid'
  | 'server-error';

export interface FailureContext {
  /** The server's URL as the user typed it. */
  readonly server: string;
  /** What was being done, as a phrase after "while": e.g. `pushing run "lr-0.1"`. */
  readonly action: string;
  /** This page's origin, for the CORS fix. */
  readonly origin: string;
}

/** What the client saw: fetch threw (`network`), or the server answered with an error status. */
export type SeenFailure =
  | {
      readonly kind: 'network';
      /**
       * What a probe of /health right after found: `readable` (the server is up and this page may
       * read it: the connection was cut mid-request), `hidden` (it answers only a `no-cors`
       * request: the browser hides its replies, CORS), `down` (nothing answers), or null when unknown.
       */
      readonly probe: 'readable' | 'hidden' | 'down' | null;
      /** Whether the failed request was a write (POST, PUT): MLflow ≥ 3.5 answers reads from every origin but blocks writes from origins it does not allow. */
      readonly write?: boolean;
    }
  | { readonly kind: 'http'; readonly status: number; readonly contentType: string | null; readonly body: string; readonly sentAuthorization?: 'basic' | 'bearer' | null };

export interface DescribedFailure {
  readonly kind: FailureKind;
  /** MLflow's error_code when the body was MLflow's JSON error. */
  readonly errorCode: string | null;
  readonly message: string;
}

const MAX_SERVER_TEXT = 300;

/** MLflow's JSON error body, or null. */
export function parseMlflowError(body: string, contentType: string | null): { errorCode: string; message: string } | null {
  if (contentType !== null && !contentType.includes('json')) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { error_code: errorCode, message } = parsed as Record<string, unknown>;
    if (typeof errorCode !== 'string') return null;
    return { errorCode, message: typeof message === 'string' ? message : '' };
  } catch {
    return null;
  }
}

/** The server's own words, first line only and cut short: its messages can hold SQL, paths and hashes. */
function serverWords(text: string): string {
  const first = text.trim().split('\n')[0]?.trim() ?? '';
  const plain = first.replace(/<[^>]*>/g, '').trim();
  return plain.length > MAX_SERVER_TEXT ? `${plain.slice(0, MAX_SERVER_TEXT)}…` : plain;
}

/** Pages MLflow 3.5+ lets write without --cors-allowed-origins. */
function isLocalOrigin(origin: string): boolean {
  return /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/i.test(origin);
}

function corsFix(origin: string): string {
  return (
    `MLflow 3.5 and later allow pages on localhost and 127.0.0.1 by default; for this page start the server with ` +
    `\`--cors-allowed-origins ${origin}\`. MLflow 2.x sends no CORS headers at all: put a proxy in front of it that adds them.`
  );
}

export function describeFailure(seen: SeenFailure, context: FailureContext): DescribedFailure {
  const { server, action, origin } = context;
  if (seen.kind === 'network') {
    if (seen.probe === 'readable' && seen.write && !isLocalOrigin(origin)) {
      return {
        kind: 'cors',
        errorCode: null,
        message: `${server} answers this page (${origin}) but refused to let it write while ${action}: MLflow 3.5 and later block writes from pages that are not on localhost unless allowed. Start the server with \`--cors-allowed-origins ${origin}\`. (If the server was only restarting, try again.)`,
      };
    }
    if (seen.probe === 'readable') {
      return {
        kind: 'interrupted',
        errorCode: null,
        message: `The connection to ${server} was cut while ${action} (the server is up again). Nothing was lost: try again, and only what is missing is sent.`,
      };
    }
    if (seen.probe === 'hidden') {
      return {
        kind: 'cors',
        errorCode: null,
        message: `${server} is running, but it does not let this page (${origin}) read its replies (CORS), so Trainyard could not finish ${action}. ${corsFix(origin)}`,
      };
    }
    const maybe = seen.probe === null ? ` If it is running, it may not allow this page (${origin}): ${corsFix(origin)}` : '';
    return {
      kind: 'unreachable',
      errorCode: null,
      message: `Could not reach ${server} while ${action}: check the address (the server's root, e.g. http://127.0.0.1:5000), that \`mlflow server\` is running there, and that this computer is online. Nothing was lost: try again when it is back.${maybe}`,
    };
  }

  const { status, contentType, body } = seen;
  const mlflow = parseMlflowError(body, contentType);
  const words = serverWords(mlflow?.message ?? body);
  const code = mlflow?.errorCode ?? null;
  const says = words ? ` The server said: "${words}".` : '';

  if (status === 401) {
    const bearer = seen.sentAuthorization === 'bearer' ? ' A token was sent, but MLflow\'s basic-auth app accepts only a user name and password (Basic).' : '';
    const what = seen.sentAuthorization ? 'did not accept the user name and password' : 'needs a user name and password';
    return { kind: 'unauthenticated', errorCode: code, message: `${server} ${what} (401) while ${action}.${bearer} Enter them in Settings → Servers; they stay in this browser.` };
  }
  if (status === 403) {
    if (/cross-origin request blocked/i.test(body)) {
      return { kind: 'cors', errorCode: code, message: `${server} blocked a write from this page (${origin}) while ${action} (403: cross-origin request blocked). ${corsFix(origin)}` };
    }
    return {
      kind: 'forbidden',
      errorCode: code,
      message: `${server} refused ${action} (403 ${words || 'Forbidden'}): the user you signed in as may read but not write there. Ask the server's admin for EDIT permission on the experiment, or sign in as another user.`,
    };
  }
  if (status === 404 && mlflow === null) {
    return {
      kind: 'not-mlflow',
      errorCode: null,
      message: `${server} does not answer like an MLflow tracking server (404 for an /api/2.0/mlflow/ address) while ${action}. Check the URL: it should be the server's root, without a path after it.`,
    };
  }
  if (status === 404 || code === 'RESOURCE_DOES_NOT_EXIST') {
    return { kind: 'not-found', errorCode: code, message: `${server} has no such item while ${action} (${code ?? status}).${says}` };
  }
  if (code === 'RESOURCE_ALREADY_EXISTS') {
    return { kind: 'already-exists', errorCode: code, message: `${server} already has it while ${action} (RESOURCE_ALREADY_EXISTS).${says}` };
  }
  if (status >= 500) {
    return {
      kind: 'server-error',
      errorCode: code,
      message: `${server} failed while ${action} (${status}${code ? ` ${code}` : ''}).${says} Nothing was lost here; try again, and if it keeps failing, look at the server's log.`,
    };
  }
  return { kind: 'invalid', errorCode: code, message: `${server} refused ${action} (${status}${code ? ` ${code}` : ''}).${says}` };
}
