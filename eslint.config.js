import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** An import (relative, any depth) of one of the named top-level folders of src/. */
const LAYER_ABOVE = (folders, up = '(\\.\\./)+') => `^${up}(${folders})(/|$)`;

/**
 * A table of the store reached through a database handle (`db.runs`, `tracking.db.artifacts`,
 * `db.table('runs')`): the tables of TrainyardDB in src/db/schema.ts, and Dexie's ways to any table.
 */
const TABLE_ACCESS =
  "MemberExpression:matches([object.name='db'], [object.property.name='db'])" +
  '[property.name=/^(experiments|runs|metricChunks|artifacts|datasets|registeredModels|modelVersions|table|tables|transaction)$/]';

const UI_LIBS = ['react', 'react-dom', 'dexie-react-hooks', 'plotly.js*'];
const PAGE_ONLY = { names: ['dexie', '@tensorflow/*'], message: 'The UI goes through the services and the store\'s queries; TF.js loads only in workers (or lazily, in services).' };

/**
 * What each layer may not import. `above`: folders of src/ it must never import (the layers above
 * it, and the test kits); `typesOnly`: folders it may import types from but no code.
 */
const LAYERS = [
  {
    folder: 'domain',
    above: 'db|services|workers|shared|features|app|test|build',
    libs: { names: [...UI_LIBS, 'dexie', '@tensorflow/*'], message: 'src/domain is pure TypeScript.' },
    why: 'src/domain imports nothing outside itself.',
    // The domain's tests run it alone: with the test kits, never a store, a service or a worker.
    tests: { above: 'db|services|workers|shared|features|app|build', why: 'Domain tests use only the domain and the test kits (src/test).' },
  },
  {
    folder: 'db',
    above: 'services|workers|shared|features|app|test',
    libs: { names: [...UI_LIBS, '@tensorflow/*'], message: 'src/db is the store: no UI or training code.' },
    why: 'src/db imports only src/domain.',
  },
  {
    folder: 'workers',
    above: 'services|shared|features|app|test',
    libs: { names: UI_LIBS, message: 'Workers have no UI.' },
    why: 'Worker code never imports the page (services, shared, features, app).',
  },
  {
    folder: 'services',
    above: 'shared|features|app|test',
    libs: { names: UI_LIBS, message: 'Services have no UI: features render what they return.' },
    typesOnly: [
      {
        regex: '^(\\.\\./)+workers/(?!.*/protocol$)',
        message: 'A service talks to its worker by message: import the worker\'s protocol, or types, never its code (that would load TF.js in the page; autolog imports it lazily).',
      },
      { group: ['@tensorflow/*'], message: 'TF.js loads only in workers; a service may import its types, and import() it lazily (autolog).' },
    ],
    why: 'src/services sits below the UI: it never imports shared, features or app.',
  },
  {
    folder: 'shared',
    above: 'workers|features|app|test',
    libs: PAGE_ONLY,
    typesOnly: [{ regex: '^(\\.\\./)+db/', message: 'Shared UI reads and writes through services/page, and imports only types from src/db.' }],
    why: 'src/shared is below the features: it never imports features, app or worker code.',
  },
  {
    folder: 'features',
    above: 'app|test',
    libs: PAGE_ONLY,
    typesOnly: [
      {
        regex: '^(\\.\\./)+(db|workers)/',
        message: 'Features read through `reads` and write through the services (services/page); from src/db and src/workers they import only types.',
      },
    ],
    why: 'Features never import the app shell (src/app) or test kits.',
  },
  { folder: 'app', above: 'workers|test', libs: PAGE_ONLY, why: 'The app assembles the page from services and features; it never imports worker code or test kits.' },
  // The entry (main.tsx) is the app layer's; build-time code (src/build) runs in Node for Vite.
  { files: ['src/*.{ts,tsx}'], up: '\\./', above: 'workers|test', libs: PAGE_ONLY, why: 'The entry starts the app; it never imports worker code or test kits.' },
  { files: ['src/build/**'], above: 'test', why: 'Build code never imports test kits.' },
];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'playwright-report', 'test-results', 'test-results-*', '.bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // `import { type X }` keeps a side-effect import of its module in the build (verbatimModuleSyntax):
      // write `import type`, so a type never pulls a worker's code (and TF.js) into the page.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // The layers (ARCHITECTURE.md): domain ← db ← services ← shared ← features ← app, and the
  // workers beside the page: workers use domain and db, never the page's layers. Tests may cross
  // layers to check how they meet; test kits (src/test) are for tests only.
  ...LAYERS.flatMap(({ folder, files = [`src/${folder}/**`], up, above, typesOnly, libs, why, tests }) => [
    {
      files,
      ignores: ['**/*.test.{ts,tsx}'],
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [
            ...(libs ? [{ group: libs.names, message: libs.message }] : []),
            { regex: LAYER_ABOVE(above, up), message: why },
            { group: ['**/*TestKit', '**/*TestKit.ts'], message: 'Test kits are for tests only.' },
          ],
        }],
        '@typescript-eslint/no-restricted-imports': ['error', {
          patterns: (typesOnly ?? []).map((pattern) => ({ ...pattern, allowTypeImports: true })),
        }],
      },
    },
    ...(libs || tests
      ? [{
          files: files.map((glob) => glob.replace(/\*\*$|\{ts,tsx\}$/, (end) => (end === '**' ? '**/*.test.{ts,tsx}' : 'test.{ts,tsx}'))),
          rules: {
            'no-restricted-imports': ['error', {
              patterns: [
                ...(libs ? [{ group: libs.names, message: libs.message }] : []),
                ...(tests ? [{ regex: LAYER_ABOVE(tests.above), message: tests.why }] : []),
              ],
            }],
          },
        }]
      : []),
  ]),
  {
    // UI reads through the store's queries and writes through the services, never a table.
    files: ['src/features/**', 'src/shared/**', 'src/app/**'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: TABLE_ACCESS,
        message: 'Components read the store through the queries in src/db/queries.ts (`reads` from services/page), never a table.',
      }],
    },
  },
);
