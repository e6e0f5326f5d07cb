/**
 * "Block domain with Hedge" on a Mastodon page: the content script asks
 * (`hedge/block-domain-from-page`), and the background plans, confirms and
 * applies the block for the account signed in on that page's origin. Nothing
 * is sent before a confirmation: the click confirms a block that cuts nobody,
 * and a second click confirms one whose impact it has shown.
 */
import { storage } from 'wxt/utils/storage';
import { isReservedDomain, normalizeDomain } from '../core/domain';
import type { LostAccount } from '../core/lost-accounts';
import { applySourceChanges, type SourceChange } from '../core/source-changes';
import { getAccountsState, type StoredAccount } from '../db/accounts';
import { forgetKeptUnblocked } from '../db/owned-blocks';
import { listFormat } from '../i18n/intl-formats';
import { t, tCount, uiLanguage } from '../i18n/translate';
import type { BlockFromPageResult } from '../protocol';
import { discardPendingPlan, getPendingPlan, lostGroupsOf, preparePlan } from './plans';
import { ReplyError } from './reply-error';
import { startRun } from './runs';
import { connectAccount } from './session';
import { getAccountSources, updateAccountSources } from './sources';
import { accountForOrigin } from './verdicts';

/**
 * The account a page on `origin` acts for: the active account when it is signed in there,
 * otherwise the first account of that origin. Refused when none is, or when its server signed it out.
 */
export async function requirePageAccount(origin: string | undefined): Promise<StoredAccount> {
  const { accounts, activeKey } = await getAccountsState();
  const account = accountForOrigin(accounts, activeKey, origin);
  if (!account) throw new ReplyError('not-signed-in', t('bg_notSignedInHere'));
  if (account.status === 'signed-out-by-server') {
    throw new ReplyError('unauthorized', t('bg_signedOutByServerPage', new URL(account.origin).host));
  }
  return account;
}

/** How long the impact "Block domain with Hedge" showed waits for the confirming click. */
const PAGE_CONFIRMATION_MS = 2 * 60_000;

/**
 * When a page's block was last shown with its impact, by `<account key> <domain>`. In the session
 * area, which content scripts cannot read, and which outlives the service worker's idle stops.
 */
const pageConfirmationsItem = storage.defineItem<Record<string, number>>('session:pageBlockConfirmations', { fallback: {} });

/**
 * "Block domain with Hedge" on a Mastodon page: an always-block entry, and a
 * run of that one block (its follows saved first, as for any run). A block
 * that cuts follows or followers is first answered with its impact, as every
 * other preview is, and runs on the second click within two minutes; until
 * then nothing is stored or sent.
 * @param account - the account signed in on the page's origin ({@link requirePageAccount}).
 * @param domain - the domain, lowercase punycode (checked by the handler).
 * @param now - epoch ms.
 */
export async function blockFromPage(account: StoredAccount, domain: string, now: number = Date.now()): Promise<BlockFromPageResult> {
  const ownDomain = normalizeDomain(account.localDomain);
  if (!('error' in ownDomain) && ownDomain.domain === domain) {
    throw new ReplyError('invalid-input', t('bg_ownServerNotBlocked', domain));
  }
  // Plans leave reserved names out (utils/core/domain.ts), so the plan alone would call it "already blocked".
  if (isReservedDomain(domain)) {
    throw new ReplyError('invalid-input', t('bg_reservedNotBlocked', domain));
  }
  const changes: SourceChange[] = [{ kind: 'entry', list: 'always-block', domain, action: 'add' }];
  // The click is the user's word: a choice to keep the domain unblocked, or Hedge's record of a block
  // removed since (a conflict), no longer holds it back.
  const alwaysBlock = async () => {
    await updateAccountSources(account.key, (current) => applySourceChanges(current, changes));
    await forgetKeptUnblocked(account.key, domain);
  };
  const sourcesAfter = applySourceChanges(await getAccountSources(account.key), changes);
  const preview = await preparePlan(await connectAccount(account), sourcesAfter, { kind: 'page-block', reblock: [domain] });
  const pending = await getPendingPlan(preview.planId);
  await discardPendingPlan(preview.planId);
  const change = pending?.plan.add.find((add) => add.domain === domain);
  if (!pending || !change) {
    await alwaysBlock();
    return { domain, outcome: 'already-blocked', message: t('bg_alreadyBlocked', domain) };
  }

  const { followingCount, followersCount } = change.impact;
  const asked = await pageConfirmationsItem.getValue();
  const key = `${account.key} ${domain}`;
  const { [key]: askedAt, ...others } = asked;
  const fresh = Object.fromEntries(Object.entries(others).filter(([, at]) => now - at < PAGE_CONFIRMATION_MS));
  if (followingCount + followersCount > 0 && (askedAt === undefined || now - askedAt >= PAGE_CONFIRMATION_MS)) {
    await pageConfirmationsItem.setValue({ ...fresh, [key]: now });
    const cut = t('bg_cutBoth', tCount('bg_cutFollowing', followingCount), tCount('bg_cutFollowers', followersCount));
    // Whom, by name: the page shows the message as text (utils/dom/marks.ts sets `textContent`).
    const [named] = lostGroupsOf([change]);
    const whom = [
      ...(named && named.following.length > 0 ? [t('bg_pageBlockYouFollow', nameList(named.following, named.followingCount))] : []),
      ...(named && named.followers.length > 0 ? [t('bg_pageBlockFollowYou', nameList(named.followers, named.followersCount))] : []),
    ];
    return {
      domain,
      outcome: 'needs-confirmation',
      message: [t('bg_pageBlockConfirm', domain, cut), ...whom].join(' '),
    };
  }
  await pageConfirmationsItem.setValue(fresh);
  // The entry is stored with the run, so that a block refused as busy leaves nothing for the next plan to apply.
  await startRun(account.key, { ...pending.plan, add: [change], remove: [], conflicts: [], forget: [], operations: 1 }, { onAccepted: alwaysBlock });
  return { domain, outcome: 'queued', message: t('bg_pageBlocking', domain) };
}

/** Names a page's confirmation gives of each side before "and N more": it is a sentence, not a list. */
const PAGE_NAMES_PER_SIDE = 5;

/** "Bob (@bob@threads.net), Jo (@jo@threads.net) and 3 more": display names as the server gave them, as text. */
function nameList(accounts: readonly LostAccount[], count: number): string {
  const names = accounts.slice(0, PAGE_NAMES_PER_SIDE).map((account) => (account.displayName.trim() ? `${account.displayName.trim()} (@${account.acct})` : `@${account.acct}`));
  const rest = count - names.length;
  return listFormat(uiLanguage(), { type: 'conjunction' }).format(rest > 0 ? [...names, tCount('andMore', rest)] : names);
}
