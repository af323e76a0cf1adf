/**
 * `window.trainyard`: a flat, plain object over the page's services (services/page.ts; which
 * service answers which verb is consoleVerbs.ts) whose verbs check their arguments
 * (consoleSchemas.ts) first, so a wrong call from the devtools console is refused with a message
 * naming the verb, the argument and what was expected — a TrackingError INVALID_PARAMETER_VALUE,
 * thrown by verbs that return at once and rejected by verbs that return a promise. A right call
 * reaches its service with the same arguments, `this` being the service. Adds `listRecipes()`
 * and `testing`, the test-only switches. The app's own code uses the services directly, not this.
 */
import { TrackingError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import { setStoreFault, type StoreFault } from '../../db/faults';
import type { PageServices } from '../../services/page';
import { CONSOLE_SCHEMAS } from './consoleSchemas';
import { formatIssues, issueWords } from './formatIssues';
import { CONSOLE_VERBS, type ServiceName, type VerbTable } from './consoleVerbs';
import { listRecipes, type RecipeListing } from './listRecipes';
import type { Signature } from './schemaParts';

/** The page's objects the console shows as they are (read at each access), and where each lives. */
const CONSOLE_PROPERTIES = {
  training: (s: PageServices) => s.training.pool,
  searchCoordinator: (s: PageServices) => s.searches.searchCoordinator,
  predictions: (s: PageServices) => s.predictions,
  writerId: (s: PageServices) => s.tracking.writerId,
};

/** Switches that only tests use (e2e runs against the production build, so they ship). */
export interface ConsoleTesting {
  /**
   * Simulates a storage fault (e.g. `{ kind: 'quota' }`, a full disk) in the store writes of this
   * page and of every training worker, until called with null.
   */
  simulateStorageFault(fault: StoreFault | null): void;
  /** Terminates the worker training `runId` without telling the pool, as the browser does on out-of-memory. */
  simulateWorkerLoss(runId: RunId): boolean;
}

/** A service's verbs on the console, with their TypeScript signatures. */
type VerbsOf<S extends ServiceName> = Pick<PageServices[S], Extract<VerbTable[S][number], keyof PageServices[S]>>;

export type ConsoleFacade = VerbsOf<'tracking'> &
  VerbsOf<'registry'> &
  VerbsOf<'bundles'> &
  VerbsOf<'training'> &
  VerbsOf<'searches'> &
  VerbsOf<'predictions'> &
  VerbsOf<'scripts'> &
  VerbsOf<'storage'> &
  VerbsOf<'insights'> &
  VerbsOf<'sync'> & { readonly [P in keyof typeof CONSOLE_PROPERTIES]: ReturnType<(typeof CONSOLE_PROPERTIES)[P]> } & {
    /** The built-in recipes, their entry points and each one's typed params (defaults, ranges, choices). */
    listRecipes(): RecipeListing[];
    /** Test-only switches (README, "Testing faults"); nothing in the app calls them. */
    readonly testing: ConsoleTesting;
  };

function check(verb: string, signature: Signature, args: readonly unknown[]): TrackingError | null {
  const result = signature.args.safeParse(args, { error: issueWords });
  return result.success ? null : new TrackingError('INVALID_PARAMETER_VALUE', formatIssues(verb, signature, args, result.error.issues));
}

/** The verb, checking its arguments first when it has a schema. */
function wrap(target: object, verb: string, method: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const signature = (CONSOLE_SCHEMAS as Partial<Record<string, Signature>>)[verb];
  const checked = function (...args: unknown[]): unknown {
    const error = signature ? check(verb, signature, args) : null;
    if (error) {
      if (signature?.async) return Promise.reject(error);
      throw error;
    }
    return method.apply(target, args);
  };
  Object.defineProperty(checked, 'name', { value: verb });
  return checked;
}

function testingSwitches(services: PageServices): ConsoleTesting {
  return Object.freeze({
    simulateStorageFault(fault: StoreFault | null): void {
      setStoreFault(fault);
      services.training.pool.simulateStorageFault(fault);
    },
    simulateWorkerLoss(runId: RunId): boolean {
      return services.training.pool.simulateWorkerLoss(runId);
    },
  });
}

/** The validating console over the page's services (fakes in unit tests). */
export function consoleFacade(services: PageServices): ConsoleFacade {
  const facade: Record<string, unknown> = {};
  for (const [service, verbs] of Object.entries(CONSOLE_VERBS) as Array<[ServiceName, readonly string[]]>) {
    const target = services[service] as unknown as Record<string, unknown>;
    for (const verb of verbs) {
      const method = target[verb];
      if (typeof method === 'function') facade[verb] = wrap(target, verb, method as (...args: unknown[]) => unknown);
    }
  }
  for (const [name, read] of Object.entries(CONSOLE_PROPERTIES)) {
    Object.defineProperty(facade, name, { get: () => read(services), enumerable: true });
  }
  facade.listRecipes = () => listRecipes();
  facade.testing = testingSwitches(services);
  return facade as ConsoleFacade;
}
