/**
 * The safety catch of scheduled refreshes: a refresh applies by itself only
 * when it is small and harmless; otherwise it waits for the user, or is held.
 *
 * Held (nothing applied, the user told why): a list that parsed before and now
 * fails to parse, comes back empty, or shrinks by more than half. Those are
 * the signs of a broken or hijacked source, not of moderation.
 *
 * Needs confirmation (the plan is shown, nothing applied until the user says
 * yes): more than 50 new blocks, or new blocks for more than 10% of the list,
 * the same for removals, a new block of a domain where the user follows
 * someone, or any change touching the user's own server.
 */
import type { SyncPlan } from './plan.ts';

/** New blocks a refresh may make without asking. */
export const AUTO_APPLY_MAX_CHANGES = 50;

/** Share of the list a refresh may change without asking. */
export const AUTO_APPLY_MAX_SHARE = 0.1;

/** How one fetch of a subscribed list went. */
export type ListFetch = { isParsed: true; domainCount: number } | { isParsed: false; error: string };

/** What the scheduled refresh does with a plan. */
export type RefreshDecision =
  | { kind: 'apply' }
  | { kind: 'confirm'; reasons: string[] }
  | { kind: 'hold'; reasons: string[] };

/** What the decision is made from. */
export interface RefreshInput {
  listName: string;
  /** The last fetch that was accepted, if any. */
  previous?: ListFetch;
  current: ListFetch;
  /** The plan the refreshed desired state leads to. */
  plan: SyncPlan;
  /** The user's own server's local domain, lowercase punycode. */
  ownDomain?: string;
}

/**
 * Decides whether a scheduled refresh applies by itself, waits for the user, or is held.
 * @param input - the list before and after, and the plan.
 */
export function decideRefresh(input: RefreshInput): RefreshDecision {
  const { listName, previous, current, plan } = input;
  const held: string[] = [];
  const wasParsed = previous?.isParsed === true ? previous : undefined;
  if (!current.isParsed) {
    held.push(
      wasParsed
        ? `${listName} could not be read any more (${current.error}). Your blocks stay as they are until it reads again.`
        : `${listName} could not be read (${current.error}).`,
    );
  } else if (wasParsed && wasParsed.domainCount > 0) {
    if (current.domainCount === 0) {
      held.push(`${listName} is suddenly empty (it had ${wasParsed.domainCount} domains). Hedge keeps your blocks until you confirm.`);
    } else if (current.domainCount < wasParsed.domainCount / 2) {
      held.push(
        `${listName} shrank from ${wasParsed.domainCount} to ${current.domainCount} domains, more than half. Hedge keeps your blocks until you confirm.`,
      );
    }
  }
  if (held.length > 0) return { kind: 'hold', reasons: held };

  const reasons: string[] = [];
  const listSize = current.isParsed ? current.domainCount : 0;
  const share = Math.max(1, Math.floor(listSize * AUTO_APPLY_MAX_SHARE));
  const checkSize = (count: number, verb: string) => {
    if (count > AUTO_APPLY_MAX_CHANGES) reasons.push(`It would ${verb} ${count} domains (more than ${AUTO_APPLY_MAX_CHANGES}).`);
    else if (listSize > 0 && count > share) reasons.push(`It would ${verb} ${count} domains, more than 10% of the ${listSize} in ${listName}.`);
  };
  checkSize(plan.add.length, 'block');
  checkSize(plan.remove.length, 'unblock');

  const cutsFollows = plan.add.filter((add) => add.impact.followingCount > 0);
  if (cutsFollows.length > 0) {
    const names = cutsFollows.slice(0, 3).map((add) => `${add.domain} (${add.impact.followingCount})`);
    const more = cutsFollows.length > 3 ? ` and ${cutsFollows.length - 3} more` : '';
    reasons.push(`It would block servers where you follow people: ${names.join(', ')}${more}. Blocking them unfollows those accounts.`);
  }
  const unknownImpact = plan.add.filter((add) => add.impact.basis === 'unknown');
  if (unknownImpact.length > 0) reasons.push(`Hedge could not check whom you follow on ${unknownImpact.length} of the new blocks.`);

  const touchesOwn =
    plan.conflicts.some((conflict) => conflict.kind === 'own-instance') ||
    (input.ownDomain !== undefined &&
      (plan.add.some((add) => add.domain === input.ownDomain) || plan.remove.some((remove) => remove.domain === input.ownDomain)));
  if (touchesOwn) {
    reasons.push(`${listName} names your own server.`);
  }
  return reasons.length > 0 ? { kind: 'confirm', reasons } : { kind: 'apply' };
}
