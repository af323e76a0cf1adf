/**
 * MLflow's basic-auth app as the fake server plays it (rest-3.5-auth/): HTTP Basic only (a
 * `Bearer` anything is a 401 like no credentials), users with a password and either write access
 * to everything or READ (the app's `default_permission = READ`), the creator of an experiment or
 * registered model may write to it, and the admin endpoints the recording used: `users/create`
 * (admins only), `users/get`, `experiments/permissions/get` (no explicit rows: always 404).
 */
import type { FakeMlflowState} from './fakeStore';
import { MlflowApiError, notFound, type FakeUser } from './fakeStore';
import { PermissionDenied, type Args, type JsonRoute, type RouteContext } from './fakeRoutes';

export const UNAUTHENTICATED_BODY =
  'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.';

export interface AuthUserOptions {
  readonly password: string;
  /** Write access to every experiment and model; false = READ, the basic-auth app's default. */
  readonly canWrite: boolean;
  /** May create users (the app's `admin`). Implies canWrite. */
  readonly isAdmin?: boolean;
}

export function addUsers(state: FakeMlflowState, users: Readonly<Record<string, AuthUserOptions>>): void {
  for (const [username, user] of Object.entries(users)) {
    state.users.set(username, { id: state.users.size + 1, username, password: user.password, isAdmin: user.isAdmin === true, canWrite: user.canWrite || user.isAdmin === true });
  }
}

/** The user an `Authorization` header names with the right password, or null (→ 401). */
export function authenticate(state: FakeMlflowState, header: string | undefined): FakeUser | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  const user = state.users.get(decoded.slice(0, colon));
  return user && user.password === decoded.slice(colon + 1) ? user : null;
}

function userJson(user: FakeUser): Record<string, unknown> {
  // Keys sorted, as the auth app writes them (rest-3.5-auth/24).
  return { experiment_permissions: [], id: user.id, is_admin: user.isAdmin, registered_model_permissions: [], username: user.username };
}

const text = (args: Args, name: string): string => {
  const value = args[name];
  if (typeof value !== 'string' || value === '') {
    throw new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`);
  }
  return value;
};

function requireAdmin(context: RouteContext): void {
  if (!context.user?.isAdmin) throw new PermissionDenied();
}

export const USER_ROUTES: Readonly<Record<string, JsonRoute>> = {
  'users/create': {
    methods: ['POST'],
    handle: (args, context) => {
      requireAdmin(context);
      const username = text(args, 'username');
      const password = text(args, 'password');
      if (context.state.users.has(username)) {
        throw new MlflowApiError(400, 'RESOURCE_ALREADY_EXISTS', `User (username=${username}) already exists. Error: (sqlite3.IntegrityError) UNIQUE constraint failed: users.username`);
      }
      addUsers(context.state, { [username]: { password, canWrite: false } });
      const user = context.state.users.get(username) as FakeUser;
      return { user: userJson(user) };
    },
  },
  'users/get': {
    methods: ['GET'],
    handle: (args, context) => {
      const username = text(args, 'username');
      if (!context.user?.isAdmin && context.user?.username !== username) throw new PermissionDenied();
      const user = context.state.users.get(username);
      if (!user) throw notFound(`User with username=${username} not found`);
      return { user: userJson(user) };
    },
  },
  'experiments/permissions/get': {
    methods: ['GET'],
    handle: (args, context) => {
      requireAdmin(context);
      throw notFound(`Experiment permission with experiment_id=${text(args, 'experiment_id')} and username=${text(args, 'username')} not found`);
    },
  },
};
