/**
 * What a subscribed list adds can be applied for a while and then asked about
 * again ("apply for 30 days, then ask me again"). Each domain a list made
 * Hedge block is due a chosen number of days after Hedge blocked it (its
 * `OwnedBlock.addedAt`, utils/core/plan.ts), or at the time the user last kept
 * it for longer. Due domains are asked about, grouped by list and by the day
 * they were blocked; keeping renews them, removing leaves them out of that
 * list's contribution so that a normal plan removes Hedge's block.
 */
import type { Provenance } from './model.ts';

/** One day in ms. */
export const DAY_MS = 24 * 60 * 60_000;

/** A list's choice, and what the user answered about its due domains so far. */
export interface ListApplyWindow {
  subscriptionId: string;
  /** Days after a domain was blocked at which it is due. */
  days: number;
  /** Domains the user kept for longer: due again at this time, epoch ms. */
  keptUntil?: Readonly<Record<string, number>>;
  /** Domains the user chose to remove: this list no longer asks for them. */
  dropped?: readonly string[];
}

/** A block Hedge made, as far as due dates need it. */
export interface BlockMade {
  domain: string;
  addedAt: number;
  provenance: readonly Pick<Provenance, 'source'>[];
}

/** Domains of one list that Hedge blocked on one day and that are now due. */
export interface DueListGroup {
  subscriptionId: string;
  /** When the first of them was blocked, epoch ms. */
  addedAt: number;
  domains: string[];
}

/**
 * The domains due at `now`, by list and by the calendar day (in the browser's time zone) they were
 * blocked, oldest first.
 * @param blocks - the blocks Hedge made for the account.
 * @param windows - the lists that apply what they add for a while.
 * @param now - epoch ms.
 */
export function findDueListDomains(blocks: readonly BlockMade[], windows: readonly ListApplyWindow[], now: number): DueListGroup[] {
  const groups = new Map<string, DueListGroup>();
  for (const window of windows) {
    const dropped = new Set(window.dropped ?? []);
    for (const block of blocks) {
      if (dropped.has(block.domain)) continue;
      if (!block.provenance.some(({ source }) => source.kind === 'subscription' && source.id === window.subscriptionId)) continue;
      const dueAt = window.keptUntil?.[block.domain] ?? block.addedAt + window.days * DAY_MS;
      if (dueAt > now) continue;
      const key = `${window.subscriptionId} ${new Date(block.addedAt).toDateString()}`;
      const group = groups.get(key) ?? { subscriptionId: window.subscriptionId, addedAt: block.addedAt, domains: [] };
      group.addedAt = Math.min(group.addedAt, block.addedAt);
      group.domains.push(block.domain);
      groups.set(key, group);
    }
  }
  return [...groups.values()].map((group) => ({ ...group, domains: group.domains.sort() })).sort((a, b) => a.addedAt - b.addedAt);
}
