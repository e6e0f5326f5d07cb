/**
 * `Intl` formatters, made once per kind, language and options and then kept: making one loads its
 * locale's data, and the pages format many numbers and dates (a table of a thousand rows, or the
 * popup's first render, which the user waits for).
 */

const kept = new Map<string, unknown>();

function keep<T>(key: string, make: () => T): T {
  let formatter = kept.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = make();
    kept.set(key, formatter);
  }
  return formatter;
}

export function numberFormat(language: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return keep(`number ${language} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(language, options));
}

export function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return keep(`date ${language} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(language, options));
}

export function relativeTimeFormat(language: string, options: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return keep(`relative ${language} ${JSON.stringify(options)}`, () => new Intl.RelativeTimeFormat(language, options));
}

export function listFormat(language: string, options: Intl.ListFormatOptions): Intl.ListFormat {
  return keep(`list ${language} ${JSON.stringify(options)}`, () => new Intl.ListFormat(language, options));
}

export function pluralRules(language: string): Intl.PluralRules {
  return keep(`plural ${language}`, () => new Intl.PluralRules(language));
}
