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
 * someone or someone follows the user (a block removes both, and unblocking
 * restores neither), or any change touching the user's own server.
 */
import type { SyncPlan } from './plan.ts';

/** New blocks a refresh may make without asking. */
const AUTO_APPLY_MAX_CHANGES = 50;

/** Share of the list a refresh may change without asking. */
const AUTO_APPLY_MAX_SHARE = 0.1;

/** How one fetch of a subscribed list went. */
export type ListFetch = { isParsed: true; domainCount: number } | { isParsed: false; error: string };

/** Every sentence a decision can give, by code; pages show them in the user's language (utils/i18n/error-messages.ts). */
export const REFRESH_REASON_CODES = [
  'unreadable-now',
  'unreadable',
  'suddenly-empty',
  'shrank',
  'blocks-over-limit',
  'unblocks-over-limit',
  'blocks-over-share',
  'unblocks-over-share',
  'cuts-follows',
  'cuts-follows-more',
  'unknown-impact',
  'names-own-server',
] as const;

/** One of {@link REFRESH_REASON_CODES}. */
export type RefreshReasonCode = (typeof REFRESH_REASON_CODES)[number];

/** One reason as a code and the values its sentence names, in order. */
export interface RefreshReason {
  code: RefreshReasonCode;
  params: Array<string | number>;
}

/** What the scheduled refresh does with a plan: `reasons` in English, `details` the same reasons by code. */
export type RefreshDecision =
  | { kind: 'apply' }
  | { kind: 'confirm'; reasons: string[]; details: RefreshReason[] }
  | { kind: 'hold'; reasons: string[]; details: RefreshReason[] };

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
  const held = new Reasons();
  const wasParsed = previous?.isParsed === true ? previous : undefined;
  if (!current.isParsed) {
    if (wasParsed) {
      held.add(
        'unreadable-now',
        [listName, current.error],
        `${listName} could not be read any more (${current.error}). Your blocks stay as they are until it reads again.`,
      );
    } else {
      held.add('unreadable', [listName, current.error], `${listName} could not be read (${current.error}).`);
    }
  } else if (wasParsed && wasParsed.domainCount > 0) {
    if (current.domainCount === 0) {
      held.add(
        'suddenly-empty',
        [listName, wasParsed.domainCount],
        `${listName} is suddenly empty (it had ${wasParsed.domainCount} domains). Hedge keeps your blocks until you confirm.`,
      );
    } else if (current.domainCount < wasParsed.domainCount / 2) {
      held.add(
        'shrank',
        [listName, wasParsed.domainCount, current.domainCount],
        `${listName} shrank from ${wasParsed.domainCount} to ${current.domainCount} domains, more than half. Hedge keeps your blocks until you confirm.`,
      );
    }
  }
  if (held.reasons.length > 0) return { kind: 'hold', reasons: held.reasons, details: held.details };

  const asked = new Reasons();
  const listSize = current.isParsed ? current.domainCount : 0;
  const share = Math.max(1, Math.floor(listSize * AUTO_APPLY_MAX_SHARE));
  const checkSize = (count: number, verb: 'block' | 'unblock') => {
    if (count > AUTO_APPLY_MAX_CHANGES) {
      asked.add(`${verb}s-over-limit`, [count, AUTO_APPLY_MAX_CHANGES], `It would ${verb} ${count} domains (more than ${AUTO_APPLY_MAX_CHANGES}).`);
    } else if (listSize > 0 && count > share) {
      asked.add(`${verb}s-over-share`, [count, listSize, listName], `It would ${verb} ${count} domains, more than 10% of the ${listSize} in ${listName}.`);
    }
  };
  checkSize(plan.add.length, 'block');
  checkSize(plan.remove.length, 'unblock');

  // Followers count as much as follows: a list that names a server where the user follows nobody
  // would still silently remove everyone there who follows them.
  const relationshipsCut = (add: SyncPlan['add'][number]) => add.impact.followingCount + add.impact.followersCount;
  const cutsFollows = plan.add.filter((add) => relationshipsCut(add) > 0);
  if (cutsFollows.length > 0) {
    const names = cutsFollows
      .slice(0, 3)
      .map((add) => `${add.domain} (${relationshipsCut(add)})`)
      .join(', ');
    if (cutsFollows.length > 3) {
      const more = cutsFollows.length - 3;
      asked.add(
        'cuts-follows-more',
        [names, more],
        `It would block servers where you follow people or people follow you: ${names} and ${more} more. Blocking them removes those follows and followers.`,
      );
    } else {
      asked.add(
        'cuts-follows',
        [names],
        `It would block servers where you follow people or people follow you: ${names}. Blocking them removes those follows and followers.`,
      );
    }
  }
  const unknownImpact = plan.add.filter((add) => add.impact.basis === 'unknown');
  if (unknownImpact.length > 0) {
    asked.add('unknown-impact', [unknownImpact.length], `Hedge could not check whom you follow on ${unknownImpact.length} of the new blocks.`);
  }

  const touchesOwn =
    plan.conflicts.some((conflict) => conflict.kind === 'own-instance') ||
    (input.ownDomain !== undefined &&
      (plan.add.some((add) => add.domain === input.ownDomain) || plan.remove.some((remove) => remove.domain === input.ownDomain)));
  if (touchesOwn) {
    asked.add('names-own-server', [listName], `${listName} names your own server.`);
  }
  return asked.reasons.length > 0 ? { kind: 'confirm', reasons: asked.reasons, details: asked.details } : { kind: 'apply' };
}

/** The reasons of one decision, in English and by code, side by side. */
class Reasons {
  readonly reasons: string[] = [];
  readonly details: RefreshReason[] = [];

  add(code: RefreshReasonCode, params: Array<string | number>, english: string): void {
    this.reasons.push(english);
    this.details.push({ code, params });
  }
}
