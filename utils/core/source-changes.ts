/**
 * What confirming a plan changes in an account's own sources, kept as the
 * change itself (a preset switched, an entry added or removed) rather than as
 * a copy of the settings. Applied to the settings as they are at the
 * confirmation, it keeps what changed since the preview: an entry typed
 * meanwhile, another preset's plan confirmed first, a plan a scheduled
 * refresh prepared days ago.
 */
import { tidyExpiry, withExpiry } from './expiry.ts';
import type { PresetId } from './presets.ts';

/**
 * One account's own sources: the presets it switched on, its "always block" / "never block" entries,
 * and the domains it limits itself (collapsed in the web UI, nothing sent to the server).
 */
export interface AccountSources {
  presets: PresetId[];
  alwaysBlock: string[];
  neverBlock: string[];
  limit: string[];
  /** When each expiring "always block" entry stops counting, epoch ms, by domain; absent: every entry is kept until removed (utils/core/expiry.ts). */
  alwaysBlockUntil?: Record<string, number>;
  /** The same for the user's own limits. */
  limitUntil?: Record<string, number>;
}

/** One change to an account's own sources. */
export type SourceChange =
  | { kind: 'preset'; presetId: PresetId; isEnabled: boolean }
  | {
      kind: 'entry';
      list: 'always-block' | 'never-block';
      domain: string;
      action: 'add' | 'remove';
      /** For an "always block" entry added: when it stops counting; absent: kept until removed. */
      expiresAt?: number;
    };

const FIELD = { 'always-block': 'alwaysBlock', 'never-block': 'neverBlock' } as const;

/**
 * The sources after the changes, in order. As in the options page, a domain
 * added to one list leaves the other: it is either always or never blocked.
 * @param sources - the account's sources now.
 * @param changes - the changes a confirmed plan carries.
 */
export function applySourceChanges(sources: AccountSources, changes: readonly SourceChange[]): AccountSources {
  let next: AccountSources = {
    presets: [...sources.presets],
    alwaysBlock: [...sources.alwaysBlock],
    neverBlock: [...sources.neverBlock],
    // Limits are never part of a plan: a confirmed plan keeps them as they are.
    limit: [...sources.limit],
    ...(sources.alwaysBlockUntil === undefined ? {} : { alwaysBlockUntil: { ...sources.alwaysBlockUntil } }),
    ...(sources.limitUntil === undefined ? {} : { limitUntil: { ...sources.limitUntil } }),
  };
  for (const change of changes) {
    if (change.kind === 'preset') {
      const others = next.presets.filter((id) => id !== change.presetId);
      next = { ...next, presets: change.isEnabled ? [...others, change.presetId] : others };
      continue;
    }
    const field = FIELD[change.list];
    const other = field === 'alwaysBlock' ? 'neverBlock' : 'alwaysBlock';
    const without = next[field].filter((domain) => domain !== change.domain);
    next =
      change.action === 'add'
        ? { ...next, [field]: [...without, change.domain], [other]: next[other].filter((domain) => domain !== change.domain) }
        : { ...next, [field]: without };
    // An entry added again takes the new time (none: kept until removed); one removed forgets its time.
    if (field === 'alwaysBlock') {
      const expiresAt = change.action === 'add' ? change.expiresAt : undefined;
      next = { ...next, alwaysBlockUntil: withExpiry(next.alwaysBlockUntil, change.domain, expiresAt) };
    }
  }
  return tidyExpiry(next);
}
