/**
 * What the marks specs of both browsers share, with no automation library in it: the lists and
 * hand-made blocks that give the demo user one domain of each verdict, the words each badge and
 * tooltip says, and the in-page function that reads every element the content script handled. The
 * Chromium specs are tests/e2e/content.spec.ts and tests/e2e/real-client.spec.ts, the Firefox one
 * tests/firefox/marks.firefox.test.ts.
 *
 * Who is what once arranged, for the demo user of tests/fake-mastodon (README.md, "The demo story"):
 * - `xn--80ak6aa92e.com` (frank@аррӏе.com): blocked by the user in Mastodon;
 * - `sub.example.org` (dana) and `eu.social.example.org` (kim): parent blocked, the user blocks `example.org`;
 * - `mastodon.social` (carol, ed, …): limited by a subscribed list's `silence` row;
 * - `threads.net` (bob): listed, one vote of a list taking part in a consensus of two;
 * - `poa.st` and `loud.example.org`: suspended and silenced by the user's server, marked where the
 *   server shows its blocks to signed-in users (`instanceBlocksVisibility: 'users'`);
 * - `social.example`, the server's own domain: always allowed, never marked.
 */
import type { FakeMastodon } from '../fake-mastodon/index';
import type { SubscriptionView } from '../../utils/protocol';
import { intentValueWith, signInWith, type PageDriver } from '../../scripts/extension-steps';

/** Lists made for the marks specs: Mastodon admin CSV, reason labels in the public comment. */
export const LIMITS_LIST = {
  fileName: 'Marks limits.csv',
  text: ['#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate', 'mastodon.social,silence,false,false,"harassment, spam",false', ''].join('\n'),
};
export const VOTES_LIST = {
  fileName: 'Marks votes.csv',
  text: ['#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate', 'threads.net,suspend,false,false,bots,false', ''].join('\n'),
};

export type MarkKind = 'none' | 'allowed' | 'blocked' | 'limited' | 'listed' | 'server-suspended' | 'server-limited' | 'parent-blocked';

/** Each domain's verdict once {@link arrangeVerdicts} has run; a domain not named here is `none`. */
export const ARRANGED_VERDICTS: Readonly<Record<string, MarkKind>> = {
  'xn--80ak6aa92e.com': 'blocked',
  'sub.example.org': 'parent-blocked',
  'eu.social.example.org': 'parent-blocked',
  'mastodon.social': 'limited',
  'threads.net': 'listed',
  'poa.st': 'server-suspended',
  'loud.example.org': 'server-limited',
  'social.example': 'allowed',
};

/** What a badge's tooltip says for each kind, for the domain it marks, in the English messages (public/_locales/en). */
export const TOOLTIPS: Record<Exclude<MarkKind, 'none' | 'allowed'>, (domain: string) => string> = {
  blocked: (domain) => `You block ${domain}.`,
  'parent-blocked': (domain) => `You block example.org, but a personal block does not cover ${domain}: block it too to hide it.`,
  limited: () => 'You limit mastodon.social: Hedge collapses its posts. Lists: Marks limits · harassment, spam.',
  listed: () => 'threads.net is on a list you follow but not blocked. Lists: Marks votes · bots.',
  'server-suspended': () => 'Your server suspends po*.*t. Its reason: Hate speech, harassment.',
  'server-limited': () => 'Your server limits loud.example.org.',
};

/** What each badge says, in the English messages (public/_locales/en). */
export const BADGES: Record<Exclude<MarkKind, 'none' | 'allowed'>, string> = {
  blocked: 'Blocked',
  limited: 'Limited',
  listed: 'Listed',
  'server-suspended': 'Suspended by server',
  'server-limited': 'Limited by server',
  'parent-blocked': 'Parent blocked',
};

/** One found element as the page shows it after marking. */
export interface MarkedElement {
  domain: string;
  verdict: string;
  role: string;
  badges: Array<{ kind: string; text: string; title: string }>;
  description: string;
}

/** In the Mastodon page: every element Hedge handled, with its own badges and the text its `aria-describedby` points at. */
export function readMarksInPage(): MarkedElement[] {
  return [...document.querySelectorAll('[data-hedge-verdict]')].map((element) => {
    const describedBy = element.getAttribute('aria-describedby');
    return {
      domain: element.getAttribute('data-hedge-domain') ?? '',
      verdict: element.getAttribute('data-hedge-verdict') ?? '',
      role: element.getAttribute('data-hedge-role') ?? '',
      // Badges of this element only, not of accounts nested in it (a boost's author inside its post).
      badges: [...element.querySelectorAll('.hedge-badge')]
        .filter((badge) => badge.parentElement?.closest('[data-hedge-verdict]') === element)
        .map((badge) => ({ kind: badge.getAttribute('data-hedge-kind') ?? '', text: badge.textContent ?? '', title: badge.getAttribute('title') ?? '' })),
      description: describedBy === null ? '' : (document.getElementById(describedBy)?.textContent ?? ''),
    };
  });
}

/**
 * Signs in from `popup`, and gives the demo user one domain of each verdict: two blocks made by
 * hand in Mastodon, two lists imported as files (one in a consensus of two, one outside it), and a
 * preview, which reads the account's blocks again. Mastodon's job then cuts the blocked domains'
 * follows, and with them their posts from the home feed.
 */
export async function arrangeVerdicts<P>(driver: PageDriver<P>, popup: P, mastodon: FakeMastodon): Promise<void> {
  await signInWith(driver, popup, mastodon.url);
  mastodon.state.addDomainBlock('xn--80ak6aa92e.com');
  mastodon.state.addDomainBlock('example.org');
  const send = <T,>(intent: Parameters<typeof intentValueWith>[2]) => intentValueWith<P, T>(driver, popup, intent);
  await send({ type: 'hedge/set-consensus', consensus: { kind: 'count', min: 2 } });
  const limits = await send<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'file', ...LIMITS_LIST } });
  await send({ type: 'hedge/subscription-update', subscriptionId: limits.id, inConsensus: false });
  await send({ type: 'hedge/subscription-add', source: { kind: 'file', ...VOTES_LIST } });
  const preview = await send<{ planId: string }>({ type: 'hedge/preview' });
  await send({ type: 'hedge/discard-plan', planId: preview.planId });
  await mastodon.state.jobsDone();
}
