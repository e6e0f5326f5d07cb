/**
 * Installs `browser.i18n` on WXT's fake browser from the real
 * public/_locales/<lang>/messages.json, substituting placeholders the way
 * Chrome does (https://developer.chrome.com/docs/extensions/reference/api/i18n):
 * `$NAME$` takes its placeholder's `content`, in which `$1`…`$9` are the
 * substitutions. Components under test thus show the same text as the extension.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

export const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LocaleMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** The parsed messages.json of one locale. */
export function readMessages(locale: Locale): Record<string, LocaleMessage> {
  const path = join(import.meta.dirname, '..', '..', '..', 'public', '_locales', locale, 'messages.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, LocaleMessage>;
}

/** Renders one message as `chrome.i18n.getMessage` would. */
export function formatMessage(entry: LocaleMessage, substitutions: string[]): string {
  const positional = (text: string): string => text.replace(/\$(\d)/g, (_match, digit: string) => substitutions[Number(digit) - 1] ?? '');
  return entry.message
    .replace(/\$([A-Za-z0-9_]+)\$/g, (match, name: string) => {
      const placeholder = entry.placeholders?.[name.toLowerCase()];
      return placeholder ? positional(placeholder.content) : match;
    })
    .replace(/\$\$/g, '$');
}

/** Makes `browser.i18n` answer in `locale`. */
export function useLocale(locale: Locale): void {
  const messages = readMessages(locale);
  const i18n = fakeBrowser.i18n as unknown as {
    getMessage: (name: string, substitutions?: string | string[]) => string;
    getUILanguage: () => string;
  };
  i18n.getMessage = (name, substitutions) => {
    const entry = messages[name];
    if (!entry) return '';
    return formatMessage(entry, substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions]);
  };
  i18n.getUILanguage = () => locale;
}
