/**
 * The tracking servers this browser knows: their address and credentials, kept in this browser's
 * localStorage (never sent anywhere but to that server, in an Authorization header).
 */

/** HTTP Basic, as MLflow's basic-auth app takes it; or a bearer token for a server behind a proxy that takes one. */
export type ServerAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface ServerConfig {
  /** Stable id, made when the server is added. */
  id: string;
  /** The server's root, normalised (normaliseServerUrl). */
  url: string;
  auth: ServerAuth | null;
  addedAt: number;
}

/**
 * The server's root as the client uses it: http(s) only, no credentials, query or fragment in
 * the URL, no trailing slash. Throws a TypeError naming what is wrong, in words.
 */
export function normaliseServerUrl(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`"${text}" is not a web address; a tracking server's address looks like http://127.0.0.1:5000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`A tracking server is reached over http or https, not ${url.protocol.replace(/:$/, '')}: ${text}`);
  if (url.username || url.password) throw new TypeError('Put the user name and password in the credentials fields, not in the address');
  if (url.search || url.hash) throw new TypeError(`Give the server's root address, without "?…" or "#…": ${text}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
