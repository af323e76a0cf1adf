import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** An import (relative, any depth) of one of the named top-level folders of src/. */
const LAYER_ABOVE = (folders) => `^(\\.\\./)+(${folders})(/|$)`;

/**
 * A table of the store reached through a database handle (`db.runs`, `tracking.db.artifacts`,
 * `db.table('runs')`): the tables of TrainyardDB in src/db/schema.ts, and Dexie's ways to any table.
 */
const TABLE_ACCESS =
  "MemberExpression:matches([object.name='db'], [object.property.name='db'])" +
  '[property.name=/^(experiments|runs|metricChunks|artifacts|datasets|registeredModels|modelVersions|table|tables|transaction)$/]';

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'playwright-report', 'test-results', 'test-results-*', '.bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The layers (ARCHITECTURE in the README's Layout section): domain ← db ← page code ← features ← app.
    // The domain layer is pure: no React, Dexie, TF.js, and nothing outside src/domain.
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'dexie', 'dexie-react-hooks', '@tensorflow/*', 'plotly.js*'], message: 'src/domain is pure TypeScript.' },
          { regex: LAYER_ABOVE('db|features|app|training|worker|shared|pwa|build'), message: 'src/domain imports nothing outside itself.' },
        ],
      }],
    },
  },
  {
    // The store knows the domain and nothing that uses it. (Tests may cross layers to check how
    // they meet, e.g. a store fault classified by the training code.)
    files: ['src/db/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', '@tensorflow/*', 'plotly.js*'], message: 'src/db is the store: no UI or training code.' },
          { regex: LAYER_ABOVE('features|app|training|worker|shared|pwa'), message: 'src/db imports only src/domain.' },
        ],
      }],
    },
  },
  {
    // Workers never reach into the page's UI.
    files: ['src/worker/**', 'src/training/worker/**', 'src/training/recipes/**', 'src/training/text/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'dexie-react-hooks', 'plotly.js*'], message: 'Workers have no UI.' },
          { regex: LAYER_ABOVE('features|app|shared'), message: 'Worker code never imports the page (features, app, shared UI).' },
        ],
      }],
    },
  },
  {
    // UI reads through hooks and writes through the tracking client, never Dexie directly.
    files: ['src/features/**', 'src/shared/**', 'src/app/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['dexie', '@tensorflow/*'], message: 'Components go through the tracking client and hooks.' }],
      }],
      'no-restricted-syntax': ['error', {
        selector: TABLE_ACCESS,
        message: 'Components read the store through the queries in src/db/queries.ts (`reads` from app/tracking), never a table.',
      }],
    },
  },
);
