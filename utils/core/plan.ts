/**
 * The sync plan: what to change on the server so that the user's personal
 * domain blocks match what their sources want, without ever taking a block
 * that is the user's own.
 *
 * Ownership decides everything. Hedge keeps a record of every block it made
 * (`OwnedBlock`); a block on the server without such a record is the user's.
 *
 *   wanted | on server | Hedge's record | kept unblocked | result
 *   -------+-----------+----------------+----------------+------------------------------
 *   yes    | yes       | yes            |                | unchanged (Hedge's)
 *   yes    | yes       | no             |                | unchanged (the user's; never taken over)
 *   yes    | no        | no             | no             | add
 *   yes    | no        | no             | yes            | unchanged (the user said no; add when asked to block it again)
 *   yes    | no        | yes            |                | conflict: the user unblocked it elsewhere (add when asked to block it again)
 *   no     | yes       | yes            |                | remove
 *   no     | yes       | no             |                | nothing: the user's block stays
 *   no     | no        | yes            |                | forget the stale record
 *
 * "Wanted" means the combined desired state says `block`: a domain that several
 * sources name stays wanted until the last of them lets go, so unsubscribing
 * removes only what no other source still wants. The user's own instance is
 * never blocked: it shows up as a conflict instead.
 */
import type { Operation } from './apply/create-run.ts';
import type { DesiredState, Provenance, SourceRef } from './model.ts';
import { MASTODON_RATE_LIMIT, MASTODON_WINDOW_MS, estimateDurationMs } from './rate-limit.ts';

/** Mastodon's own import takes a plan that would need more requests than one window. */
export const SLOW_PLAN_OPERATIONS = 300;

/** A follow or follower a block would cut (app/services/after_block_domain_from_account_service.rb). */
export interface AffectedAccount {
  /** Full `user@domain`. */
  acct: string;
  displayName: string;
  /** The profile's URL. */
  url: string;
  /** The still picture the user's own server serves (`avatar_static`); absent in what earlier versions kept. */
  avatar?: string;
}

/** Whom one domain's accounts are to the user. */
export interface DomainRelationships {
  following: readonly AffectedAccount[];
  followers: readonly AffectedAccount[];
}

/** What a new block would cut. */
export interface BlockImpact {
  followingCount: number;
  followersCount: number;
  /** Who, when the cached relationships are known (always on 4.2, as cached on 4.3+). */
  accounts?: DomainRelationships;
  /** `preview`: the server's own count (4.3+); `relationships`: counted from the cache; `unknown`: neither was available. */
  basis: 'preview' | 'relationships' | 'unknown';
}

/** A block Hedge made, as it remembers it. */
export interface OwnedBlock {
  /** Lowercase punycode. */
  domain: string;
  addedAt: number;
  /** The run that made it. */
  runId?: string;
  provenance: Provenance[];
}

/** A block to make. */
export interface PlannedAdd {
  domain: string;
  provenance: Provenance[];
  impact: BlockImpact;
}

/** A block Hedge made that no source wants any more. */
interface PlannedRemove {
  domain: string;
  /** Why Hedge had made it. */
  provenance: Provenance[];
}

/** Why a wanted domain is left as it is. */
type UnchangedReason = 'blocked-by-hedge' | 'blocked-by-you' | 'kept-unblocked-by-you';

/** A wanted domain that needs no change. */
interface UnchangedDomain {
  domain: string;
  reason: UnchangedReason;
  provenance: Provenance[];
}

/**
 * Why Hedge asks instead of acting; each is also the code of the conflict's
 * sentence, which names the domain (pages word it in the user's language,
 * utils/i18n/error-messages.ts).
 */
export const CONFLICT_KINDS = ['unblocked-by-you', 'own-instance'] as const;

/** One of {@link CONFLICT_KINDS}. */
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** A wanted domain Hedge will not block without the user's word. */
export interface PlanConflict {
  domain: string;
  kind: ConflictKind;
  /** The situation in English words, for logs; `kind` and `domain` are the same sentence by code. */
  message: string;
  provenance: Provenance[];
  impact: BlockImpact;
}

/** A plan too long for one rate-limit window, with Mastodon's own import as the alternative. */
interface SlowPlan {
  operations: number;
  /** The least time the server's limit allows for it. */
  durationMs: number;
  /** The blocks to put in `blocked_domains.csv` for Settings › Import and export › Domain blocks (merge). */
  importDomains: string[];
  /** The alternative in words. */
  message: string;
}

/** What to change on the server, and what not, with reasons. */
export interface SyncPlan {
  add: PlannedAdd[];
  remove: PlannedRemove[];
  unchanged: UnchangedDomain[];
  conflicts: PlanConflict[];
  /** Hedge's records of blocks no longer on the server and no longer wanted: drop them, send nothing. */
  forget: string[];
  /** Requests the plan needs: one per add and remove. */
  operations: number;
  slow?: SlowPlan;
}

/** Everything the plan is computed from. */
export interface PlanInput {
  desired: DesiredState;
  /** The server's personal blocks, as `GET /api/v1/domain_blocks` lists them. */
  serverBlocks: Iterable<string>;
  /** Hedge's records of the blocks it made for this account. */
  owned: Iterable<OwnedBlock>;
  /** Cached follows and followers by domain (lowercase punycode). */
  relationships?: ReadonlyMap<string, DomainRelationships>;
  /** `GET /api/v1/domain_blocks/preview` counts by domain (4.3+). */
  previews?: ReadonlyMap<string, { followingCount: number; followersCount: number }>;
  /** The user's own server's local domain (Unicode or punycode). */
  ownDomain?: string;
  /** Domains the user chose to keep unblocked although a source wants them blocked. */
  keptUnblocked?: ReadonlySet<string>;
  /**
   * Domains the user asked to block now (Block domain with Hedge on a page): an earlier block
   * of Hedge's that was removed since, or a choice to keep it unblocked, does not hold them back.
   */
  reblock?: ReadonlySet<string>;
  /** The server's limit, for the duration of a slow plan. Default Mastodon's 300 per 5 minutes. */
  rateLimit?: { limit: number; windowMs: number };
}

/**
 * Computes the sync plan. Pure and deterministic: lists come out sorted by domain.
 * @param input - desired state, the server's blocks, Hedge's records and the cached relationships.
 */
export function computePlan(input: PlanInput): SyncPlan {
  const serverBlocks = new Set([...input.serverBlocks].map((domain) => domain.toLowerCase()));
  const owned = new Map([...input.owned].map((record) => [record.domain, record]));
  const ownDomain = input.ownDomain === undefined ? undefined : toHostname(input.ownDomain);
  const kept = input.keptUnblocked ?? new Set<string>();
  const reblock = input.reblock ?? new Set<string>();
  const impactOf = (domain: string) => blockImpact(domain, input.relationships, input.previews);

  const plan: SyncPlan = { add: [], remove: [], unchanged: [], conflicts: [], forget: [], operations: 0 };
  const wanted = new Set<string>();

  for (const desired of input.desired.values()) {
    if (desired.action !== 'block') continue;
    const { domain, provenance } = desired;
    wanted.add(domain);
    const isOnServer = serverBlocks.has(domain);
    const record = owned.get(domain);
    if (domain === ownDomain) {
      if (!isOnServer) {
        plan.conflicts.push({
          domain,
          kind: 'own-instance',
          message: `${domain} is your own server. Hedge never blocks it; remove it from your lists or allow it.`,
          provenance,
          impact: impactOf(domain),
        });
      } else {
        plan.unchanged.push({ domain, provenance, reason: record ? 'blocked-by-hedge' : 'blocked-by-you' });
      }
    } else if (isOnServer) {
      plan.unchanged.push({ domain, provenance, reason: record ? 'blocked-by-hedge' : 'blocked-by-you' });
    } else if (record && !reblock.has(domain)) {
      plan.conflicts.push({
        domain,
        kind: 'unblocked-by-you',
        message: `Hedge blocked ${domain}, and it was unblocked since (in Mastodon or another app). Hedge will not block it again unless you say so.`,
        provenance,
        impact: impactOf(domain),
      });
    } else if (kept.has(domain) && !reblock.has(domain)) {
      plan.unchanged.push({ domain, provenance, reason: 'kept-unblocked-by-you' });
    } else {
      plan.add.push({ domain, provenance, impact: impactOf(domain) });
    }
  }

  for (const record of owned.values()) {
    if (wanted.has(record.domain)) continue;
    if (serverBlocks.has(record.domain)) plan.remove.push({ domain: record.domain, provenance: record.provenance });
    else plan.forget.push(record.domain);
  }

  const byDomain = (a: { domain: string }, b: { domain: string }) => compare(a.domain, b.domain);
  plan.add.sort(byDomain);
  plan.remove.sort(byDomain);
  plan.unchanged.sort(byDomain);
  plan.conflicts.sort(byDomain);
  plan.forget.sort(compare);
  return withOperations(plan, input.rateLimit);
}

/**
 * The part of a plan that one source is behind: the adds and removes whose
 * provenance names it, and its conflicts along with its adds. A preset's
 * switch and an unsubscription change only their own blocks (issue 5 §1);
 * whatever else the full plan holds waits for its own preview.
 * @param plan - a computed plan.
 * @param source - the source, by kind and id.
 * @param keep - `add` keeps the source's adds and conflicts, `remove` its removes.
 * @param rateLimit - the server's limit, for the duration of a slow plan.
 */
export function planOfSource(
  plan: SyncPlan,
  source: Pick<SourceRef, 'kind' | 'id'>,
  keep: { add: boolean; remove: boolean },
  rateLimit?: { limit: number; windowMs: number },
): SyncPlan {
  const isFromSource = (change: { provenance: readonly Provenance[] }) =>
    change.provenance.some((item) => item.source.kind === source.kind && item.source.id === source.id);
  return withOperations(
    {
      ...plan,
      add: keep.add ? plan.add.filter(isFromSource) : [],
      remove: keep.remove ? plan.remove.filter(isFromSource) : [],
      conflicts: keep.add ? plan.conflicts.filter(isFromSource) : [],
    },
    rateLimit,
  );
}

/**
 * Only the removals of the given domains: the plan of entries whose time is up
 * (utils/core/expiry.ts). A domain another source still wants, or whose block
 * the user made, has no removal in the plan to begin with, so it stays.
 * @param plan - the full plan.
 * @param domains - the domains whose entries expired, lowercase punycode.
 */
export function planOfRemovals(plan: SyncPlan, domains: readonly string[]): SyncPlan {
  const wanted = new Set(domains);
  return withOperations({ ...plan, add: [], remove: plan.remove.filter((remove) => wanted.has(remove.domain)), conflicts: [] });
}

/**
 * The plan's changes as apply-engine operations: blocks first, then unblocks.
 * @param plan - a confirmed plan.
 */
export function planOperations(plan: SyncPlan): Operation[] {
  return [
    ...plan.add.map((add): Operation => ({ kind: 'add', domain: add.domain, provenance: add.provenance })),
    ...plan.remove.map((remove): Operation => ({ kind: 'remove', domain: remove.domain, provenance: remove.provenance })),
  ];
}

function withOperations(plan: SyncPlan, rateLimit = { limit: MASTODON_RATE_LIMIT, windowMs: MASTODON_WINDOW_MS }): SyncPlan {
  const operations = plan.add.length + plan.remove.length;
  const result: SyncPlan = { ...plan, operations };
  delete result.slow;
  if (operations > SLOW_PLAN_OPERATIONS) {
    const durationMs = estimateDurationMs(operations, rateLimit.limit, rateLimit.windowMs);
    result.slow = {
      operations,
      durationMs,
      importDomains: plan.add.map((add) => add.domain),
      message:
        `${operations} changes take at least ${formatDuration(durationMs)} at your server's limit of ` +
        `${rateLimit.limit} requests per ${formatDuration(rateLimit.windowMs)}. Hedge can do it in the background, ` +
        `or you can download blocked_domains.csv and import it in Mastodon (Preferences › Import and export › Import, ` +
        `type "Domain blocks", mode "Merge") in one step.`,
    };
  }
  return result;
}

/**
 * What blocking a domain would cut: the server's own count when it gave one,
 * else the cached follows and followers on that domain, else unknown.
 * @param domain - lowercase punycode.
 * @param relationships - cached follows and followers by domain.
 * @param previews - `GET /api/v1/domain_blocks/preview` counts by domain (4.3+).
 */
export function blockImpact(
  domain: string,
  relationships: ReadonlyMap<string, DomainRelationships> | undefined,
  previews?: ReadonlyMap<string, { followingCount: number; followersCount: number }>,
): BlockImpact {
  const accounts = relationships?.get(domain);
  const preview = previews?.get(domain);
  if (preview) {
    const impact: BlockImpact = { followingCount: preview.followingCount, followersCount: preview.followersCount, basis: 'preview' };
    if (accounts) impact.accounts = accounts;
    return impact;
  }
  if (relationships) {
    const found = accounts ?? { following: [], followers: [] };
    return { followingCount: found.following.length, followersCount: found.followers.length, accounts: found, basis: 'relationships' };
  }
  return { followingCount: 0, followersCount: 0, basis: 'unknown' };
}

/** Punycode form of a host written in any case or script. */
function toHostname(domain: string): string {
  try {
    return new URL(`https://${domain.trim()}`).hostname;
  } catch (error) {
    throw new Error(`"${domain}" is not a server address.`, { cause: error });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A duration in words: "about 15 minutes", "2 hours 5 minutes", "40 seconds".
 * @param ms - the duration.
 */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `${hours} hour${hours === 1 ? '' : 's'}${rest ? ` ${rest} minute${rest === 1 ? '' : 's'}` : ''}`;
}
