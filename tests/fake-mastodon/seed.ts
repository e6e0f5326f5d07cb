import type { AccountRecord, FakeStore, NotificationRecord, StatusRecord } from './store.ts';

/**
 * Seed data. The story: a Mastodon server whose LOCAL_DOMAIN is `social.example`, served at
 * the fake's own address (a split-domain setup, as Mastodon allows with WEB_DOMAIN), where
 * `demo` (id "1") is signed in. The ids, names and domains are those of
 * tests/fixtures/mastodon-dom, so the web page and the API tell the same story.
 *
 * Besides accounts, follows and blocks, the demo user has a home feed, notifications and a
 * thread, with one account of each kind Hedge tells apart: local, listed by the sample lists,
 * on a domain the user blocks (by hand in the seed, or later in a test), on domains the server
 * itself silences and suspends, boosts and quotes of such posts, mentions of them. See README.md,
 * "The demo story", for who is who.
 */

export const LOCAL_DOMAIN = 'social.example';
export const DEMO_ACCOUNT_ID = '1';
export const DEMO_SCOPES = ['read', 'write', 'follow'];

type SeedAccount = Omit<AccountRecord, 'note' | 'locked' | 'bot' | 'statusesCount' | 'createdAt'> &
  Partial<Pick<AccountRecord, 'note' | 'locked' | 'bot' | 'statusesCount' | 'createdAt'>>;

const LOCAL_ACCOUNTS: SeedAccount[] = [
  { id: DEMO_ACCOUNT_ID, username: 'demo', domain: null, displayName: 'Demo User', note: '<p>Trying out personal domain blocks.</p>', createdAt: '2022-11-05T00:00:00.000Z' },
  { id: '2', username: 'alice', domain: null, displayName: 'Alice', note: '<p>Gardener, reader, occasional baker.</p>' },
  { id: '5', username: 'lee', domain: null, displayName: 'Lee', note: '<p>Links and long reads.</p>' },
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

/** Account ids the story below refers to. */
export const IDS = {
  demo: DEMO_ACCOUNT_ID,
  alice: '2',
  lee: '5',
  bob: '112136395161601005',
  zuck: '112136395161601101',
  mosseri: '112136395161601202',
  joWrites: '112136395161601303',
  carol: '109299577651207018',
  ed: '109299577651207119',
  mia: '109299577651207220',
  dana: '110364092006400041',
  kim: '110364092006400142',
  frank: '111502216396825870',
  gus: '110975621529622523',
  hana: '109843159449656133',
  pat: '109843159449656234',
  newsbot: '109843159449656335',
  /** On `loud.example.org`, which the server silences. */
  shouty: '112201700000000101',
  /** On `poa.st`, which the server suspends. */
  troll: '112201700000000202',
  /** On `spam.example`, which demo blocks by hand. */
  promo: '112201700000000303',
  /** On `cryptodon.lol`, listed in tests/fixtures/lists/gardenfence-mastodon.csv. */
  coinbro: '112201700000000404',
} as const;

const REMOTE_ACCOUNTS: SeedAccount[] = [
  remote(IDS.bob, 'bob', 'threads.net', 'Bob', { remoteFollowersCount: 48213, note: '<p>Film photos, mostly harbours.</p>' }),
  remote(IDS.zuck, 'zuck', 'threads.net', 'Mark', { remoteFollowersCount: 5_100_000 }),
  remote(IDS.mosseri, 'mosseri', 'threads.net', 'Adam', { remoteFollowersCount: 1_200_000 }),
  remote(IDS.joWrites, 'jo_writes', 'threads.net', 'Jo Writes'),
  remote(IDS.carol, 'carol', 'mastodon.social', 'Carol', { note: '<p>Meetups, TV, and the fediverse.</p>' }),
  remote(IDS.ed, 'ed', 'mastodon.social', 'Ed'),
  remote(IDS.mia, 'mia', 'mastodon.social', 'Mia'),
  remote(IDS.dana, 'dana', 'sub.example.org', 'Dana'),
  remote(IDS.kim, 'kim', 'eu.social.example.org', 'Kim'),
  remote(IDS.frank, 'frank', 'xn--80ak6aa92e.com', 'Frank', { note: '<p>Runs a one-person server.</p>' }),
  remote(IDS.gus, 'Gus_Writer', 'blog.example.net', 'Gus', { bot: false }),
  remote(IDS.hana, 'hana', 'misskey.example', 'Hana'),
  remote(IDS.pat, 'photo_pat', 'pixelfed.example', 'Pat'),
  remote(IDS.newsbot, 'newsbot', 'news.example.com', 'News Bot', { bot: true }),
  remote(IDS.shouty, 'shouty', 'loud.example.org', 'SHOUTY'),
  remote(IDS.troll, 'troll', 'poa.st', 'Troll'),
  remote(IDS.promo, 'promo', 'spam.example', 'Free Crypto Promo'),
  remote(IDS.coinbro, 'coinbro', 'cryptodon.lol', 'Coin Bro'),
];

/** Accounts demo follows: three on threads.net, two on mastodon.social, the rest spread out. */
const DEMO_FOLLOWS = [
  IDS.newsbot, IDS.pat, IDS.alice, IDS.hana, IDS.gus, IDS.frank, IDS.dana, IDS.ed, IDS.carol, IDS.mosseri, IDS.zuck, IDS.bob,
];

/** Accounts that follow demo. */
const DEMO_FOLLOWERS = [IDS.lee, IDS.alice, IDS.frank, IDS.kim, IDS.dana, IDS.mia, IDS.carol, IDS.joWrites, IDS.bob];

/** Other follows, which the web client shows as "familiar followers" (whom demo follows among an account's followers). */
const OTHER_FOLLOWS: Array<[follower: string, target: string]> = [
  [IDS.alice, IDS.bob],
  [IDS.alice, IDS.carol],
  [IDS.lee, IDS.bob],
  [IDS.alice, IDS.frank],
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

/** A remote account outside the demo story, for tests that need one on a domain of their own. */
export function remoteAccountRecord(id: string, username: string, domain: string, displayName: string): AccountRecord {
  return complete(remote(id, username, domain, displayName));
}

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

/**
 * A Mastodon snowflake id for a time (`Mastodon::Snowflake.id_at`: milliseconds shifted left by
 * 16 bits, the low bits a sequence), so ids sort as the posts' times do.
 */
export function snowflakeAt(iso: string, sequence = 0): string {
  return ((BigInt(Date.parse(iso)) << 16n) + BigInt(sequence)).toString();
}

/** A mention of an account in a post's text, written as `{@id}` and rendered by entities.ts. */
const at = (id: string) => `{@${id}}`;

interface PostSeed {
  key: string;
  at: string;
  by: string;
  text?: string;
  cw?: string;
  replyTo?: string;
  boostOf?: string;
  quoteOf?: string;
  visibility?: StatusRecord['visibility'];
  /** In demo's home feed (default true; replies nobody demo follows would see are not). */
  isHome?: boolean;
  favourites?: number;
  boosts?: number;
}

/**
 * The hand-written posts, oldest first, with the times they were made (15 October 2024, as in
 * the DOM fixtures). Text in `<p>`; `{@id}` is a mention Mastodon resolved, a plain `h-card`
 * link one it did not (so the web client leaves it pointing at the remote page).
 */
const POSTS: PostSeed[] = [
  { key: 'bob-pinned', at: '2024-10-10T09:00:00Z', by: IDS.bob, text: '<p>Pinned: prints are back in stock, link in bio.</p>', isHome: false },
  { key: 'thread-root', at: '2024-10-15T07:00:00Z', by: IDS.bob, text: '<p>Which film stock for a grey harbour morning? Asking for a friend (me).</p>', favourites: 14, boosts: 2 },
  { key: 'thread-carol', at: '2024-10-15T07:05:00Z', by: IDS.carol, replyTo: 'thread-root', text: `<p>${at(IDS.bob)} Portra 400, always.</p>` },
  { key: 'thread-dana', at: '2024-10-15T07:10:00Z', by: IDS.dana, replyTo: 'thread-carol', text: `<p>${at(IDS.carol)} ${at(IDS.bob)} HP5 if you like grain.</p>`, isHome: false },
  { key: 'thread-frank', at: '2024-10-15T07:12:00Z', by: IDS.frank, replyTo: 'thread-carol', text: `<p>${at(IDS.carol)} Whatever is in the fridge!</p>`, isHome: false },
  { key: 'thread-troll', at: '2024-10-15T07:14:00Z', by: IDS.troll, replyTo: 'thread-carol', text: `<p>${at(IDS.carol)} film is dead lol</p>`, isHome: false },
  { key: 'thread-promo', at: '2024-10-15T07:16:00Z', by: IDS.promo, replyTo: 'thread-carol', text: `<p>${at(IDS.carol)} Earn 500% with our new coin!!!</p>`, isHome: false },
  { key: 'thread-shouty', at: '2024-10-15T07:18:00Z', by: IDS.shouty, replyTo: 'thread-carol', text: `<p>${at(IDS.carol)} DIGITAL IS BETTER</p>`, isHome: false },
  { key: 'thread-alice', at: '2024-10-15T07:20:00Z', by: IDS.alice, replyTo: 'thread-dana', text: `<p>${at(IDS.dana)} Seconding HP5.</p>`, isHome: false },
  { key: 'bob-photo', at: '2024-10-15T07:30:00Z', by: IDS.bob, text: '<p>Golden hour over the harbour. Shot on film, scanned at home.</p>', favourites: 31, boosts: 4 },
  { key: 'frank-hello', at: '2024-10-15T07:40:00Z', by: IDS.frank, text: '<p>Hello from my new one-person server! Federation seems to work.</p>', favourites: 3, boosts: 1 },
  { key: 'demo-post', at: '2024-10-15T07:50:00Z', by: IDS.demo, text: '<p>Trying a personal block list today. Wish me luck.</p>', favourites: 3, boosts: 1 },
  { key: 'alice-seedlings', at: '2024-10-15T08:00:00Z', by: IDS.alice, text: '<p>Planted the tomato seedlings. Fingers crossed.</p>' },
  { key: 'alice-update', at: '2024-10-15T08:10:00Z', by: IDS.alice, replyTo: 'alice-seedlings', text: '<p>Update: the seedlings are up.</p>' },
  { key: 'carol-small-servers', at: '2024-10-15T08:20:00Z', by: IDS.carol, quoteOf: 'frank-hello', text: '<p>This is exactly the kind of small server I love to see.</p>', visibility: 'unlisted' },
  { key: 'hana-report', at: '2024-10-15T08:30:00Z', by: IDS.hana, text: `<p>Reported ${at(IDS.troll)} again. Third time this week.</p>` },
  { key: 'coinbro-moon', at: '2024-10-15T08:35:00Z', by: IDS.coinbro, text: '<p>To the moon (not financial advice)</p>', isHome: false },
  { key: 'lee-boosts-coinbro', at: '2024-10-15T08:40:00Z', by: IDS.lee, boostOf: 'coinbro-moon' },
  { key: 'alice-boosts-frank', at: '2024-10-15T08:45:00Z', by: IDS.alice, boostOf: 'frank-hello' },
  { key: 'dana-welcome', at: '2024-10-15T09:30:00Z', by: IDS.dana, text: '<p>Welcome <span class="h-card" translate="no"><a href="https://other.example/@erin" class="u-url mention">@<span>erin</span></a></span> to the project! Docs are in the wiki.</p>' },
  { key: 'carol-boosts-dana', at: '2024-10-15T09:35:00Z', by: IDS.carol, boostOf: 'dana-welcome' },
  { key: 'shouty-news', at: '2024-10-15T09:50:00Z', by: IDS.shouty, text: '<p>HUGE ANNOUNCEMENT TOMORROW. STAY TUNED.</p>', isHome: false },
  // A silenced account's post reaches demo's home through a boost by someone demo follows (app/lib/feed_manager.rb filters no silence there).
  { key: 'alice-boosts-shouty', at: '2024-10-15T09:55:00Z', by: IDS.alice, boostOf: 'shouty-news' },
  { key: 'gus-blog', at: '2024-10-15T10:45:00Z', by: IDS.gus, text: '<p>New post: Ten years of blogging</p><p><a href="https://blog.example.net/2024/04/ten-years/" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="">blog.example.net/2024/04/ten-years/</span><span class="invisible"></span></a></p>' },
  { key: 'alice-boosts-bob', at: '2024-10-15T10:50:00Z', by: IDS.alice, boostOf: 'bob-photo' },
  { key: 'carol-cw', at: '2024-10-15T10:58:00Z', by: IDS.carol, cw: 'Spoilers for the season finale', text: `<p>I did not see that coming. ${at(IDS.bob)} you were right.</p>` },
  { key: 'alice-promo', at: '2024-10-15T11:10:00Z', by: IDS.alice, text: `<p>Another DM from ${at(IDS.promo)} about “free crypto”. Blocked the whole domain.</p>` },
  { key: 'lee-quotes-bob', at: '2024-10-15T11:15:00Z', by: IDS.lee, quoteOf: 'bob-photo', text: '<p>Film is not dead, it just smells funny.</p>' },
  { key: 'carol-meetup', at: '2024-10-15T11:35:00Z', by: IDS.carol, text: `<p>Looking forward to the <a href="${'{base}'}/tags/fediverse" class="mention hashtag" rel="tag">#<span>fediverse</span></a> meetup with ${at(IDS.dana)} next week!</p>` },
  { key: 'dana-reply', at: '2024-10-15T11:56:00Z', by: IDS.dana, replyTo: 'carol-meetup', text: `<p>${at(IDS.carol)} Count me in! I will bring the extra cables.</p>` },
  { key: 'carol-mentions-demo', at: '2024-10-15T12:05:00Z', by: IDS.carol, text: `<p>${at(IDS.demo)} Sounds good, see you at seven!</p>`, isHome: false },
];

/** The id of one of the story's posts by its key (`thread-carol`, `bob-photo`, …), for tests and the tour. */
export function demoStatusId(key: string): string {
  const seed = key === 'lee-quotes-demo' ? { at: '2024-10-15T10:10:00Z' } : POSTS.find((post) => post.key === key);
  if (!seed) throw new Error(`The demo story has no post ${key}.`);
  return snowflakeAt(seed.at, 2);
}

/** Authors of the older posts that fill the home feed for paging ("load more"). */
const FILLER_AUTHORS = [IDS.newsbot, IDS.pat, IDS.alice, IDS.hana, IDS.gus, IDS.newsbot, IDS.ed, IDS.zuck, IDS.dana, IDS.mosseri];
const FILLER_TOPICS = [
  'Morning briefing', 'A photo from the archive', 'Garden diary', 'Reading list', 'Draft notes', 'Headlines', 'Weekend plans',
  'Harbour light', 'Meetup notes', 'Link roundup',
];
/** Enough older posts for a page to scroll through 200 more after the first ones. */
export const FILLER_POSTS = 260;

/** Notifications of demo, oldest first. */
interface NotificationSeed {
  at: string;
  type: NotificationRecord['type'];
  from: string;
  status?: string;
  /** Only servers of this version and later have this type (quotes: 4.5). */
  since?: '4.5';
}

const NOTIFICATIONS: NotificationSeed[] = [
  { at: '2024-10-15T08:05:00Z', type: 'follow', from: IDS.kim },
  { at: '2024-10-15T08:15:00Z', type: 'follow', from: IDS.joWrites },
  { at: '2024-10-15T08:25:00Z', type: 'follow', from: IDS.frank },
  { at: '2024-10-15T09:00:00Z', type: 'reblog', from: IDS.carol, status: 'demo-post' },
  { at: '2024-10-15T09:10:00Z', type: 'favourite', from: IDS.mia, status: 'demo-post' },
  { at: '2024-10-15T09:20:00Z', type: 'favourite', from: IDS.bob, status: 'demo-post' },
  { at: '2024-10-15T09:40:00Z', type: 'favourite', from: IDS.dana, status: 'demo-post' },
  { at: '2024-10-15T10:10:00Z', type: 'quote', from: IDS.lee, status: 'lee-quotes-demo', since: '4.5' },
  { at: '2024-10-15T12:05:00Z', type: 'mention', from: IDS.carol, status: 'carol-mentions-demo' },
];

/** Puts the demo user alone into the store: no follows, no blocks. */
export function seedEmpty(store: FakeStore): void {
  const demo = LOCAL_ACCOUNTS[0];
  if (demo) store.addAccount(complete(demo));
}

/** Puts the full demo story into the store; `hasQuotes`: the server knows quote posts (4.5+). */
export function seedDemo(store: FakeStore, options: { hasQuotes: boolean } = { hasQuotes: true }): void {
  for (const account of [...LOCAL_ACCOUNTS, ...REMOTE_ACCOUNTS]) store.addAccount(complete(account));
  for (const id of DEMO_FOLLOWS) store.follow(DEMO_ACCOUNT_ID, id);
  for (const id of DEMO_FOLLOWERS) store.follow(id, DEMO_ACCOUNT_ID);
  for (const [follower, target] of OTHER_FOLLOWS) store.follow(follower, target);
  // Written directly, without the side effects of a block: the seeded follows are on other domains.
  for (const domain of DEMO_MANUAL_BLOCKS) store.personalBlocks.push({ id: store.newRowId(), accountId: DEMO_ACCOUNT_ID, domain });
  store.serverBlocks = SERVER_BLOCKS.map((block) => ({ ...block }));
  seedStatuses(store, options.hasQuotes);
}

function seedStatuses(store: FakeStore, hasQuotes: boolean): void {
  const ids = new Map<string, string>();
  const firstAt = Date.parse(POSTS.reduce((min, post) => (post.at < min ? post.at : min), POSTS[0]?.at ?? '2024-10-15T00:00:00Z'));
  for (let i = 0; i < FILLER_POSTS; i += 1) {
    const time = new Date(firstAt - (i + 1) * 20 * 60_000).toISOString();
    const author = FILLER_AUTHORS[i % FILLER_AUTHORS.length] ?? IDS.newsbot;
    const topic = FILLER_TOPICS[i % FILLER_TOPICS.length] ?? 'Notes';
    store.addStatus(publicPost(snowflakeAt(time, 1), author, time, `<p>${topic}, part ${FILLER_POSTS - i}.</p>`), [DEMO_ACCOUNT_ID]);
  }
  const quoteOfDemo: PostSeed = { key: 'lee-quotes-demo', at: '2024-10-15T10:10:00Z', by: IDS.lee, quoteOf: 'demo-post', text: '<p>Good luck! Tell us how it goes.</p>', isHome: false };
  for (const seed of [...POSTS, quoteOfDemo].sort((a, b) => a.at.localeCompare(b.at))) {
    if (seed.quoteOf && !hasQuotes) continue;
    const id = snowflakeAt(seed.at, 2);
    ids.set(seed.key, id);
    const refer = (key: string | undefined) => (key === undefined ? null : (ids.get(key) ?? null));
    const status: StatusRecord = {
      ...publicPost(id, seed.by, new Date(Date.parse(seed.at)).toISOString(), seed.boostOf ? '' : (seed.text ?? '')),
      spoilerText: seed.cw ?? '',
      inReplyToId: refer(seed.replyTo),
      reblogOfId: refer(seed.boostOf),
      quoteOfId: refer(seed.quoteOf),
      visibility: seed.visibility ?? 'public',
      favouritesCount: seed.favourites ?? 0,
      reblogsCount: seed.boosts ?? 0,
    };
    store.addStatus(status, seed.isHome === false ? [] : [DEMO_ACCOUNT_ID]);
  }
  const pinned = ids.get('bob-pinned');
  const bob = store.accounts.get(IDS.bob);
  if (bob && pinned) bob.pinnedStatusIds = [pinned];
  for (const seed of NOTIFICATIONS) {
    if (seed.since === '4.5' && !hasQuotes) continue;
    store.addNotification({
      accountId: DEMO_ACCOUNT_ID,
      type: seed.type,
      fromAccountId: seed.from,
      statusId: seed.status ? (ids.get(seed.status) ?? null) : null,
      createdAt: new Date(Date.parse(seed.at)).toISOString(),
      groupKey: groupKey(seed.type, seed.status ? (ids.get(seed.status) ?? null) : null),
    });
  }
}

/**
 * `Notification::Groups#set_group_key!` (app/models/concerns/notification/groups.rb):
 * favourites and boosts group per post, follows together, keyed by the hour bucket of a group's
 * first notification; a group spans at most 12 hours, and the seed's all fall within one span.
 */
function groupKey(type: NotificationRecord['type'], statusId: string | null): string | null {
  const bucket = Math.floor(Date.parse(NOTIFICATIONS[0]?.at ?? '2024-10-15T08:00:00Z') / 3_600_000);
  if (type === 'favourite' || type === 'reblog') return `${type}-${statusId}-${bucket}`;
  if (type === 'follow') return `follow-${bucket}`;
  return null;
}

/** A public post with nothing on it yet; `{@id}` in its content mentions that account. */
export function publicPost(id: string, accountId: string, createdAt: string, content: string): StatusRecord {
  return {
    id,
    accountId,
    createdAt,
    content,
    visibility: 'public',
    spoilerText: '',
    inReplyToId: null,
    reblogOfId: null,
    quoteOfId: null,
    mentionIds: [...content.matchAll(/\{@(\d+)\}/g)].map((match) => match[1] ?? ''),
    favouritesCount: 0,
    reblogsCount: 0,
  };
}
