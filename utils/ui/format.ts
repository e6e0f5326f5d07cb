/**
 * Numbers, durations and times in the UI language, through `Intl` so that no
 * unit word needs a translation of its own.
 */
import { dateTimeFormat, numberFormat, relativeTimeFormat } from '../i18n/intl-formats';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** `1,234` / `1.234` / `1 234`. */
export function formatNumber(value: number, language: string): string {
  return numberFormat(language).format(value);
}

/**
 * A duration rounded the way people say it, for sentences that already say
 * "about": under ten seconds in whole seconds (never "0"), then to five
 * seconds, from 55 seconds in minutes, from two hours in hours and minutes,
 * from two days in days. A block takes a fraction of a second, so a short run
 * reads "about 2 seconds", not "about 1 minute".
 */
export function formatDuration(ms: number, language: string): string {
  const unit = (value: number, name: 'second' | 'minute' | 'hour' | 'day'): string =>
    numberFormat(language, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  if (ms < 10 * SECOND_MS) return unit(Math.max(1, Math.ceil(ms / SECOND_MS)), 'second');
  if (ms < 55 * SECOND_MS) return unit(5 * Math.round(ms / (5 * SECOND_MS)), 'second');
  if (ms < 2 * HOUR_MS) return unit(Math.max(1, Math.round(ms / MINUTE_MS)), 'minute');
  if (ms < 2 * DAY_MS) {
    const hours = Math.floor(ms / HOUR_MS);
    const minutes = Math.round((ms - hours * HOUR_MS) / MINUTE_MS);
    return minutes === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(minutes, 'minute')}`;
  }
  return unit(Math.round(ms / DAY_MS), 'day');
}

/** A date and time, short: "5 Jul 2026, 14:03". */
export function formatDateTime(epochMs: number, language: string): string {
  return dateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

/** A calendar date only: "5 Jul 2026". */
export function formatDate(epochMs: number, language: string): string {
  return dateTimeFormat(language, { dateStyle: 'medium' }).format(epochMs);
}

/** "3 minutes ago", "in 2 hours", "yesterday", relative to `now`. */
export function formatRelativeTime(epochMs: number, now: number, language: string): string {
  const format = relativeTimeFormat(language, { numeric: 'auto' });
  const delta = epochMs - now;
  const abs = Math.abs(delta);
  if (abs < HOUR_MS) return format.format(Math.round(delta / MINUTE_MS), 'minute');
  if (abs < DAY_MS) return format.format(Math.round(delta / HOUR_MS), 'hour');
  return format.format(Math.round(delta / DAY_MS), 'day');
}
