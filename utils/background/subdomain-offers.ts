/**
 * Options › Blocks' offer to block the subdomains a personal block leaves
 * open (utils/core/subdomains.ts): found among the follows and followers Hedge
 * last read of the account and among the accounts Mastodon's web UI showed
 * (seen-subdomains.ts), and blocked in one plan, shown with its impact and
 * the names it cuts before anything runs, as every other preview is.
 */
import { isReservedDomain } from '../core/domain';
import { findUnblockedSubdomains, type SubdomainOffer } from '../core/subdomains';
import { applySourceChanges, type SourceChange } from '../core/source-changes';
import { getAccountSnapshot } from '../db/account-snapshots';
import type { StoredAccount } from '../db/accounts';
import { t } from '../i18n/translate';
import type { PlanPreview } from '../protocol';
import { preparePlan } from './plans';
import { ReplyError } from './reply-error';
import { connectAccount } from './session';
import { listSeenSubdomains } from './seen-subdomains';
import { getAccountSources } from './sources';

/** The subdomains of the account's blocks among its follows and followers, as last read, and seen in the web UI. */
export async function listSubdomainOffers(account: StoredAccount): Promise<SubdomainOffer[]> {
  const snapshot = await getAccountSnapshot(account.key);
  if (!snapshot) return [];
  const sources = await getAccountSources(account.key);
  return findUnblockedSubdomains({
    blocked: snapshot.personalBlocks,
    following: snapshot.following,
    followers: snapshot.followers,
    seen: await listSeenSubdomains(account.key),
    // "Always block" entries are blocked already or by the run under way (a confirmed offer adds them there).
    leftOut: [account.localDomain, ...sources.neverBlock, ...sources.alwaysBlock],
  });
}

/**
 * The one plan that blocks `domains`, each a subdomain of one of the account's
 * blocks: confirmed, it adds them to "always block" and blocks them. A domain
 * that is no subdomain of a block is refused, in words, before any plan.
 * @param domains - lowercase punycode (checked by the handler).
 */
export async function previewSubdomainBlocks(account: StoredAccount, domains: readonly string[]): Promise<PlanPreview> {
  if (domains.length === 0) throw new ReplyError('invalid-input', t('bg_noSubdomainsChosen'));
  const blocked = new Set((await getAccountSnapshot(account.key))?.personalBlocks ?? []);
  const hasBlockedParent = (domain: string) => domain.split('.').some((_label, index, labels) => index > 0 && index < labels.length - 1 && blocked.has(labels.slice(index).join('.')));
  const reserved = domains.find(isReservedDomain);
  if (reserved !== undefined) throw new ReplyError('invalid-input', t('bg_reservedNotBlocked', reserved));
  const stray = domains.find((domain) => !hasBlockedParent(domain));
  if (stray !== undefined) throw new ReplyError('invalid-input', t('bg_notSubdomainOfBlock', stray));
  const changes: SourceChange[] = domains.map((domain) => ({ kind: 'entry', list: 'always-block', domain, action: 'add' }));
  const sourcesAfter = applySourceChanges(await getAccountSources(account.key), changes);
  // Only these blocks: whatever else the sources want waits for its own preview.
  return preparePlan(await connectAccount(account), sourcesAfter, {
    changes,
    kind: 'subdomains',
    reblock: domains,
    onlySource: { source: { kind: 'manual', id: 'manual' }, add: true, remove: false },
  });
}
