/**
 * Every string the pages show goes through `browser.i18n` and the
 * `public/_locales/<lang>/messages.json` files. The keys are typed: WXT
 * generates an overload of `getMessage` per key of the English file
 * (`.wxt/types/i18n.d.ts`), so a misspelt key does not compile.
 */
import { browser } from 'wxt/browser';
import { numberFormat, pluralRules } from './intl-formats';

/** A key of `public/_locales/en/messages.json`. */
export type MessageKey = Exclude<Parameters<typeof browser.i18n.getMessage>[0], `@@${string}`>;

/** What can fill a `$PLACEHOLDER$`: numbers are formatted for the UI language. */
export type Substitution = string | number;

/**
 * The message for `key` in the browser's UI language, with substitutions in
 * placeholder order (`$1`, `$2`, …). A key missing from the locale files shows
 * as the key itself, so a gap is visible instead of an empty label.
 */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  const text = browser.i18n.getMessage(key, substitutions.map(formatSubstitution));
  return text === '' || text === undefined ? key : text;
}

/**
 * The message for a key built at run time (`preset_threads_name`), or null when
 * the locale files do not have it; for data that may or may not be translated.
 */
export function tOptional(key: string, ...substitutions: Substitution[]): string | null {
  const getMessage = browser.i18n.getMessage as (name: string, substitutions?: string[]) => string | undefined;
  const text = getMessage(key, substitutions.map(formatSubstitution));
  return text === '' || text === undefined ? null : text;
}

/** Keys that come in a `_one` and an `_other` form. */
type PluralBase = MessageKey extends infer K ? (K extends `${infer B}_one` ? B : never) : never;

/**
 * The singular or plural form of a counted message (`<base>_one` or
 * `<base>_other`), chosen by the UI language's plural rules; `count` is the
 * first substitution. Japanese has one form, so both keys hold the same text.
 */
export function tCount(base: PluralBase, count: number, ...more: Substitution[]): string {
  const form = pluralRules(uiLanguage()).select(count) === 'one' ? 'one' : 'other';
  return t(`${base}_${form}` as MessageKey, count, ...more);
}

/** The browser's UI language as a BCP 47 tag (`en-US`, `de`, `ja`). */
export function uiLanguage(): string {
  const language = browser.i18n.getUILanguage();
  return language ? language.replace('_', '-') : 'en';
}

function formatSubstitution(value: Substitution): string {
  return typeof value === 'number' ? numberFormat(uiLanguage()).format(value) : value;
}
