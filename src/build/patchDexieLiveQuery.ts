/**
 * A build-time fix for a memory leak in Dexie 4.4's liveQuery. Each subscription accumulates every
 * storage mutation it hears (`accumMuts`) and only clears them when its query re-runs. A query whose
 * data is never touched (the experiments sidebar while runs train) therefore keeps a record of
 * every write for as long as the page lives: ~3.7 KB per training run in the soak bench.
 *
 * The accumulation only matters while a query is in flight (a mutation then may affect the result
 * being read). Once a result is delivered, a mutation that does not overlap what the query read
 * cannot change it, so the patched listener drops it. Applied by a Vite transform to Dexie's
 * dist/dexie.js (vite.config.ts), in the build, dev and Vitest alike; it fails the build when
 * Dexie's code changes shape, so an upgrade is noticed.
 */

const LISTENER = /(var mutationListener = function \(parts\) \{\s*extendObservabilitySet\(accumMuts, parts\);\s*if \(shouldNotify\(\)\) \{\s*doQuery\(\);\s*\})(\s*\};)/;
const QUERY_START = /(var _doQuery = function \(\) \{\s*if \(closed \|\|\s*!domDeps\.indexedDB\)\s*\{\s*return;\s*\}\s*accumMuts = \{\};)/;
const SETTLED = /(Promise\.resolve\(ret\)\.then\(function \(result\) \{)([\s\S]*?)(\}, function \(err\) \{)/;

export const DEXIE_PATCH_MARKER = '/* trainyard: liveQuery drops mutations it cannot be affected by */';

export function patchDexieLiveQuery(code: string, file = 'dexie.js'): string {
  if (code.includes(DEXIE_PATCH_MARKER)) return code;
  for (const [name, pattern] of [['mutationListener', LISTENER], ['_doQuery', QUERY_START], ['query settlement', SETTLED]] as const) {
    if (!pattern.test(code)) {
      throw new Error(`${file}: Dexie's liveQuery ${name} no longer looks as src/build/patchDexieLiveQuery.ts expects; check whether the accumMuts leak is fixed upstream and update or drop the patch`);
    }
  }
  return code
    .replace(LISTENER, `$1 else if (!querying) { accumMuts = {}; } ${DEXIE_PATCH_MARKER}$2`)
    .replace('var accumMuts = {};', 'var accumMuts = {};\n        var querying = false;')
    .replace(QUERY_START, '$1\n            querying = true;')
    .replace(SETTLED, '$1\n                if (!ctx.signal.aborted) querying = false;$2$3\n                if (!ctx.signal.aborted) querying = false;');
}
