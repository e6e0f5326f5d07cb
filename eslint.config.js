import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Imports that would make utils/core impure: it must run in Node with no browser. */
const IMPURE_MODULES = ['wxt', 'wxt/*', 'masto', 'idb', 'preact', 'preact/*', 'webextension-polyfill', '@wxt-dev/*'];

/**
 * The layers, from the bottom: utils/core (pure); utils/protocol and utils/i18n (the intents and the
 * words, which every context shares); utils/mastodon, utils/db, utils/dom and utils/permissions (the
 * adapters); utils/background and, for the pages, components/ with utils/ui; entrypoints/ on top.
 * A module imports from its own layer or below, never from above.
 */
const LAYERS = [
  {
    target: './utils/core',
    from: './utils',
    except: ['./core'],
    message: 'utils/core is the bottom layer: it imports nothing else of Hedge.',
  },
  {
    target: ['./utils/protocol', './utils/i18n'],
    from: './utils',
    except: ['./core', './protocol', './i18n'],
    message: 'The protocol and the translations import only utils/core, utils/protocol and utils/i18n.',
  },
  {
    target: ['./utils/mastodon', './utils/db', './utils/dom', './utils/permissions'],
    from: ['./utils/background', './utils/ui'],
    message: 'The adapters (utils/mastodon, utils/db, utils/dom, utils/permissions) never import the background or the pages.',
  },
  {
    target: './utils/background',
    from: './utils/ui',
    message: 'The background never imports the pages’ helpers.',
  },
  {
    target: './utils/ui',
    from: './utils/background',
    message: 'The pages reach the background through intents (utils/protocol), never by import.',
  },
  {
    target: './utils',
    from: ['./components', './entrypoints'],
    message: 'utils/ never imports components/ or entrypoints/.',
  },
  {
    target: './components',
    from: ['./utils/background', './entrypoints'],
    message: 'Components reach the background through intents (utils/protocol), never by import.',
  },
];

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
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Which files the plugin reads as modules, and with which parser: no-cycle follows every import.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // Type-only imports are not followed (they leave no trace at run time); madge checks those too.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: LAYERS }],
    },
  },
  {
    // A file a newcomer can hold in their head; tests and fixtures may be longer.
    files: ['{utils,components,entrypoints,scripts,bench}/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
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
