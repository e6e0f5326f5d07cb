/**
 * What the content script on a Mastodon page may ask (`PageActionIntents`,
 * utils/protocol/page-actions.ts): the verdicts for its origin, and "Block
 * domain with Hedge" and "Limit domain with Hedge" for the account signed in there, and
 * "Subscribe with Hedge" on a post's link to a list. And what Hedge's confirmation window asks about
 * a page's block (never a content script: handlers/index.ts).
 */
import { t } from '../../i18n/translate';
import type { PageActionIntents } from '../../protocol';
import { addOwnLimit } from '../own-limits';
import { blockFromPage, cancelPageBlock, confirmPageBlock, describePageBlock, requirePageAccount } from '../page-block';
import { ReplyError } from '../reply-error';
import { recordSeenSubdomains } from '../seen-subdomains';
import { openSubscribeOffer } from '../subscribe-offer';
import { accountForOrigin, readVerdictSnapshotReply } from '../verdicts';
import { markedSiteAt, readSiteVerdictsReply } from '../marked-sites';
import { getAccountsState } from '../../db/accounts';
import { MARKS_MAX_AGE_MS, refreshMarkSourcesQuietly } from '../mark-reads';
import { afterReply, requireDomain, requireString } from './checks';
import type { HandlerSlice } from './context';

export const PAGE_ACTION_HANDLERS: HandlerSlice<PageActionIntents> = {
  'hedge/get-verdict-snapshot': async (_intent, context) => {
    const state = await getAccountsState();
    const reply = await readVerdictSnapshotReply(context.sender.origin, state);
    if (!reply) throw new ReplyError('not-signed-in', t('bg_notSignedInHere'));
    // A tab opening: marks older than a few minutes are read again, once for every tab; the tab is told when they changed.
    const account = accountForOrigin(state.accounts, state.activeKey, context.sender.origin);
    if (account) void refreshMarkSourcesQuietly(account, MARKS_MAX_AGE_MS);
    return reply;
  },

  'hedge/block-domain-from-page': async (intent, context) => {
    const account = await requirePageAccount(context.sender.origin);
    const result = await blockFromPage(account, requireDomain(intent.domain));
    // A block waiting for its confirmation changed nothing; a broadcast would mark the page again and drop the question.
    // A queued block is announced after this answer has left: new verdicts first would mark the domain blocked
    // and remove the action row before the page could show the answer in it.
    if (result.outcome !== 'needs-confirmation') afterReply(context.onStateChanged);
    return result;
  },

  'hedge/limit-domain-from-page': async (intent, context) => {
    // The domain is read again and checked as any typed one: the page is never trusted.
    const account = await requirePageAccount(context.sender.origin);
    const domain = await addOwnLimit(account, requireDomain(intent.domain));
    // After the answer, as for a block: new verdicts first would remove the action row that shows it.
    afterReply(context.onStateChanged);
    return { domain, outcome: 'limited', message: t('bg_pageLimited', domain) };
  },

  'hedge/report-seen-subdomains': async (intent, context) => {
    // For the account signed in on the sender's origin only, and only subdomains of its blocks.
    await recordSeenSubdomains(await requirePageAccount(context.sender.origin), intent.domains);
    return null;
  },

  'hedge/page-block-confirmation': async (intent) => describePageBlock(requireString(intent.planId, 'bg_needsPlan')),

  'hedge/confirm-page-block': async (intent, context) => {
    const result = await confirmPageBlock(requireString(intent.planId, 'bg_needsPlan'));
    await context.onStateChanged();
    return result;
  },

  'hedge/cancel-page-block': async (intent) => {
    await cancelPageBlock(requireString(intent.planId, 'bg_needsPlan'));
    return null;
  },

  'hedge/subscribe-from-page': async (intent, context) => {
    // Only from a server Hedge is signed in to; the address is read again, and the options page asks.
    await requirePageAccount(context.sender.origin);
    return openSubscribeOffer(intent.url);
  },

  'hedge/get-site-verdicts': async (_intent, context) => {
    // Only for a GoToSocial server the user asked Hedge to mark, with the account it chose there.
    const reply = await readSiteVerdictsReply(context.sender.origin);
    if (!reply) throw new ReplyError('not-signed-in', t('bg_notMarkedHere'));
    // As for a Mastodon tab: blocks read more than a few minutes ago are read again, and the page is told.
    const marked = await markedSiteAt(context.sender.origin);
    if (marked) void refreshMarkSourcesQuietly(marked.account, MARKS_MAX_AGE_MS);
    return reply;
  },
};
