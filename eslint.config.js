import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
    // The domain layer is pure: no React, Dexie, TF.js or app code.
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'dexie', 'dexie-react-hooks', '@tensorflow/*', 'plotly.js*'], message: 'src/domain is pure TypeScript.' },
          { group: ['../../db/*', '../db/*', '../../features/*', '../../app/*', '../../api/*'], message: 'src/domain imports nothing outside itself.' },
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
    },
  },
);
