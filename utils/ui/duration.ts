/**
 * The duration picker's value (components/DurationPicker.tsx) and what the pages send of it: how
 * long a new "always block" entry or own limit is kept (utils/core/expiry.ts).
 */
import type { EntryDuration } from '../core/expiry';

/** The picker's value: a kind, and the date typed for "until a date" (kept while another kind is chosen). */
export interface DurationChoice {
  kind: EntryDuration['kind'];
  /** `YYYY-MM-DD`, as the date input gives it; empty until chosen. */
  date: string;
}

/** What the picker starts with: kept until removed, as entries were before they could expire. */
export const FOREVER: DurationChoice = { kind: 'forever', date: '' };

/**
 * The duration an intent carries: none for "until I remove it", so pages and backgrounds of
 * versions before expiry read the intent as they did.
 */
export function durationOf(choice: DurationChoice): EntryDuration | undefined {
  if (choice.kind === 'forever') return undefined;
  return choice.kind === 'date' ? { kind: 'date', date: choice.date } : { kind: choice.kind };
}

/**
 * A day as the date input writes it, in the browser's time zone.
 * @param epochMs - a moment.
 */
export function localDay(epochMs: number): string {
  const at = new Date(epochMs);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
