/**
 * The background's replies, notifications and refusals come from
 * `browser.i18n.getMessage`, which WXT's fake browser leaves unimplemented (it
 * throws). Every test file starts with the real English messages.json
 * installed, so tests read the same words the extension shows in an English
 * browser; a test may switch to another locale with `useLocale`.
 */
import { useLocale } from '../unit/components/locale';

useLocale('en');
