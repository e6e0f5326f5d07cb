/**
 * For benches that run the background's own modules in Node: WXT's fake browser plays
 * `globalThis.chrome` (what `wxt/browser` is outside WXT) with the English messages installed, as
 * in the integration tests. Imported first, before any module that reads `wxt/browser`.
 */
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useLocale } from '../tests/unit/components/locale';

(globalThis as { chrome?: unknown }).chrome ??= fakeBrowser;
useLocale('en');
