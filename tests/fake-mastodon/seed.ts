import type { AccountRecord, FakeStore } from './store.ts';

/**
 * Seed data. The story: a Mastodon server whose LOCAL_DOMAIN is `social.example`, served at
 * the fake's own address (a split-domain setup, as Mastodon allows with WEB_DOMAIN), where
 * `demo` (id "1") is signed in. The ids, names and domains are those of
 * tests/fixtures/mastodon-dom, so the web page and the API tell the same story.
 */

export const LOCAL_DOMAIN = 'social.example';
export const DEMO_ACCOUNT_ID = '1';
export const DEMO_SCOPES = ['read', 'write', 'follow'];

type SeedAccount = Omit<AccountRecord, 'note' | 'locked' | 'bot' | 'statusesCount' | 'createdAt'> &
  Partial<Pick<AccountRecord, 'note' | 'locked' | 'bot' | 'statusesCount' | 'createdAt'>>;

const LOCAL_ACCOUNTS: SeedAccount[] = [
  { id: DEMO_ACCOUNT_ID, username: 'demo', domain: null, displayName: 'Demo User', note: '<p>Trying out personal domain blocks.</p>', createdAt: '2022-11-05T00:00:00.000Z' },
  { id: '2', username: 'alice', domain: null, displayName: 'Alice' },
  { id: '5', username: 'lee', domain: null, displayName: 'Lee' },
];

function remote(id: string, username: string, domain: string, displayName: string, extra: Partial<SeedAccount> = {}): SeedAccount {
  const isThreads = domain === 'threads.net';
  return {
    id,
    username,
    domain,
    displayName,
    // Threads serves profiles on www.threads.net while its WebFinger domain is threads.net.
    remoteUrl: isThreads ? `https://www.threads.net/@${username}` : `https://${domain}/@${username}`,
    remoteUri: isThreads ? `https://www.threads.net/ap/users/${id}/` : `https://${domain}/users/${username}`,
    remoteFollowersCount: 120,
    remoteFollowingCount: 80,
    ...extra,
  };
}

const REMOTE_ACCOUNTS: SeedAccount[] = [
  remote('112136395161601005', 'bob', 'threads.net', 'Bob', { remoteFollowersCount: 48213 }),
  remote('112136395161601101', 'zuck', 'threads.net', 'Mark', { remoteFollowersCount: 5_100_000 }),
  remote('112136395161601202', 'mosseri', 'threads.net', 'Adam', { remoteFollowersCount: 1_200_000 }),
  remote('112136395161601303', 'jo_writes', 'threads.net', 'Jo Writes'),
  remote('109299577651207018', 'carol', 'mastodon.social', 'Carol'),
  remote('109299577651207119', 'ed', 'mastodon.social', 'Ed'),
  remote('109299577651207220', 'mia', 'mastodon.social', 'Mia'),
  remote('110364092006400041', 'dana', 'sub.example.org', 'Dana'),
  remote('110364092006400142', 'kim', 'eu.social.example.org', 'Kim'),
  remote('111502216396825870', 'frank', 'xn--80ak6aa92e.com', 'Frank'),
  remote('110975621529622523', 'Gus_Writer', 'blog.example.net', 'Gus', { bot: false }),
  remote('109843159449656133', 'hana', 'misskey.example', 'Hana'),
  remote('109843159449656234', 'photo_pat', 'pixelfed.example', 'Pat'),
  remote('109843159449656335', 'newsbot', 'news.example.com', 'News Bot', { bot: true }),
];

/** Accounts demo follows: three on threads.net, two on mastodon.social, the rest spread out. */
const DEMO_FOLLOWS = [
  '109843159449656335', '109843159449656234', '2', '109843159449656133', '110975621529622523',
  '111502216396825870', '110364092006400041', '109299577651207119', '109299577651207018',
  '112136395161601202', '112136395161601101', '112136395161601005',
];

/** Accounts that follow demo. */
const DEMO_FOLLOWERS = [
  '5', '2', '111502216396825870', '110364092006400142', '110364092006400041', '109299577651207220',
  '109299577651207018', '112136395161601303', '112136395161601005',
];

/** Blocks demo made by hand in Mastodon's own settings, oldest first. */
export const DEMO_MANUAL_BLOCKS = ['spam.example', 'crypto-scam.example.net'];

/** The admin's blocks. `poa.st` also appears in tests/fixtures lists, so digest matching can be shown. */
const SERVER_BLOCKS = [
  { domain: 'loud.example.org', severity: 'silence', publicComment: null, obfuscate: false },
  { domain: 'poa.st', severity: 'suspend', publicComment: 'Hate speech, harassment', obfuscate: true },
  { domain: 'spamfarm.example', severity: 'suspend', publicComment: 'Spam', obfuscate: false },
  { domain: 'hatespeech.example.net', severity: 'suspend', publicComment: 'Hate speech', obfuscate: true },
  { domain: 'reply-guys.example', severity: 'silence', publicComment: 'Unsolicited replies', obfuscate: false },
] as const;

function complete(seed: SeedAccount): AccountRecord {
  return {
    note: '',
    locked: false,
    bot: false,
    statusesCount: 42,
    createdAt: '2023-04-01T00:00:00.000Z',
    ...seed,
  };
}

/** Puts the demo user alone into the store: no follows, no blocks. */
export function seedEmpty(store: FakeStore): void {
  const demo = LOCAL_ACCOUNTS[0];
  if (demo) store.addAccount(complete(demo));
}

/** Puts the full demo story into the store. */
export function seedDemo(store: FakeStore): void {
  for (const account of [...LOCAL_ACCOUNTS, ...REMOTE_ACCOUNTS]) store.addAccount(complete(account));
  for (const id of DEMO_FOLLOWS) store.follow(DEMO_ACCOUNT_ID, id);
  for (const id of DEMO_FOLLOWERS) store.follow(id, DEMO_ACCOUNT_ID);
  // Written directly, without the side effects of a block: the seeded follows are on other domains.
  for (const domain of DEMO_MANUAL_BLOCKS) store.personalBlocks.push({ id: store.newRowId(), accountId: DEMO_ACCOUNT_ID, domain });
  store.serverBlocks = SERVER_BLOCKS.map((block) => ({ ...block }));
}
