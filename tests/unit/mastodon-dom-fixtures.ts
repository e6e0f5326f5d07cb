/**
 * The Mastodon web UI fixtures and what a content script must find in each:
 * - tests/fixtures/mastodon-dom: hand-derived 4.2 and 4.3 pages, with expected.json;
 * - tests/fixtures/mastodon-web/captured/<build>: pages Mastodon 4.5.15, 4.6.5 and glitch-soc
 *   4.6.5's own clients rendered from the local Mastodon's demo story, each build with an
 *   expected.json that scripts/capture-mastodon-markup.ts worked out from the page's ids and the
 *   local Mastodon's API (not from Hedge's finder).
 * Every `*.html` in those folders is used, so markup of another version is tested by dropping its
 * file and its expected.json entry there.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountRole } from '../../utils/dom/find-accounts';

export const MASTODON_DOM_DIR = join(import.meta.dirname, '../fixtures/mastodon-dom');
export const CAPTURED_DIR = join(import.meta.dirname, '../fixtures/mastodon-web/captured');

interface ExpectedStatus {
  context: string;
  author_acct: string | null;
  booster_acct: string | null;
  rendered: boolean;
}

interface ExpectedNotification {
  type: string;
  actor_accts: string[];
}

/** One fixture's entry in expected.json (only the fields the tests read). */
export interface ExpectedFixture {
  mastodon_version: string;
  url: string;
  local_domain: string;
  statuses?: ExpectedStatus[];
  notifications?: ExpectedNotification[];
  account_cards?: Array<{ acct: string }>;
  suggestion_cards?: Array<{ acct: string }>;
  hover_cards?: Array<{ acct: string }>;
  profile_headers?: Array<{ acct: string }>;
}

export interface MastodonDomFixture {
  file: string;
  html: string;
  expected: ExpectedFixture;
}

/** An account a fixture shows, as `findAccounts` should report it. */
export interface ExpectedAccount {
  role: AccountRole;
  acct: string;
}

/** Every HTML fixture with its expected.json entry. */
export function loadMastodonDomFixtures(): MastodonDomFixture[] {
  const expected = JSON.parse(readFileSync(join(MASTODON_DOM_DIR, 'expected.json'), 'utf8')) as Record<string, ExpectedFixture>;
  return readdirSync(MASTODON_DOM_DIR)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => {
      const entry = expected[file];
      if (entry === undefined) throw new Error(`${file} has no entry in expected.json`);
      return { file, html: readFileSync(join(MASTODON_DOM_DIR, file), 'utf8'), expected: entry };
    });
}

/**
 * What must be found, from expected.json's conventions:
 * - a rendered status gives its author (`quoted` when nested in a quote, 4.5) and its booster;
 * - a notification's actors are named by the notification itself, except a mention, which is a
 *   post whose author is the actor (its header names nobody up to 4.3; see {@link optionalAccounts});
 * - account cards and "Who to follow" cards are `account`; hover cards and profile headers their own role.
 */
export function expectedAccounts(expected: ExpectedFixture): ExpectedAccount[] {
  const accounts: ExpectedAccount[] = [];
  for (const status of expected.statuses ?? []) {
    if (!status.rendered || status.author_acct === null) continue;
    accounts.push({ role: status.context === 'quote' ? 'quoted' : 'author', acct: status.author_acct });
    if (status.booster_acct !== null) accounts.push({ role: 'booster', acct: status.booster_acct });
  }
  for (const notification of expected.notifications ?? []) {
    if (notification.type === 'mention') continue;
    for (const acct of notification.actor_accts) accounts.push({ role: 'notification', acct });
  }
  for (const card of [...(expected.account_cards ?? []), ...(expected.suggestion_cards ?? [])]) accounts.push({ role: 'account', acct: card.acct });
  for (const card of expected.hover_cards ?? []) accounts.push({ role: 'hover-card', acct: card.acct });
  for (const header of expected.profile_headers ?? []) accounts.push({ role: 'profile', acct: header.acct });
  return accounts;
}

/**
 * Accounts that may be found without being required: the actor of a mention
 * notification, which later versions name again in the notification's header
 * ("{name} mentioned you").
 */
export function optionalAccounts(expected: ExpectedFixture): ExpectedAccount[] {
  return (expected.notifications ?? [])
    .filter((notification) => notification.type === 'mention')
    .flatMap((notification) => notification.actor_accts.map((acct) => ({ role: 'notification' as const, acct })));
}

/** `role acct` keys, sorted, for comparing multisets. */
export function accountKeys(accounts: ReadonlyArray<{ role: string; acct: string }>): string[] {
  return accounts.map((account) => `${account.role} ${account.acct}`).sort();
}

/** Parses a fixture into its own document at the fixture's URL. */
export function parseFixture(fixture: MastodonDomFixture): Document {
  const document = new DOMParser().parseFromString(fixture.html, 'text/html');
  return document;
}

/** Any DOM fixture, hand-derived or captured, with the accounts it shows. */
export interface DomFixture {
  /** `home-4.3.html`, `v4.6.5/profile.html`. */
  name: string;
  /** `4.2`, `4.3`, `4.5`, `4.6` or `glitch`. */
  version: string;
  html: string;
  localDomain: string;
  /** Every account that must be found. */
  accounts: ExpectedAccount[];
  /** Accounts that may be found besides. */
  optional: ExpectedAccount[];
}

/** The captured builds and the version name the tests and selectors.ts use for each. */
export const CAPTURED_BUILDS: Record<string, string> = { 'v4.5.15': '4.5', 'v4.6.5': '4.6', 'glitch-4.6.5': 'glitch' };

interface CapturedPage {
  local_domain: string;
  accounts: ExpectedAccount[];
  optional: ExpectedAccount[];
}

/** Every fixture of both folders: the hand-derived ones first, then each captured build. */
export function loadDomFixtures(): DomFixture[] {
  const handDrawn = loadMastodonDomFixtures().map((fixture) => ({
    name: fixture.file,
    version: /^\d+\.\d+/.exec(fixture.expected.mastodon_version)?.[0] ?? fixture.expected.mastodon_version,
    html: fixture.html,
    localDomain: fixture.expected.local_domain,
    accounts: expectedAccounts(fixture.expected),
    optional: optionalAccounts(fixture.expected),
  }));
  const captured = Object.entries(CAPTURED_BUILDS).flatMap(([folder, version]) => {
    const dir = join(CAPTURED_DIR, folder);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, CapturedPage>;
    return readdirSync(dir)
      .filter((file) => file.endsWith('.html'))
      .sort()
      .map((file) => {
        const entry = expected[file];
        if (entry === undefined) throw new Error(`${folder}/${file} has no entry in expected.json`);
        return { name: `${folder}/${file}`, version, html: readFileSync(join(dir, file), 'utf8'), localDomain: entry.local_domain, accounts: entry.accounts, optional: entry.optional };
      });
  });
  return [...handDrawn, ...captured];
}

/** Parses any fixture into a document of its own. */
export function parseDom(fixture: Pick<DomFixture, 'html'>): Document {
  return new DOMParser().parseFromString(fixture.html, 'text/html');
}
