import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports that would make utils/core impure: it must run in Node with no browser. */
const IMPURE_MODULES = ['wxt', 'wxt/*', 'masto', 'idb', 'preact', 'preact/*', 'webextension-polyfill', '@wxt-dev/*'];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'tour/**', 'test-results/**', 'tests/fixtures/mastodon-web/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        TextDecoder: 'readonly', TextEncoder: 'readonly', crypto: 'readonly', fetch: 'readonly', document: 'readonly',
        window: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly',
      },
    },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['utils/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: IMPURE_MODULES, message: 'utils/core is pure TypeScript: pass side effects in through ports.ts.' }] }],
      'no-restricted-globals': ['error', 'browser', 'chrome', 'document', 'window', 'indexedDB', 'localStorage'],
    },
  },
);
