/**
 * Captures the markup a Mastodon (or glitch-soc) web client build renders, as DOM fixtures.
 *
 *   npx tsx scripts/capture-mastodon-markup.ts <build-dir> <out-dir> [--screenshots <dir>]
 *   e.g. npx tsx scripts/capture-mastodon-markup.ts tests/fixtures/mastodon-web/glitch-4.6.5 \
 *          tests/fixtures/mastodon-web/captured/glitch-4.6.5
 *
 * <build-dir> holds `packs/` (with `.vite/manifest*.json`) and `public/`, like the builds in
 * tests/fixtures/mastodon-web. The script serves it on 127.0.0.1 with the page a signed-in user
 * gets and small fixed API answers, opens home, notifications, a remote profile, a thread, a
 * followers list and a hover card in headless Chromium, and writes each rendered document
 * (`<script>` elements removed) to <out-dir>/<page>.html. It fails when a request fails or the
 * page logs an error. The streaming WebSocket opens and stays silent.
 *
 * The page follows app/views/layouts/application.html.haml and app/views/shared/_web_app.html.haml
 * of Mastodon 4.5/4.6 and glitch-soc 4.6 (see tests/fixtures/mastodon-web/glitch-4.6.5/README.md);
 * the API answers carry the fields those clients read (app/serializers/rest/*).
 */
import { existsSync, mkdirSync, readFileSync, createReadStream, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from './chromium';

/** The server's own domain (initial state `meta.domain`); local accounts' acct has no domain. */
const LOCAL_DOMAIN = 'mastodon.example';
/**
 * Posts are dated three days before the time the browser's clock is set to, so relative times read
 * "3d" in every capture. The clock still runs: a frozen one stops the client's debounced requests.
 */
const POSTED_AT = Date.parse('2026-12-01T12:00:00.000Z');
const BROWSER_NOW = new Date(POSTED_AT + 3 * 24 * 3600 * 1000);

interface ManifestEntry {
  file: string;
  imports?: string[];
  css?: string[];
  integrity?: string;
}
type Manifest = Record<string, ManifestEntry>;

/** What differs between the builds the layout serves. */
interface Build {
  packsDir: string;
  publicDir: string;
  manifest: Manifest;
  /** Short entry names (`polyfills`, `themes/default`, `skins/glitch/default`) to manifest keys. */
  lookup: Record<string, string>;
  /** Static images by source name (`icons/favicon-16x16.png`), for the layout's favicon links. */
  assets: Manifest;
  /** glitch-soc's glitch flavour: entry points under flavours/glitch/entrypoints, a skin instead of a theme. */
  isGlitch: boolean;
  /** 4.6 and later: colour scheme attributes on <html> and the inline theme-selection script. */
  hasSchemeAttributes: boolean;
  version: string;
}

function loadBuild(dir: string): Build {
  const packsDir = path.join(dir, 'packs');
  const readJson = <T>(name: string): T => JSON.parse(readFileSync(path.join(packsDir, '.vite', name), 'utf8')) as T;
  if (!existsSync(path.join(packsDir, '.vite/manifest.json'))) throw new Error(`${dir} has no packs/.vite/manifest.json: not a Mastodon web client build.`);
  const manifest = readJson<Manifest>('manifest.json');
  const lookup = readJson<Record<string, string>>('manifest-lookup.json');
  const assets = readJson<Manifest>('manifest-assets.json');
  const isGlitch = 'flavours/glitch/entrypoints/application.ts' in manifest;
  const version = /\d+\.\d+\.\d+/.exec(path.basename(path.resolve(dir)))?.[0] ?? '4.6.5';
  return {
    packsDir,
    publicDir: path.join(dir, 'public'),
    manifest,
    lookup,
    assets,
    isGlitch,
    // 4.5 shipped light and dark as separate theme stylesheets; 4.6 has one and selects with attributes.
    hasSchemeAttributes: !('themes/mastodon-light' in lookup),
    version: isGlitch ? `${version}+glitch` : version,
  };
}

// ---------------------------------------------------------------------------------------------
// Accounts and posts. Remote accounts' profile URLs differ in shape from their acct on purpose:
// glitch-soc links post authors to `account.url`, so a fixture must show what real URLs look like.

interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  url: string;
  [field: string]: unknown;
}

function account(id: string, username: string, domain: string | null, displayName: string, url?: string): Account {
  const profileUrl = url ?? `https://${domain ?? LOCAL_DOMAIN}/@${username}`;
  return {
    id, username, acct: domain ? `${username}@${domain}` : username, display_name: displayName,
    locked: false, bot: false, discoverable: true, indexable: true, group: false,
    created_at: '2024-01-01T00:00:00.000Z', note: `<p>Bio of ${displayName}.</p>`, url: profileUrl, uri: profileUrl,
    avatar: '/avatars/original/missing.png', avatar_static: '/avatars/original/missing.png',
    header: '/headers/original/missing.png', header_static: '/headers/original/missing.png',
    followers_count: 12, following_count: 7, statuses_count: 3, last_status_at: '2026-12-01',
    hide_collections: false, noindex: false, emojis: [], roles: [], fields: [],
    // 4.6 additions (app/serializers/rest/account_serializer.rb); older clients ignore them.
    avatar_description: '', header_description: '', show_media: true, show_media_replies: true, show_featured: true,
    feature_approval: { automatic: [], manual: [], current_user: 'missing' },
  };
}

const ME = account('1', 'alice', null, 'Alice');
const BOB = account('2', 'bob', 'mastodon.social', 'Bob');
const THREADS = account('3', 'someone', 'threads.net', 'Someone on Threads', 'https://www.threads.net/@someone');
const CAROL = account('4', 'carol', null, 'Carol');
const DAVE = account('5', 'dave', 'example.org', 'Dave');
const ERIN = account('6', 'erin', 'pixelfed.social', 'Erin', 'https://pixelfed.social/erin');
const ACCOUNTS = [ME, BOB, THREADS, CAROL, DAVE, ERIN];

type Status = Record<string, unknown> & { id: string; account: Account };

const mentionOf = (a: Account) => ({ id: a.id, username: a.username, url: a.url, acct: a.acct });
/** Mention markup as Mastodon's server formats it (app/lib/text_formatter.rb). */
const mentionHtml = (a: Account) => `<span class="h-card" translate="no"><a href="${a.url}" class="u-url mention">@<span>${a.username}</span></a></span>`;

function status(id: string, author: Account, content: string, fields: Record<string, unknown> = {}): Status {
  const url = `${author.url}/${id}`;
  return {
    id, created_at: new Date(POSTED_AT - Number(id.slice(-2)) * 60_000).toISOString(),
    in_reply_to_id: null, in_reply_to_account_id: null, sensitive: false, spoiler_text: '', visibility: 'public',
    language: 'en', uri: url, url, replies_count: 0, reblogs_count: 0, favourites_count: 0, quotes_count: 0,
    edited_at: null, favourited: false, reblogged: false, muted: false, bookmarked: false, pinned: false,
    content, filtered: [], reblog: null, application: null, account: author, media_attachments: [], mentions: [],
    tags: [], emojis: [], card: null, poll: null, quote: null,
    quote_approval: { automatic: ['public'], manual: [], current_user: 'automatic' },
    // 4.6: without it the client fails while importing statuses.
    tagged_collections: [],
    ...fields,
  };
}

const BOB_POST = status('9002', BOB, `<p>Hello from Bob, ${mentionHtml(THREADS)} look at this.</p>`, { mentions: [mentionOf(THREADS)], replies_count: 2 });
const THREADS_POST = status('9003', THREADS, '<p>A post from Threads.</p>');
const CAROL_BOOST = status('9004', CAROL, '', { reblog: THREADS_POST });
const DAVE_QUOTE = status('9005', DAVE, '<p>Quoting Bob here.</p>', { quote: { state: 'accepted', quoted_status: BOB_POST } });
const MY_POST = status('9006', ME, '<p>My own post.</p>', { favourites_count: 2, reblogs_count: 1 });
const MY_REPLY = status('9007', ME, `<p>${mentionHtml(BOB)} replying to you.</p>`, { in_reply_to_id: BOB_POST.id, in_reply_to_account_id: BOB.id, mentions: [mentionOf(BOB)] });
const THREADS_REPLY = status('9008', THREADS, `<p>${mentionHtml(BOB)} a reply from Threads.</p>`, { in_reply_to_id: BOB_POST.id, in_reply_to_account_id: BOB.id, mentions: [mentionOf(BOB)] });
const BOB_MENTION = status('9009', BOB, `<p>${mentionHtml(ME)} a mention of Alice.</p>`, { mentions: [mentionOf(ME)] });
const HOME_TIMELINE = [DAVE_QUOTE, CAROL_BOOST, BOB_POST, MY_POST];
const STATUSES = new Map([BOB_POST, THREADS_POST, CAROL_BOOST, DAVE_QUOTE, MY_POST, MY_REPLY, THREADS_REPLY, BOB_MENTION].map((s) => [s.id, s]));

/** Grouped notifications (app/serializers/rest/notification_group_serializer.rb). */
function notificationGroups() {
  const group = (key: string, type: string, id: string, accounts: Account[], statusId?: string) => ({
    group_key: key, notifications_count: accounts.length, type, most_recent_notification_id: id, page_min_id: id, page_max_id: id,
    latest_page_notification_at: new Date(POSTED_AT - Number(id.slice(-1)) * 60_000).toISOString(),
    sample_account_ids: accounts.map((a) => a.id), ...(statusId ? { status_id: statusId } : {}),
  });
  return {
    accounts: [BOB, THREADS, CAROL, DAVE],
    statuses: [MY_POST, BOB_MENTION],
    notification_groups: [
      group('favourite-9006', 'favourite', '105', [THREADS, DAVE], MY_POST.id),
      group('ungrouped-104', 'mention', '104', [BOB], BOB_MENTION.id),
      group('reblog-9006', 'reblog', '103', [CAROL], MY_POST.id),
      group('follow-102', 'follow', '102', [THREADS]),
    ],
  };
}

function initialState(build: Build, origin: string) {
  const meta: Record<string, unknown> = {
    access_token: 'capture-token', me: ME.id, domain: LOCAL_DOMAIN, version: build.version, locale: 'en', title: 'Mastodon',
    streaming_api_base_url: origin.replace(/^http/, 'ws'), admin: null, activity_api_enabled: true, limited_federation_mode: false,
    mascot: null, profile_directory: true, registrations_open: false, search_enabled: true, single_user_mode: false,
    repository: build.isGlitch ? 'glitch-soc/mastodon' : 'mastodon/mastodon', source_url: 'https://github.com/mastodon/mastodon',
    sso_redirect: null, status_page_url: null, landing_page: 'trends', trends_enabled: true, terms_of_service_enabled: false,
    local_live_feed_access: 'public', remote_live_feed_access: 'public', local_topic_feed_access: 'public', remote_topic_feed_access: 'public',
    boost_modal: false, quick_boosting: false, delete_modal: true, missing_alt_text_modal: true, auto_play_gif: false,
    display_media: 'default', expand_spoilers: false, reduce_motion: false, disable_swiping: false, disable_hover_cards: false,
    advanced_layout: false, use_blurhash: true, use_pending_items: false, show_trends: true, emoji_style: 'auto', wrapstodon: null,
  };
  // glitch-soc's additions (app/serializers/initial_state_serializer.rb at glitch-soc 4.6.5).
  const glitch = build.isGlitch
    ? { max_feed_hashtags: 4, poll_limits: { max_options: 4, max_option_chars: 50, min_expiration: 300, max_expiration: 2_629_746 } }
    : {};
  if (build.isGlitch) Object.assign(meta, { favourite_modal: false, default_content_type: 'text/plain' });
  return {
    meta,
    compose: { me: ME.id, default_privacy: 'public', default_sensitive: false, default_language: 'en', default_quote_policy: 'public' },
    accounts: { [ME.id]: ME },
    media_attachments: { accept_content_types: ['.jpg', '.jpeg', '.png', 'image/jpeg', 'image/png'] },
    settings: {},
    languages: [['en', 'English', 'English']],
    features: [],
    push_subscription: null,
    role: { id: '-99', name: '', permissions: '65536', color: '', highlighted: false, collection_limit: 10 },
    ...glitch,
  };
}

function instance(build: Build, origin: string) {
  return {
    domain: LOCAL_DOMAIN, title: 'Mastodon', version: build.version, source_url: 'https://github.com/mastodon/mastodon',
    description: '', usage: { users: { active_month: 5 } }, thumbnail: { url: '/headers/original/missing.png' }, icon: [], languages: ['en'],
    configuration: {
      urls: { streaming: origin.replace(/^http/, 'ws'), status: null, about: `https://${LOCAL_DOMAIN}/about`, privacy_policy: null, terms_of_service: null },
      vapid: { public_key: '' },
      accounts: { max_featured_tags: 10, max_pinned_statuses: 5, max_display_name_length: 30, max_note_length: 500, max_profile_fields: 4 },
      statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23, supported_mime_types: ['text/plain', 'text/markdown', 'text/html'] },
      media_attachments: { supported_mime_types: ['image/jpeg', 'image/png'], description_limit: 1500, image_size_limit: 16_777_216, image_matrix_limit: 33_177_600, video_size_limit: 103_809_024, video_frame_rate_limit: 120, video_matrix_limit: 8_294_400 },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
      translation: { enabled: false },
      timelines_access: { live_feeds: { local: 'public', remote: 'public' }, hashtag_feeds: { local: 'public', remote: 'public' }, trending_link_feeds: { local: 'public', remote: 'public' } },
      limited_federation: false,
    },
    registrations: { enabled: false, approval_required: false, reason_required: false, message: null, min_age: null, url: null },
    // lib/mastodon/version.rb: 7 in 4.5, 11 in 4.6; glitch-soc adds its own.
    api_versions: build.isGlitch ? { mastodon: 11, glitch: 1 } : { mastodon: build.hasSchemeAttributes ? 11 : 7 },
    contact: { email: `admin@${LOCAL_DOMAIN}`, account: null },
    rules: [],
  };
}

const relationship = (id: string) => ({
  id, following: id === BOB.id, showing_reblogs: true, notifying: false, followed_by: false, blocking: false, blocked_by: false,
  muting: false, muting_notifications: false, requested: false, requested_by: false, domain_blocking: false, endorsed: false,
  languages: null, note: '',
});

const EMPTY_LISTS = new Set(['/api/v1/custom_emojis', '/api/v1/follow_requests', '/api/v1/lists', '/api/v1/followed_tags',
  '/api/v1/trends/tags', '/api/v1/announcements', '/api/v1/filters', '/api/v2/filters']);

/** The answer to an API GET, or undefined for a path this script does not know (answered 404, and the capture fails). */
function apiAnswer(build: Build, url: URL): unknown {
  const origin = url.origin;
  const p = url.pathname;
  const q = url.searchParams;
  const isNextPage = q.has('max_id');
  // Polls while streaming is down ask for newer items only; there are none.
  const isNewerPage = q.has('since_id') || q.has('min_id');
  let m: RegExpExecArray | null;
  if (EMPTY_LISTS.has(p)) return [];
  if (p === '/api/v1/timelines/home') return isNextPage || isNewerPage ? [] : HOME_TIMELINE;
  if (p === '/api/v2/notifications') {
    return isNextPage || isNewerPage ? { accounts: [], statuses: [], notification_groups: [] } : notificationGroups();
  }
  if (p === '/api/v2/notifications/policy') {
    return { for_not_following: 'accept', for_not_followers: 'accept', for_new_accounts: 'accept', for_private_mentions: 'accept',
      for_limited_accounts: 'filter', summary: { pending_requests_count: 0, pending_notifications_count: 0 } };
  }
  if (p === '/api/v1/markers' || p === '/api/v1/instance/translation_languages') return {};
  if (p === '/api/v2/instance') return instance(build, origin);
  if (p === '/api/v2/suggestions') return [{ source: 'global', sources: ['featured'], account: ERIN }];
  if (p === '/api/v1/accounts/lookup') return ACCOUNTS.find((a) => a.acct === q.get('acct'));
  if (p === '/api/v1/accounts/relationships') return q.getAll('id[]').map(relationship);
  if (p === '/api/v1/accounts/familiar_followers') {
    return [...q.getAll('id[]'), ...q.getAll('id')].map((id) => ({ id, accounts: id === THREADS.id ? [BOB] : [] }));
  }
  if ((m = /^\/api\/v1\/accounts\/(\d+)$/.exec(p))) return ACCOUNTS.find((a) => a.id === m![1]);
  if ((m = /^\/api\/v1\/accounts\/(\d+)\/statuses$/.exec(p))) {
    return q.get('pinned') === 'true' || isNextPage ? [] : [...STATUSES.values()].filter((s) => s.account.id === m![1]);
  }
  if ((m = /^\/api\/v1\/accounts\/\d+\/(followers|following)$/.exec(p))) return isNextPage ? [] : m[1] === 'followers' ? [BOB, CAROL, DAVE] : [BOB];
  if (/^\/api\/v1\/accounts\/\d+\/(featured_tags|endorsements|lists|collections|in_collections)$/.test(p)) return [];
  if ((m = /^\/api\/v1\/statuses\/(\d+)$/.exec(p))) return STATUSES.get(m[1]!);
  if ((m = /^\/api\/v1\/statuses\/(\d+)\/context$/.exec(p))) {
    return { ancestors: [], descendants: m[1] === BOB_POST.id ? [MY_REPLY, THREADS_REPLY] : [] };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The HTML page, resolving entries through the manifest as vite_ruby's tag helpers do
// (lib/vite_ruby/sri_extensions.rb): an entry's script, a modulepreload per static import, its CSS.

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const attributes = (attrs: Record<string, string | undefined>) =>
  Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeAttr(v!)}"`).join('');

function entry(build: Build, key: string): ManifestEntry {
  const found = build.manifest[build.lookup[key] ?? key];
  if (!found) throw new Error(`The build's manifest has no entry ${key}.`);
  return found;
}

function scriptTags(build: Build, key: string): string {
  const main = entry(build, key);
  const imports: ManifestEntry[] = [];
  const seen = new Set<string>();
  const collect = (e: ManifestEntry) => {
    for (const name of e.imports ?? []) {
      if (seen.has(name)) continue;
      seen.add(name);
      const imported = entry(build, name);
      collect(imported);
      imports.push(imported);
    }
  };
  collect(main);
  const css = new Set([main, ...imports].flatMap((e) => e.css ?? []));
  return [
    `<script${attributes({ src: `/packs/${main.file}`, crossorigin: 'anonymous', type: 'module', integrity: main.integrity })}></script>`,
    ...imports.map((i) => `<link${attributes({ rel: 'modulepreload', href: `/packs/${i.file}`, as: 'script', crossorigin: 'anonymous', integrity: i.integrity })}>`),
    ...[...css].map((file) => `<link${attributes({ rel: 'stylesheet', href: `/packs/${file}`, media: 'screen', crossorigin: 'anonymous' })}>`),
  ].join('\n');
}

function stylesheetTag(build: Build, key: string, attrs: Record<string, string | undefined> = {}): string {
  const e = entry(build, key);
  return `<link${attributes({ rel: 'stylesheet', href: `/packs/${e.file}`, media: 'all', crossorigin: 'anonymous', integrity: e.integrity, ...attrs })}>`;
}

/** app/javascript/inline/theme-selection.js (4.6), in short: resolves `auto` scheme and contrast. */
const THEME_SELECTION = `(function (el) {
  const { colorScheme, contrast } = el.dataset;
  const dark = colorScheme === 'auto' ? matchMedia('(prefers-color-scheme: dark)').matches : colorScheme === 'dark';
  el.dataset.colorScheme = dark ? 'dark' : 'light';
  el.dataset.contrast = contrast === 'high' || matchMedia('(prefers-contrast: more)').matches ? 'high' : 'default';
})(document.documentElement);`;

function renderPage(build: Build, url: URL): string {
  const requestPath = url.pathname;
  const state = JSON.stringify(initialState(build, url.origin)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  const entries = build.isGlitch ? 'flavours/glitch/entrypoints' : 'entrypoints';
  const html = build.hasSchemeAttributes
    ? { lang: 'en', class: 'custom-scrollbars no-reduce-motion', 'data-contrast': 'auto', 'data-color-scheme': 'auto',
        'data-user-flavour': build.isGlitch ? 'glitch' : undefined, 'data-system-theme': 'true' }
    : { lang: 'en' };
  const polyfills = entry(build, 'polyfills');
  const favicons = ['16x16', '32x32', '48x48'].map((size) => {
    const icon = build.assets[`icons/favicon-${size}.png`];
    return icon ? `<link rel="icon" sizes="${size}" href="/packs/${icon.file}" type="image/png">` : '';
  });
  return `<!DOCTYPE html>
<html${attributes(html)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
${favicons.join('\n')}
${build.hasSchemeAttributes ? `<script>${THEME_SELECTION}</script>` : ''}
<meta name="mobile-web-app-capable" content="yes">
<title>Mastodon</title>
${stylesheetTag(build, build.isGlitch ? 'skins/glitch/default' : 'themes/default')}
<script${attributes({ src: `/packs/${polyfills.file}`, type: 'module', crossorigin: 'anonymous', integrity: polyfills.integrity })}></script>
${stylesheetTag(build, 'styles/entrypoints/inert.scss', { id: 'inert-style', integrity: undefined })}
${scriptTags(build, `${entries}/common.ts`)}
<link rel="modulepreload" href="/packs/${entry(build, 'mastodon/locales/en.json').file}" as="script" crossorigin="anonymous">
<meta name="csrf-param" content="authenticity_token">
<meta name="csrf-token" content="capture-csrf-token">
<meta name="initialPath" content="${escapeAttr(requestPath)}">
<meta name="applicationServerKey" content="">
<script id="initial-state" type="application/json">${state}</script>
${scriptTags(build, `${entries}/application.ts`)}
</head>
<body class="${build.hasSchemeAttributes ? 'app-body' : 'app-body theme-default custom-scrollbars no-reduce-motion'}">
<div class="notranslate app-holder" id="mastodon" data-props="{&quot;locale&quot;:&quot;en&quot;}"></div>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.ogg': 'audio/ogg', '.mp3': 'audio/mpeg', '.txt': 'text/plain',
};

/**
 * Opens the streaming WebSocket and never sends on it. Refusing it would work too, but the client
 * then marks a gap at the top of its timelines when the refusal happens to come after the first
 * page loaded, so captures would differ from run to run. The client sends its access token as the
 * sub-protocol (app/javascript/mastodon/stream.js), which a handshake must echo (RFC 6455 4.2.2).
 */
function acceptQuietStream(req: http.IncomingMessage, socket: Duplex): void {
  const key = req.headers['sec-websocket-key'];
  const protocol = req.headers['sec-websocket-protocol']?.split(',')[0]?.trim();
  if (!key || !req.url?.startsWith('/api/v1/streaming')) {
    socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    return;
  }
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  const headers = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`];
  if (protocol) headers.push(`Sec-WebSocket-Protocol: ${protocol}`);
  socket.write(`${headers.join('\r\n')}\r\n\r\n`);
  // The client marks its timelines connected, then sends its first subscription (stream.js,
  // `subscribe`); frames are otherwise dropped. A tab closing resets the connection, which ends it here.
  openStreams.add(socket);
  socket.once('data', () => subscribedStreams.add(socket));
  socket.resume();
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    openStreams.delete(socket);
    subscribedStreams.delete(socket);
  });
}

const openStreams = new Set<Duplex>();
const subscribedStreams = new Set<Duplex>();

function closeStreams(): void {
  for (const stream of openStreams) stream.destroy();
  openStreams.clear();
  subscribedStreams.clear();
}

/** Timelines whose first page waits for the stream; see {@link waitForStream}. */
const FIRST_PAGES_AFTER_STREAM = new Set(['/api/v1/timelines/home', '/api/v2/notifications']);
const STREAM_WAIT_MS = 3000;

/**
 * Resolves once a streaming socket has a subscription, or after STREAM_WAIT_MS. A timeline that has loaded
 * before its stream connects gets a gap marker ("Load more") at the top when it connects
 * (reconnectTimeline in reducers/timelines.js; the same for notification groups), so without this
 * a capture would depend on which came first.
 */
async function waitForStream(): Promise<void> {
  const until = Date.now() + STREAM_WAIT_MS;
  while (subscribedStreams.size === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

function serve(build: Build): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    handle(build, req, res).catch((error: Error) => res.writeHead(500).end(error.message));
  });
  server.on('upgrade', (req, socket) => acceptQuietStream(req, socket));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function handle(build: Build, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const p = decodeURIComponent(url.pathname);
  const send = (code: number, type: string, body: string): void => void res.writeHead(code, { 'content-type': type }).end(body);
  const sendFile = (root: string, relative: string): void => {
    const file = path.join(root, relative);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return send(404, 'text/plain', 'not found');
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  };
  if (p.startsWith('/api/')) {
    if (FIRST_PAGES_AFTER_STREAM.has(p) && !/[?&](since_id|min_id|max_id)=/.test(url.search)) await waitForStream();
    const answer = apiAnswer(build, url);
    return answer === undefined ? send(404, 'application/json', '{"error":"Record not found"}') : send(200, 'application/json', JSON.stringify(answer));
  }
  if (p.startsWith('/packs/')) return sendFile(build.packsDir, p.slice('/packs/'.length));
  if (p === '/sw.js') return sendFile(build.packsDir, 'sw.js');
  if (/^\/(sounds|avatars|headers)\/|^\/oops\.png$/.test(p)) return sendFile(build.publicDir, p.slice(1));
  if (p === '/manifest.json') return send(200, 'application/json', '{"name":"Mastodon"}');
  if (path.extname(p) === '' || p.startsWith('/@')) return send(200, 'text/html; charset=utf-8', renderPage(build, url));
  return send(404, 'text/plain', 'not found');
}

interface Capture {
  name: string;
  path: string;
  /** Text that shows once the page has rendered what it is captured for. */
  waitFor: string;
  /** Hover a post author's name and wait for the hover card. */
  hover?: boolean;
}

const CAPTURES: Capture[] = [
  { name: 'home', path: '/home', waitFor: 'My own post.' },
  { name: 'notifications', path: '/notifications', waitFor: 'followed you' },
  { name: 'profile', path: `/@${THREADS.acct}`, waitFor: 'a reply from Threads.' },
  { name: 'thread', path: `/@${BOB.acct}/${BOB_POST.id}`, waitFor: 'a reply from Threads.' },
  { name: 'followers', path: `/@${THREADS.acct}/followers`, waitFor: DAVE.display_name },
  { name: 'hover-card', path: '/home', waitFor: 'My own post.', hover: true },
];

/** Fade-ins of the loading bar and the upload area take well under this. */
const SETTLE_MS = 1500;

async function hoverFirstAuthor(page: Page): Promise<void> {
  // The hover card opens only after real mouse movement over an element with data-hover-card-account
  // (components/hover_card_controller.tsx), so the pointer travels onto the name in steps.
  const box = await page.locator('.status__display-name[data-hover-card-account]').first().boundingBox();
  if (box === null) throw new Error('No post author to hover.');
  // From just below the name, inside the same post, so that no other account link is crossed.
  const x = box.x + box.width / 2;
  await page.mouse.move(x, box.y + box.height + 8);
  await page.mouse.move(x, box.y + box.height / 2, { steps: 8 });
  await page.locator('.hover-card').waitFor({ timeout: 10_000 });
}

/**
 * The rendered document without scripts, and a comment saying where it came from. The client
 * writes some URLs absolute (Vite's preload links); they get the instance's origin instead of this
 * run's port, so that captures do not change from run to run.
 */
async function serializeDocument(page: Page, base: string, source: string, capture: Capture): Promise<string> {
  const rendered = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const script of copy.querySelectorAll('script')) script.remove();
    return copy.outerHTML;
  });
  const html = rendered.split(base).join(`https://${LOCAL_DOMAIN}`);
  return `<!DOCTYPE html>\n<!-- Rendered by ${source} at ${capture.path} (meta.domain "${LOCAL_DOMAIN}"), captured by scripts/capture-mastodon-markup.ts -->\n${html}\n`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const shotsAt = args.indexOf('--screenshots');
  const screenshotDir = shotsAt >= 0 ? args.splice(shotsAt, 2)[1] : undefined;
  const [buildDir, outDir] = args;
  if (!buildDir || !outDir) throw new Error('Usage: npx tsx scripts/capture-mastodon-markup.ts <build-dir> <out-dir> [--screenshots <dir>]');
  const build = loadBuild(buildDir);
  const server = await serve(build);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  const problems: string[] = [];
  mkdirSync(outDir, { recursive: true });
  if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
  try {
    for (const capture of CAPTURES) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
      await context.clock.setSystemTime(BROWSER_NOW);
      const page = await context.newPage();
      const report = (line: string) => problems.push(`${capture.name}: ${line}`);
      page.on('console', (message) => { if (message.type() === 'error') report(`console error: ${message.text()} ${message.location().url}`); });
      page.on('pageerror', (error) => report(`page error: ${error.message}`));
      page.on('requestfailed', (request) => report(`request failed: ${request.url()} (${request.failure()?.errorText})`));
      page.on('response', (response) => { if (response.status() >= 400) report(`HTTP ${response.status()} for ${response.url()}`); });
      await page.goto(base + capture.path);
      await page.getByText(capture.waitFor).first().waitFor({ timeout: 20_000 });
      if (capture.hover) await hoverFirstAuthor(page);
      // Images and lazily loaded parts (avatars, relationship buttons) load, and animations end.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(SETTLE_MS);
      writeFileSync(path.join(outDir, `${capture.name}.html`), await serializeDocument(page, base, path.basename(path.resolve(buildDir)), capture));
      if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, `${capture.name}.png`) });
      await context.close();
      // The next page must not find this page's stream still subscribed (the browser waits for a
      // closing handshake this server never sends, so the connection would stay).
      closeStreams();
      console.log(`${capture.name}: ${capture.path}`);
    }
  } finally {
    await browser.close();
    closeStreams();
    server.close();
  }
  if (problems.length > 0) throw new Error(`The client reported problems:\n${problems.join('\n')}`);
}

await main();
