/**
 * Captures the markup Mastodon's own web clients render, as the DOM fixtures that the content
 * script's selectors and `findAccounts` are tested on (tests/unit/find-accounts.test.ts).
 *
 *   npx tsx scripts/capture-mastodon-markup.ts [4.5] [4.6] [glitch] [--screenshots <dir>]
 *
 * For each client build of tests/fixtures/mastodon-web (Mastodon 4.5.15, 4.6.5, glitch-soc 4.6.5's
 * glitch flavour; all three without arguments) it starts the local Mastodon (tests/fake-mastodon)
 * serving that build with the demo story, opens home, notifications, a remote profile, a thread, a
 * followers list and a hover card in headless Chromium, and writes into
 * tests/fixtures/mastodon-web/captured/<build>/:
 * - `<page>.html`: the rendered document, `<script>` and `<link>` elements removed and SVG path data elided,
 *   the server's address written as `https://social.example`, the same from run to run (but for the
 *   `<title>` of glitch's home, "Home" or "Getting started" as its columns happen to mount);
 * - `expected.json`: the accounts each page shows, with their role, worked out from the ids the
 *   client puts in the markup (`data-id` of posts and timeline items, notification group keys,
 *   `data-hover-card-account`) and the local Mastodon's own API: who wrote each post, who boosted
 *   it, who acted in each notification. It does not use Hedge's finder, so the tests compare that
 *   finder against an independent answer.
 * It fails when a request fails or the page logs an error. Posts are dated 15 October 2024 and the
 * browser's clock is set three days later, so relative times read the same in every capture.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from './chromium';
import { startFakeMastodon, type FakeMastodon, type MastodonVersion, type WebFlavour } from '../tests/fake-mastodon/index';
import { LOCAL_DOMAIN, demoStatusId } from '../tests/fake-mastodon/seed';

/** The builds, by the name given on the command line, and the folder their captures go to. */
const BUILDS: Record<string, { version: MastodonVersion; flavour: WebFlavour; folder: string }> = {
  '4.5': { version: '4.5', flavour: 'vanilla', folder: 'v4.5.15' },
  '4.6': { version: '4.6', flavour: 'vanilla', folder: 'v4.6.5' },
  glitch: { version: '4.6', flavour: 'glitch', folder: 'glitch-4.6.5' },
};

const CAPTURED_DIR = path.resolve(import.meta.dirname, '../tests/fixtures/mastodon-web/captured');
const BROWSER_NOW = new Date('2024-10-18T12:00:00.000Z');
const VIEWPORT = { width: 1280, height: 900 };

interface Capture {
  name: string;
  path: string;
  /** Text that shows once the page has rendered what it is captured for. */
  waitFor: string;
  /** The acct of the post author whose name is hovered to open a hover card. */
  hover?: string;
}

const CAPTURES: Capture[] = [
  { name: 'home', path: '/home', waitFor: 'Count me in!' },
  { name: 'notifications', path: '/notifications', waitFor: 'Sounds good, see you at seven!' },
  { name: 'profile', path: '/@bob@threads.net', waitFor: 'Golden hour over the harbour' },
  { name: 'thread', path: `/@carol@mastodon.social/${demoStatusId('thread-carol')}`, waitFor: 'Seconding HP5.' },
  { name: 'followers', path: '/@demo/followers', waitFor: 'Jo Writes' },
  { name: 'hover-card', path: '/home', waitFor: 'Count me in!', hover: 'dana@sub.example.org' },
];

/** An account a page shows, as `findAccounts` reports it: `user@domain`, the domain in lowercase punycode. */
interface CapturedAccount {
  role: 'author' | 'booster' | 'quoted' | 'account' | 'notification' | 'hover-card' | 'profile';
  acct: string;
}

/** What expected.json holds for one page. */
interface CapturedPage {
  url: string;
  local_domain: string;
  /** Every account the page must be found to show. */
  accounts: CapturedAccount[];
  /** Accounts that may be found besides: a mention's actor, whom some versions name in the notification's header too. */
  optional: CapturedAccount[];
}

/** Ids in the rendered page that name accounts, read in the browser. */
interface PageIds {
  posts: Array<{ statusId: string; isQuoted: boolean; itemId: string | null }>;
  focusedStatusId: string | null;
  notificationKeys: string[];
  listItemAccountIds: string[];
  cardAccountIds: string[];
  hasHoverCard: boolean;
  hasProfileHeader: boolean;
}

function readIds(): PageIds {
  const itemOf = (element: Element) => element.closest('article[data-id]')?.getAttribute('data-id') ?? null;
  return {
    posts: [...document.querySelectorAll('.status[data-id]')].map((status) => ({
      statusId: status.getAttribute('data-id') ?? '',
      isQuoted: status.parentElement?.closest('.status') != null,
      itemId: itemOf(status),
    })),
    focusedStatusId: document.querySelector('.detailed-status') === null ? null : (/\/(\d+)$/.exec(location.pathname)?.[1] ?? null),
    notificationKeys: [...document.querySelectorAll('.notification-group, .notification-ungrouped')].map((element) => itemOf(element) ?? ''),
    listItemAccountIds: [...document.querySelectorAll('article[data-id] ._comp_account_list_item__wrapper, article[data-id] .account')].map((element) => itemOf(element) ?? ''),
    // Account cards outside lists: the signed-in user's own in the navigation bar.
    cardAccountIds: [...document.querySelectorAll('.account a.account__display-name[data-hover-card-account]')]
      .filter((link) => link.closest('article') === null)
      .map((link) => link.getAttribute('data-hover-card-account') ?? ''),
    hasHoverCard: document.querySelector('.hover-card') !== null,
    hasProfileHeader: document.querySelector('.account__header__tabs__name, ._comp_account_header__nameWrapper') !== null,
  };
}

/** `acct` as the API gives it (`frank@аррӏе.com`, `alice`), as `findAccounts` reports it. */
function normalize(acct: string): string {
  const [user, domain = LOCAL_DOMAIN] = acct.split('@');
  return `${user}@${new URL(`https://${domain}`).hostname}`;
}

interface ApiStatus {
  account: { acct: string };
  reblog: { id: string } | null;
}

interface NotificationGroup {
  group_key: string;
  type: string;
  sample_account_ids: string[];
}

/** The accounts a page shows, from the ids read in it and the local Mastodon's API. */
async function expectedAccounts(mastodon: FakeMastodon, ids: PageIds, capture: Capture): Promise<Pick<CapturedPage, 'accounts' | 'optional'>> {
  const get = async <T>(apiPath: string): Promise<T> => {
    const answer = await fetch(`${mastodon.url}${apiPath}`, { headers: { Authorization: `Bearer ${mastodon.demoToken}` } });
    if (!answer.ok) throw new Error(`${apiPath}: HTTP ${answer.status}`);
    return (await answer.json()) as T;
  };
  const acctOfAccount = async (id: string) => normalize((await get<{ acct: string }>(`/api/v1/accounts/${id}`)).acct);
  const accounts: CapturedAccount[] = [];
  const optional: CapturedAccount[] = [];
  for (const post of ids.posts) {
    const status = await get<ApiStatus>(`/api/v1/statuses/${post.statusId}`);
    accounts.push({ role: post.isQuoted ? 'quoted' : 'author', acct: normalize(status.account.acct) });
    // A timeline item whose id is not the post's is a boost of it: its author is the booster.
    if (post.itemId !== null && /^\d+$/.test(post.itemId) && post.itemId !== post.statusId) {
      const item = await get<ApiStatus>(`/api/v1/statuses/${post.itemId}`);
      if (item.reblog?.id === post.statusId) accounts.push({ role: 'booster', acct: normalize(item.account.acct) });
    }
  }
  if (ids.focusedStatusId !== null) accounts.push({ role: 'author', acct: normalize((await get<ApiStatus>(`/api/v1/statuses/${ids.focusedStatusId}`)).account.acct) });
  if (ids.notificationKeys.length > 0) {
    const { notification_groups: groups } = await get<{ notification_groups: NotificationGroup[] }>('/api/v2/notifications?grouped_types[]=favourite&grouped_types[]=reblog&grouped_types[]=follow&limit=80');
    for (const key of ids.notificationKeys) {
      const group = groups.find((candidate) => candidate.group_key === key);
      if (group === undefined) throw new Error(`${capture.name}: no notification group ${key}`);
      // A mention is its post, whose author is found as such; 4.5 to 4.6 name the actor of other posts' notifications (a quote) in the header.
      const into = group.type === 'mention' ? optional : accounts;
      for (const id of group.sample_account_ids) into.push({ role: 'notification', acct: await acctOfAccount(id) });
    }
  }
  for (const id of [...ids.listItemAccountIds, ...ids.cardAccountIds]) accounts.push({ role: 'account', acct: await acctOfAccount(id) });
  if (ids.hasHoverCard && capture.hover !== undefined) accounts.push({ role: 'hover-card', acct: normalize(capture.hover) });
  if (ids.hasProfileHeader) {
    const profile = /^\/@([^/]+)/.exec(capture.path)?.[1];
    if (profile === undefined) throw new Error(`${capture.name}: a profile header on a page that is no profile`);
    accounts.push({ role: 'profile', acct: normalize(profile) });
  }
  const order = (list: CapturedAccount[]) => list.sort((a, b) => `${a.role} ${a.acct}`.localeCompare(`${b.role} ${b.acct}`));
  return { accounts: order(accounts), optional: order(optional) };
}

async function hover(page: Page, acct: string): Promise<void> {
  // The hover card opens only after real mouse movement over an element with data-hover-card-account
  // (components/hover_card_controller.tsx), so the pointer travels onto the name in steps, from
  // just below it inside the same post, crossing no other account's link; a pointer that arrived
  // while the timeline was still moving leaves and comes back.
  const name = page.locator(`.status__display-name[title="@${acct}"]`).first();
  for (let attempt = 1; ; attempt += 1) {
    const box = await name.boundingBox();
    if (box === null) throw new Error(`No post by ${acct} to hover.`);
    const x = box.x + box.width / 2;
    await page.mouse.move(x, box.y + box.height + 8);
    await page.mouse.move(x, box.y + box.height / 2, { steps: 8 });
    await page.mouse.move(x + 2, box.y + box.height / 2 + 1, { steps: 3 });
    try {
      await page.locator('.hover-card').waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.mouse.move(1, 1);
    }
  }
}

/** The rendered document without scripts, links and SVG path data, and a comment saying where it came from. */
async function serializeDocument(page: Page, base: string, folder: string, capture: Capture): Promise<string> {
  const rendered = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    // Scripts, and the stylesheets and preloads a test's DOM would try to fetch, are no markup to find accounts in.
    for (const element of copy.querySelectorAll('script, link')) element.remove();
    for (const shape of copy.querySelectorAll('path[d]')) shape.setAttribute('d', '');
    // What changes from run to run: the session's CSRF token, and the hidden upload area's animation.
    copy.querySelector('meta[name="csrf-token"]')?.setAttribute('content', 'csrf-token');
    copy.querySelector('.upload-area__background')?.removeAttribute('style');
    return copy.outerHTML;
  });
  const html = rendered.split(base).join(`https://${LOCAL_DOMAIN}`);
  return `<!DOCTYPE html>\n<!-- Rendered by ${folder} at ${capture.path} (meta.domain "${LOCAL_DOMAIN}"), captured by scripts/capture-mastodon-markup.ts -->\n${html}\n`;
}

async function captureBuild(browser: Browser, name: string, screenshotDir: string | undefined): Promise<void> {
  const build = BUILDS[name];
  if (build === undefined) throw new Error(`Unknown build ${name}; use ${Object.keys(BUILDS).join(', ')}.`);
  const outDir = path.join(CAPTURED_DIR, build.folder);
  mkdirSync(outDir, { recursive: true });
  const mastodon = await startFakeMastodon({ version: build.version, flavour: build.flavour });
  const problems: string[] = [];
  const expected: Record<string, CapturedPage> = {};
  try {
    for (const capture of CAPTURES) {
      const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
      await context.clock.setSystemTime(BROWSER_NOW);
      // tsx keeps function names by wrapping them in `__name(…)`, which the functions sent to the page call.
      await context.addInitScript('globalThis.__name = (fn) => fn');
      const page = await context.newPage();
      const report = (line: string) => problems.push(`${build.folder} ${capture.name}: ${line}`);
      page.on('console', (message) => {
        if (message.type() === 'error') report(`console error: ${message.text()} ${message.location().url}`);
      });
      page.on('pageerror', (error) => report(`page error: ${error.message}`));
      page.on('requestfailed', (request) => report(`request failed: ${request.url()} (${request.failure()?.errorText})`));
      page.on('response', (response) => {
        if (response.status() >= 400) report(`HTTP ${response.status()} for ${response.url()}`);
      });
      await page.goto(mastodon.url + capture.path);
      await page.getByText(capture.waitFor).first().waitFor({ timeout: 20_000 });
      if (capture.hover !== undefined) await hover(page, capture.hover);
      // Avatars and relationship buttons load, and the loading bar's fade ends.
      await page.waitForLoadState('networkidle');
      await page.locator('.loading-bar').waitFor({ state: 'hidden' }).catch((error: Error) => report(`the loading bar stayed: ${error.message}`));
      writeFileSync(path.join(outDir, `${capture.name}.html`), await serializeDocument(page, mastodon.url, build.folder, capture));
      expected[`${capture.name}.html`] = {
        url: `https://${LOCAL_DOMAIN}${capture.path}`,
        local_domain: LOCAL_DOMAIN,
        ...(await expectedAccounts(mastodon, await page.evaluate(readIds), capture)),
      };
      if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `${build.folder}-${capture.name}.png`) });
      await context.close();
      console.log(`${build.folder} ${capture.name}: ${capture.path}, ${expected[`${capture.name}.html`]?.accounts.length} accounts`);
    }
  } finally {
    await mastodon.close();
  }
  if (problems.length > 0) throw new Error(`The client reported problems:\n${problems.join('\n')}`);
  writeFileSync(path.join(outDir, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const shotsAt = args.indexOf('--screenshots');
  const screenshotDir = shotsAt >= 0 ? args.splice(shotsAt, 2)[1] : undefined;
  if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
  const names = args.length > 0 ? args : Object.keys(BUILDS);
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  try {
    for (const name of names) await captureBuild(browser, name, screenshotDir);
  } finally {
    await browser.close();
  }
}

await main();
