/**
 * The tracking servers this browser knows and the mirror setting, in localStorage: credentials
 * stay in this browser and are sent only to their server (in an Authorization header).
 */
import { normaliseServerUrl, type ServerAuth, type ServerConfig } from '../../domain/mlflowRest/serverConfig';
import type { ServerSummary } from '../../workers/sync/sync.types';

const SERVERS_KEY = 'trainyard.servers';
const MIRROR_KEY = 'trainyard.servers.mirror';

function isAuth(value: unknown): value is ServerAuth | null {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  const auth = value as Record<string, unknown>;
  if (auth.kind === 'basic') return typeof auth.username === 'string' && typeof auth.password === 'string';
  return auth.kind === 'bearer' && typeof auth.token === 'string';
}

/** The stored servers; entries that are not well-formed (edited by hand, another version) are skipped. */
export function loadServers(storage: Storage | undefined = globalThis.localStorage): ServerConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(SERVERS_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (s): s is ServerConfig =>
      typeof s === 'object' && s !== null && typeof s.id === 'string' && typeof s.url === 'string' && typeof s.addedAt === 'number' && isAuth(s.auth ?? null),
  );
}

export function saveServers(servers: readonly ServerConfig[], storage: Storage | undefined = globalThis.localStorage): void {
  storage?.setItem(SERVERS_KEY, JSON.stringify(servers));
}

export function summary(server: ServerConfig): ServerSummary {
  return {
    id: server.id,
    url: server.url,
    auth: server.auth?.kind ?? 'none',
    username: server.auth?.kind === 'basic' ? server.auth.username : null,
    addedAt: server.addedAt,
  };
}

/**
 * The server a request names: by id, by URL (normalised), or the only one when none is named.
 * Throws a message saying what to do when none or several match.
 */
export function resolveServer(servers: readonly ServerConfig[], server: string | undefined): ServerConfig {
  if (server === undefined || server === '') {
    if (servers.length === 1) return servers[0] as ServerConfig;
    if (servers.length === 0) throw new Error('No tracking server is connected yet: connect one first (Servers page, or trainyard.connectServer(url)).');
    throw new Error(`Several tracking servers are connected (${servers.map((s) => s.url).join(', ')}): say which, by its id or URL.`);
  }
  const byId = servers.find((s) => s.id === server);
  if (byId) return byId;
  let url: string | null = null;
  try {
    url = normaliseServerUrl(server);
  } catch {
    // Not a URL either: named below.
  }
  const byUrl = url === null ? undefined : servers.find((s) => s.url === url);
  if (byUrl) return byUrl;
  throw new Error(`No connected tracking server "${server}"; connected: ${servers.map((s) => `${s.url} (id ${s.id})`).join(', ') || 'none'}.`);
}

export interface MirrorSetting {
  serverId: string;
  /** Runs started from this time on are mirrored. */
  since: number;
}

export function loadMirror(storage: Storage | undefined = globalThis.localStorage): MirrorSetting | null {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(MIRROR_KEY) ?? 'null');
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as MirrorSetting).serverId === 'string' && typeof (parsed as MirrorSetting).since === 'number') return parsed as MirrorSetting;
  } catch {
    // A damaged setting is no setting.
  }
  return null;
}

export function saveMirror(mirror: MirrorSetting | null, storage: Storage | undefined = globalThis.localStorage): void {
  if (mirror === null) storage?.removeItem(MIRROR_KEY);
  else storage?.setItem(MIRROR_KEY, JSON.stringify(mirror));
}
