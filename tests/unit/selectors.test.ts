// @vitest-environment happy-dom
/**
 * Selectors are data with examples: every form of every selector in utils/dom/selectors.ts, with
 * the versions it was checked against, each checked to match in the DOM fixtures of those versions
 * (tests/fixtures/mastodon-dom for 4.2 and 4.3, tests/fixtures/mastodon-web/captured for 4.5, 4.6
 * and glitch-soc's glitch flavour; tests/fixtures/masto-fe for masto-fe, the Mastodon front end of Akkoma and
 * Pleroma). A selector form added without an entry here fails the first test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as selectors from '../../utils/dom/selectors';
import { loadDomFixtures, parseDom } from './mastodon-dom-fixtures';

type Version = '4.2' | '4.3' | '4.5' | '4.6' | 'glitch' | 'masto-fe';
const ALL: Version[] = ['4.2', '4.3', '4.5', '4.6', 'glitch'];
const GROUPED_NOTIFICATIONS: Version[] = ['4.3', '4.5', '4.6', 'glitch'];
const REAL_CLIENTS: Version[] = ['4.5', '4.6', 'glitch'];

type SelectorName = { [K in keyof typeof selectors]: (typeof selectors)[K] extends string ? K : never }[keyof typeof selectors];

/** Each selector, form by form (the parts of a selector list), and the versions each form is found in. */
const FORMS: Record<Exclude<SelectorName, 'ACCOUNT_LINK' | 'POST' | 'ACCOUNT_CANDIDATES'>, Array<[form: string, versions: Version[]]>> = {
  APP_ROOT: [['div#mastodon', ALL]],
  // The captured pages leave out every script; the e2e specs read it from the real pages.
  INITIAL_STATE: [['script#initial-state', ['4.2', '4.3']]],
  PROFILE_LINK: [['a[href^="/@"]', ALL]],
  PERMALINK: [['a.permalink', ['glitch']]],
  MASTO_FE_AUTHOR_LINK: [['a[class$=s__display-name]', ['masto-fe']]],
  DISPLAY_NAME_ACCOUNT: [['.display-name__account', ALL]],
  STATUS: [['.status', ALL]],
  DETAILED_STATUS: [['.detailed-status', REAL_CLIENTS]],
  STATUS_INFO: [['.status__info', ALL]],
  POST_TEXT_LINK: [['.status__content a', ALL]],
  AUTHOR_LINK: [
    ['a.status__display-name', ALL],
    ['a.detailed-status__display-name', REAL_CLIENTS],
  ],
  STATUS_PREPEND: [['.status__prepend', ALL]],
  BOOST_ICON: [
    ['.fa-retweet', ['4.2']],
    ['.icon-retweet', ['4.3', ...REAL_CLIENTS]],
  ],
  ACCOUNT_CARD: [
    ['.account', ALL],
    ['._comp_account_list_item__wrapper', ['4.6', 'glitch']],
  ],
  ACCOUNT_CARD_NAME: [['a.account__display-name', ALL]],
  SUGGESTION_CARD: [['.inline-follow-suggestions__body__scrollable__card', ['4.3']]],
  SUGGESTION_CARD_AVATAR: [['.inline-follow-suggestions__body__scrollable__card__avatar', ['4.3']]],
  NOTIFICATION_ACTOR_LINK: [['a.notification__display-name', ['4.2']]],
  NOTIFICATION_GROUP: [['.notification-group', GROUPED_NOTIFICATIONS]],
  NOTIFICATION_GROUP_EXCLUDED: [
    ['.notification-group__embedded-status', GROUPED_NOTIFICATIONS],
    ['.status', GROUPED_NOTIFICATIONS],
  ],
  NOTIFICATION_UNGROUPED_HEADER: [['.notification-ungrouped__header', REAL_CLIENTS]],
  HOVER_CARD: [['.hover-card', ['4.3', ...REAL_CLIENTS]]],
  HOVER_CARD_NAME: [['a.hover-card__name', ['4.3', ...REAL_CLIENTS]]],
  PROFILE_HEADER: [
    ['.account__header__tabs__name', ['4.2', '4.3', '4.5']],
    ['._comp_account_header__nameWrapper', ['4.6', 'glitch']],
  ],
  PROFILE_HEADER_ACCT: [
    ['small > span', ['4.2', '4.3', '4.5']],
    ['._comp_account_header__handleHelpButton', ['4.6', 'glitch']],
  ],
};

const MASTO_FE_PAGES = ['home-multi-column.html', 'thread-single-column.html'].map((file) => ({
  version: 'masto-fe',
  document: new DOMParser().parseFromString(readFileSync(join(import.meta.dirname, '../fixtures/masto-fe', file), 'utf8'), 'text/html'),
}));
const FIXTURES = [...loadDomFixtures().map((fixture) => ({ ...fixture, document: parseDom(fixture) })), ...MASTO_FE_PAGES];

/** The forms of a selector list, split at its top-level commas. */
function formsOf(selector: string): string[] {
  return selector.split(/,\s*/);
}

describe('utils/dom/selectors.ts', () => {
  it('lists every form of every selector here, with the versions it is for', () => {
    const composed = new Set(['ACCOUNT_LINK', 'POST', 'ACCOUNT_CANDIDATES']);
    for (const [name, selector] of Object.entries(selectors)) {
      if (typeof selector !== 'string' || composed.has(name)) continue;
      expect(FORMS[name as keyof typeof FORMS]?.map(([form]) => form), name).toEqual(formsOf(selector));
    }
  });

  it('composes the selectors findAccounts starts from out of the others', () => {
    expect(formsOf(selectors.ACCOUNT_LINK)).toEqual([selectors.PROFILE_LINK, selectors.PERMALINK, selectors.MASTO_FE_AUTHOR_LINK]);
    expect(formsOf(selectors.POST)).toEqual([selectors.STATUS, selectors.DETAILED_STATUS]);
    expect(formsOf(selectors.ACCOUNT_CANDIDATES)).toEqual([...formsOf(selectors.ACCOUNT_LINK), ...formsOf(selectors.PROFILE_HEADER)]);
  });

  const checks = Object.entries(FORMS).flatMap(([name, forms]) => forms.flatMap(([form, versions]) => versions.map((version) => [name, form, version] as const)));
  it.each(checks)('%s: %s is in the %s markup', (_name, form, version) => {
    const pages = FIXTURES.filter((fixture) => fixture.version === version);
    expect(pages.length, version).toBeGreaterThan(0);
    expect(pages.some((page) => page.document.querySelector(form) !== null)).toBe(true);
  });
});
