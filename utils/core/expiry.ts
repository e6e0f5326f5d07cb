/**
 * Entries that expire: the user's own "always block" entries and own limits
 * can be kept for a chosen time (a day, a week, a month, or until a date)
 * instead of until removed, as Mastodon itself has been asked to allow since
 * 2017 (mastodon#1593). Each such entry carries an absolute `expiresAt` in
 * epoch ms; an entry without one is kept until the user removes it, which is
 * how every entry stored before expiry existed reads.
 *
 * When the time is up the entry stops counting: `withoutExpired` drops it from
 * the sources before they are combined, so every plan, verdict and count made
 * after that moment agrees that the domain is no longer wanted. The block on
 * the server goes through a normal plan, which removes only blocks Hedge made
 * and no other source still wants (utils/core/plan.ts).
 */

/** The part of an account's sources that can expire (`AccountSources`, utils/core/source-changes.ts). */
export interface ExpiringSources {
  alwaysBlock: string[];
  limit: string[];
  alwaysBlockUntil?: Record<string, number>;
  limitUntil?: Record<string, number>;
}

/** One day in ms. */
const DAY_MS = 24 * 60 * 60_000;

/** How long a new entry is kept, as the user chose it. */
export type EntryDuration =
  | { kind: 'forever' }
  | { kind: 'day' }
  | { kind: 'week' }
  | { kind: 'month' }
  /** Until the end of this calendar day (`YYYY-MM-DD`, the `value` of a date input), in the browser's time zone. */
  | { kind: 'date'; date: string };

/** Why a chosen duration cannot be used. */
export type DurationError = 'bad-date' | 'past-date';

/**
 * The moment an entry added at `now` for `duration` stops counting.
 * @param duration - the user's choice.
 * @param now - epoch ms.
 * @returns `expiresAt` undefined for "until I remove it", or why the choice cannot be used.
 */
export function expiryOf(duration: EntryDuration, now: number): { expiresAt: number | undefined } | { error: DurationError } {
  switch (duration.kind) {
    case 'forever':
      return { expiresAt: undefined };
    case 'day':
      return { expiresAt: now + DAY_MS };
    case 'week':
      return { expiresAt: now + 7 * DAY_MS };
    case 'month': {
      // A calendar month: the same time on the same day of the next month (Date rolls 31 January over to early March).
      const at = new Date(now);
      at.setMonth(at.getMonth() + 1);
      return { expiresAt: at.getTime() };
    }
    case 'date': {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(duration.date);
      if (!match) return { error: 'bad-date' };
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const start = new Date(year, month - 1, day);
      if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== day) return { error: 'bad-date' };
      // The entry lasts through the whole chosen day: it ends when the next day begins.
      const expiresAt = new Date(year, month - 1, day + 1).getTime();
      return expiresAt <= now ? { error: 'past-date' } : { expiresAt };
    }
  }
}

/** Which of the user's own lists an expiring entry is in. */
export type ExpiringList = 'always-block' | 'limit';

/** An entry whose time is up. */
export interface DueEntry {
  list: ExpiringList;
  domain: string;
  expiresAt: number;
}

/**
 * The entries whose time is up at `now`, oldest first.
 * @param sources - an account's sources.
 * @param now - epoch ms.
 */
export function findDueEntries(sources: ExpiringSources, now: number): DueEntry[] {
  const due: DueEntry[] = [];
  const collect = (list: ExpiringList, domains: readonly string[], until: Readonly<Record<string, number>> | undefined): void => {
    for (const domain of domains) {
      const expiresAt = until?.[domain];
      if (expiresAt !== undefined && expiresAt <= now) due.push({ list, domain, expiresAt });
    }
  };
  collect('always-block', sources.alwaysBlock, sources.alwaysBlockUntil);
  collect('limit', sources.limit, sources.limitUntil);
  return due.sort((a, b) => a.expiresAt - b.expiresAt);
}

/**
 * The sources without the entries whose time is up at `now`: what the account wants at that moment.
 * @param sources - an account's sources.
 * @param now - epoch ms.
 */
export function withoutExpired<T extends ExpiringSources>(sources: T, now: number): T {
  const due = findDueEntries(sources, now);
  return due.length === 0 ? sources : withoutEntries(sources, due);
}

/**
 * The sources without the given entries and their times.
 * @param sources - an account's sources.
 * @param entries - entries to drop, by list and domain.
 */
export function withoutEntries<T extends ExpiringSources>(sources: T, entries: ReadonlyArray<Pick<DueEntry, 'list' | 'domain'>>): T {
  const dropped = (list: ExpiringList): Set<string> => new Set(entries.filter((entry) => entry.list === list).map((entry) => entry.domain));
  const blocks = dropped('always-block');
  const limits = dropped('limit');
  return tidyExpiry({
    ...sources,
    alwaysBlock: sources.alwaysBlock.filter((domain) => !blocks.has(domain)),
    limit: sources.limit.filter((domain) => !limits.has(domain)),
  });
}

/**
 * The earliest moment one of the account's entries stops counting, or undefined when none expires.
 * @param sources - an account's sources.
 */
export function nextExpiry(sources: ExpiringSources): number | undefined {
  const times = [...Object.values(sources.alwaysBlockUntil ?? {}), ...Object.values(sources.limitUntil ?? {})];
  return times.length === 0 ? undefined : Math.min(...times);
}

/**
 * The sources with their expiry times kept only for entries still listed, and without empty
 * maps, so that sources with nothing expiring read as they did before expiry existed.
 * @param sources - an account's sources.
 */
export function tidyExpiry<T extends ExpiringSources>(sources: T): T {
  const { alwaysBlockUntil, limitUntil, ...rest } = sources;
  const keep = (until: Readonly<Record<string, number>> | undefined, domains: readonly string[]): Record<string, number> | undefined => {
    if (until === undefined) return undefined;
    const kept = Object.fromEntries(domains.flatMap((domain) => (until[domain] === undefined ? [] : [[domain, until[domain]]])));
    return Object.keys(kept).length === 0 ? undefined : kept;
  };
  const blocks = keep(alwaysBlockUntil, rest.alwaysBlock);
  const limits = keep(limitUntil, rest.limit);
  return { ...rest, ...(blocks === undefined ? {} : { alwaysBlockUntil: blocks }), ...(limits === undefined ? {} : { limitUntil: limits }) } as T;
}

/**
 * Sets or clears one entry's expiry time in a map of them.
 * @param until - the map now.
 * @param domain - the entry.
 * @param expiresAt - the new time; undefined: kept until removed.
 */
export function withExpiry(until: Readonly<Record<string, number>> | undefined, domain: string, expiresAt: number | undefined): Record<string, number> {
  const { [domain]: _old, ...rest } = until ?? {};
  return expiresAt === undefined ? rest : { ...rest, [domain]: expiresAt };
}
