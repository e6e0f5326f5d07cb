/**
 * The Mastodon web UI fixtures (tests/fixtures/mastodon-dom) and what
 * expected.json says a content script must find in each. Every `*.html` in the
 * folder is used, so markup of another version is tested by dropping its file
 * and its expected.json entry there.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountRole } from '../../utils/dom/find-accounts';

export const MASTODON_DOM_DIR = join(import.meta.dirname, '../fixtures/mastodon-dom');

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
