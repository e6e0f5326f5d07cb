/**
 * Marking a GoToSocial server's own web pages. GoToSocial keeps no personal domain blocks
 * (docs/other-servers.md), so Hedge cannot act there; but the posts its pages show (a thread's
 * replies from other servers above all) can be marked with the lists and entries of an account the
 * user signed in to Hedge elsewhere. The user names the server and the account in Options ›
 * Accounts; Hedge checks that the server runs GoToSocial, then registers the GoToSocial content
 * script (entrypoints/gotosocial.content) for that origin only.
 *
 * That script may only ask for its page's verdicts (`hedge/get-site-verdicts`): they hold the
 * account's decisions and its personal blocks by verdict alone, never the lists' names or labels,
 * never its server's own blocks (another server's), and never a token. Nothing on such a page can
 * block, limit or subscribe.
 */
import { getPublicClient } from '../mastodon/client';
import { readInstanceInfo } from '../mastodon/instance-info';
import { normalizeInstance } from '../mastodon/instance';
import { getAccountSnapshot } from '../db/account-snapshots';
import { getAccountsState, type StoredAccount } from '../db/accounts';
import { listMarkedSites, removeMarkedSites, saveMarkedSite, type StoredMarkedSite } from '../db/marked-sites';
import { t } from '../i18n/translate';
import type { VerdictSnapshot } from '../core/verdict-snapshot';
import type { AccountKey, MarkedSiteView, VerdictSnapshotReply } from '../protocol';
import { sendToInstanceTabs } from './broadcast';
import { syncMarkedSiteScripts } from './content-scripts';
import { giveBackAccessOnFailure, releaseUnusedHostAccess } from './host-access';
import { listAllSubscriptions } from './lists/subscription-store';
import { ReplyError } from './reply-error';
import { softwareOf } from './server-capabilities';
import { loadCombineInput } from './sources';
import { buildVerdictSnapshotReply } from './verdicts';

export { listMarkedSites };

/** The origins of the marked servers. */
export async function markedSiteOrigins(): Promise<string[]> {
  return (await listMarkedSites()).map((site) => site.origin);
}

/**
 * Marks the pages of the GoToSocial server at `address` with `accountKey`'s lists, once the page has
 * been granted access to its origin. Refused in words: an address that does not read, an account
 * that is not signed in, a server a Mastodon, Akkoma or Pleroma account is signed in to (its pages
 * are marked already), a server that does not run GoToSocial. A refusal gives the access back unless
 * something else uses it.
 */
export async function addMarkedSite(address: string, accountKey: AccountKey, hasPermission: (origin: string) => Promise<boolean>, now: number): Promise<MarkedSiteView> {
  const parsed = normalizeInstance(address);
  if ('error' in parsed) throw new ReplyError('invalid-input', parsed.error.message);
  const { origin, host } = parsed;
  if (!(await hasPermission(origin))) throw new ReplyError('permission-missing', t('bg_markedSiteNeedsPermission', host));
  return giveBackAccessOnFailure(origin, listAllSubscriptions, async () => {
    const { accounts } = await getAccountsState();
    if (!accounts.some((account) => account.key === accountKey)) throw new ReplyError('not-found', t('bg_accountGone'));
    // An account signed in to GoToSocial before Hedge refused it marks nothing there: such a server may be marked.
    if (accounts.some((account) => account.origin === origin && softwareOf(account) !== 'gotosocial')) {
      throw new ReplyError('invalid-input', t('bg_markedSiteSignedIn', host));
    }
    const instance = await readInstanceInfo(getPublicClient(origin), { host });
    if (instance.software !== 'gotosocial') throw new ReplyError('invalid-input', t('bg_markedSiteNotGotosocial', host));
    const site: StoredMarkedSite = { origin, host, accountKey, addedAt: now };
    // Registered first: a server is stored as marked only once its pages can be.
    await syncMarkedSiteScripts(new Set([...(await markedSiteOrigins()), origin]));
    await saveMarkedSite(site).catch(async (error: unknown) => {
      await syncMarkedSiteScripts(await markedSiteOrigins());
      throw error;
    });
    // Tabs of that server opened before get marks at their next load; the script starts with the page.
    return site;
  });
}

/** Stops marking the server at `origin`: its open pages drop their marks, and unused access is given back. */
export async function removeMarkedSite(origin: string): Promise<void> {
  await forgetSites(await removeMarkedSites((site) => site.origin === origin));
}

/** Sign-out of `accountKey`: the servers marked with its lists are marked no more. */
export async function forgetMarkedSitesOf(accountKey: AccountKey): Promise<void> {
  await forgetSites(await removeMarkedSites((site) => site.accountKey === accountKey));
}

async function forgetSites(removed: readonly StoredMarkedSite[]): Promise<void> {
  if (removed.length === 0) return;
  await syncMarkedSiteScripts(await markedSiteOrigins());
  // Before the access goes: without it the browser no longer tells Hedge which tabs show those pages.
  for (const { origin } of removed) {
    // Unregistering stops future pages; the open ones remove their marks on this message.
    await sendToInstanceTabs(origin, { type: 'hedge/signed-out', origin }).catch((error: unknown) =>
      console.warn('Hedge: could not tell the GoToSocial tabs to remove their marks', error),
    );
  }
  await releaseUnusedHostAccess(
    removed.map((site) => site.origin),
    await listAllSubscriptions(),
  );
}

/** The marked server at `origin` and the signed-in account whose lists mark it; null when there is none. */
export async function markedSiteAt(origin: string | undefined): Promise<{ site: StoredMarkedSite; account: StoredAccount } | null> {
  const site = (await listMarkedSites()).find((stored) => stored.origin === origin);
  if (site === undefined) return null;
  const account = (await getAccountsState()).accounts.find((stored) => stored.key === site.accountKey);
  return account === undefined ? null : { site, account };
}

/**
 * The verdicts a marked server's page on `origin` is marked with, or null when that origin is not
 * marked (or its account is gone): the account's decisions and personal blocks, by verdict alone.
 * The page is a third party's, and its own scripts can read what is drawn on it: the names of the
 * lists and their labels stay out, and so do the account's own server's blocks (another server's).
 */
export async function readSiteVerdictsReply(origin: string | undefined): Promise<VerdictSnapshotReply | null> {
  const marked = await markedSiteAt(origin);
  if (marked === null) return null;
  const { site, account } = marked;
  const reply = await buildVerdictSnapshotReply(account.origin, {
    accounts: [account],
    activeKey: account.key,
    loadSources: (chosen) => loadCombineInput(chosen),
    loadServerState: async (chosen) => {
      const snapshot = await getAccountSnapshot(chosen.key);
      return snapshot && { personalBlocks: snapshot.personalBlocks, serverBlocks: [] };
    },
  });
  return reply && { origin: site.origin, snapshot: withoutReasons(reply.snapshot as VerdictSnapshot) };
}

function withoutReasons(snapshot: VerdictSnapshot): VerdictSnapshot {
  const exact = Object.fromEntries(Object.entries(snapshot.exact).map(([domain, [code]]) => [domain, [code, '']]));
  return { ...snapshot, exact: exact as VerdictSnapshot['exact'] };
}

/** Tells the tabs of the servers marked with `accountKey`'s lists that its verdicts changed. */
export async function tellMarkedSitesOf(accountKey: AccountKey): Promise<void> {
  for (const { origin } of (await listMarkedSites()).filter((site) => site.accountKey === accountKey)) {
    await sendToInstanceTabs(origin, { type: 'hedge/verdicts-changed', origin });
  }
}

/** Whether Hedge may still read each marked server's pages (the user can take access back in the browser's settings). */
export async function withAccessState(sites: readonly StoredMarkedSite[], hasPermission: (origin: string) => Promise<boolean>): Promise<MarkedSiteView[]> {
  return Promise.all(sites.map(async (site) => ({ ...site, hasAccess: await hasPermission(site.origin) })));
}
