import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { isAtLeast, VERSION_TEXT, type Handler, type MastodonVersion, type RequestContext } from './context.ts';
import { serializeAccount } from './entities.ts';
import { escapeHtml, html, type Reply } from './http-kit.ts';
import { DEMO_ACCOUNT_ID, LOCAL_DOMAIN } from './seed.ts';
import type { FakeStore } from './store.ts';

/**
 * Mastodon's own web client, served as a Mastodon server serves it, from the production builds in
 * tests/fixtures/mastodon-web (4.5.15 and 4.6.5; tests/fixtures/mastodon-web/SERVING.md). The
 * page is what Rails renders for every web-app path (`HomeController#index` with
 * app/views/layouts/application.html.haml and app/views/shared/_web_app.html.haml): the theme,
 * polyfills, `common` and `application` entries resolved through the Vite manifest as
 * `vite_javascript_tag` emits them (lib/vite_ruby/sri_extensions.rb), and the initial state of
 * `InitialStateSerializer`, with the signed-in demo user's access token in `meta.access_token`
 * as a real server puts the session's token there.
 */

const WEB_FIXTURES = new URL('../fixtures/mastodon-web/', import.meta.url);

/** The build served for each version that has one; 4.2 to 4.4 keep the hand-drawn pages (web-pages.ts). */
const BUILDS: Partial<Record<MastodonVersion, string>> = { '4.5': 'v4.5.15', '4.6': 'v4.6.5' };

/** Whether the fake serves Mastodon's own web client for this version. */
export function servesRealClient(version: MastodonVersion): boolean {
  return BUILDS[version] !== undefined;
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  integrity?: string;
}

interface Build {
  root: URL;
  manifest: Record<string, ManifestChunk>;
  lookup: Record<string, string>;
  assets: Record<string, { file: string; integrity?: string }>;
}

const builds = new Map<string, Build>();

function loadBuild(version: MastodonVersion): Build {
  const folder = BUILDS[version];
  if (!folder) throw new Error(`No web client build for Mastodon ${version}.`);
  let build = builds.get(folder);
  if (!build) {
    const root = new URL(`${folder}/`, WEB_FIXTURES);
    const read = (name: string) => JSON.parse(readFileSync(new URL(`packs/.vite/${name}`, root), 'utf8')) as unknown;
    build = {
      root,
      manifest: read('manifest.json') as Build['manifest'],
      lookup: read('manifest-lookup.json') as Build['lookup'],
      assets: read('manifest-assets.json') as Build['assets'],
    };
    builds.set(folder, build);
  }
  return build;
}

/** A manifest entry by its short name (`manifest-lookup.json`) or its source name. */
function entry(build: Build, name: string): ManifestChunk {
  const chunk = build.manifest[build.lookup[name] ?? name];
  if (!chunk) throw new Error(`The web client's manifest has no entry ${name}.`);
  return chunk;
}

function integrity(chunk: { integrity?: string }): string {
  return chunk.integrity ? ` integrity="${chunk.integrity}"` : '';
}

/**
 * `vite_javascript_tag`: the entry's module script, a `modulepreload` for each chunk it imports
 * (recursively), and the stylesheets of the entry and of those chunks.
 */
function javascriptTags(build: Build, name: string): string {
  const main = entry(build, name);
  const imports: ManifestChunk[] = [];
  const seen = new Set<string>();
  const visit = (chunk: ManifestChunk) => {
    for (const key of chunk.imports ?? []) {
      if (seen.has(key)) continue;
      seen.add(key);
      const imported = build.manifest[key];
      if (!imported) continue;
      imports.push(imported);
      visit(imported);
    }
  };
  visit(main);
  const css = [...new Set([main, ...imports].flatMap((chunk) => chunk.css ?? []))];
  return [
    `<script type="module" crossorigin="anonymous"${integrity(main)} src="/packs/${main.file}"></script>`,
    ...imports.map((chunk) => `<link rel="modulepreload" as="script" crossorigin="anonymous"${integrity(chunk)} href="/packs/${chunk.file}">`),
    ...css.map((file) => `<link rel="stylesheet" media="screen" crossorigin="anonymous" href="/packs/${file}">`),
  ].join('\n');
}

function stylesheetTag(build: Build, name: string, attributes: string): string {
  const chunk = entry(build, name);
  return `<link rel="stylesheet" ${attributes} crossorigin="anonymous"${integrity(chunk)} href="/packs/${chunk.file}">`;
}

function assetPath(build: Build, name: string): string {
  const asset = build.assets[name];
  if (!asset) throw new Error(`The web client's assets have no ${name}.`);
  return `/packs/${asset.file}`;
}

function assetText(build: Build, name: string): string {
  return readFileSync(new URL(assetPath(build, name).slice(1), build.root), 'utf8');
}

/** `SiteUpload::FAVICON_SIZES` and `APPLE_ICON_SIZES`. */
const FAVICON_SIZES = [16, 32, 48];
const APPLE_ICON_SIZES = [57, 60, 72, 76, 114, 120, 144, 152, 167, 180, 1024];

/** `InitialStateSerializer` for the signed-in demo user (the fields listed in SERVING.md). */
function initialState(ctx: RequestContext, token: string): Record<string, unknown> {
  const demo = ctx.store.accounts.get(DEMO_ACCOUNT_ID);
  const is46 = isAtLeast(ctx.config, '4.6');
  return {
    meta: {
      access_token: token,
      activity_api_enabled: true,
      admin: null,
      domain: LOCAL_DOMAIN,
      limited_federation_mode: false,
      locale: 'en',
      mascot: null,
      profile_directory: true,
      registrations_open: false,
      repository: 'mastodon/mastodon',
      search_enabled: false,
      single_user_mode: false,
      source_url: 'https://github.com/mastodon/mastodon',
      sso_redirect: null,
      status_page_url: null,
      streaming_api_base_url: ctx.baseUrl.replace(/^http/, 'ws'),
      title: 'Social Example',
      landing_page: 'trends',
      trends_enabled: false,
      version: VERSION_TEXT[ctx.config.version],
      terms_of_service_enabled: false,
      local_live_feed_access: 'public',
      remote_live_feed_access: 'public',
      local_topic_feed_access: 'public',
      remote_topic_feed_access: 'public',
      me: DEMO_ACCOUNT_ID,
      boost_modal: false,
      quick_boosting: false,
      delete_modal: true,
      missing_alt_text_modal: true,
      auto_play_gif: false,
      display_media: 'default',
      expand_spoilers: false,
      reduce_motion: false,
      disable_swiping: false,
      disable_hover_cards: false,
      // The multi-column layout: compose, home and notifications side by side, as in the DOM fixtures.
      advanced_layout: true,
      use_blurhash: true,
      use_pending_items: false,
      show_trends: false,
      emoji_style: 'auto',
      ...(is46 ? { wrapstodon: null } : {}),
    },
    compose: { me: DEMO_ACCOUNT_ID, default_privacy: 'public', default_sensitive: false, default_language: 'en', default_quote_policy: 'public' },
    accounts: demo ? { [DEMO_ACCOUNT_ID]: serializeAccount(ctx, demo) } : {},
    media_attachments: {
      accept_content_types: ['.jpg', '.jpeg', '.png', '.gif', '.webp', '.heic', '.heif', '.avif', '.mp4', '.m4v', '.mov', '.webm', '.mp3', '.ogg', '.wav', '.flac', '.opus', '.aac', '.m4a', '.3gp', '.wma',
        'image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif', 'video/webm', 'video/mp4', 'video/quicktime', 'video/ogg', 'audio/wave', 'audio/wav', 'audio/x-wav', 'audio/x-pn-wave', 'audio/vnd.wave', 'audio/ogg', 'audio/vorbis', 'audio/mpeg', 'audio/mp3', 'audio/webm', 'audio/flac', 'audio/aac', 'audio/m4a', 'audio/x-m4a', 'audio/mp4', 'audio/3gpp', 'video/x-ms-asf'],
    },
    // The demo user has pressed "Got it" on the hint about removing quotes of their posts, which
    // would otherwise cover the notifications column (settings `dismissed_banners`).
    settings: { dismissed_banners: { 'notifications/remove_quote_hint': true } },
    languages: [['en', 'English', 'English']],
    features: [],
    push_subscription: null,
    // The implicit "everyone" role (`UserRole::EVERYONE_ROLE_ID`).
    role: { id: '-99', name: '', permissions: '65536', color: '', highlighted: false, ...(is46 ? { collection_limit: 10 } : {}) },
  };
}

/** `ApplicationHelper#render_initial_state`: JSON with `<`, `>` and `&` escaped (`json_escape`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The HTML page of every web-app path, for the signed-in demo user. */
export function renderClientPage(ctx: RequestContext): string {
  const build = loadBuild(ctx.config.version);
  const is46 = isAtLeast(ctx.config, '4.6');
  // The web session's token: Mastodon signs the browser in with a token of its own "Web" app.
  const token = ctx.store.webSessionToken ?? '';
  const path = ctx.url.pathname;
  const htmlAttributes = is46
    ? ' lang="en" class="custom-scrollbars no-reduce-motion" data-contrast="auto" data-color-scheme="auto" data-system-theme="true"'
    : ' lang="en"';
  const favicons = FAVICON_SIZES.map((size) => `<link rel="icon" sizes="${size}x${size}" href="${assetPath(build, `icons/favicon-${size}x${size}.png`)}" type="image/png">`);
  const appleIcons = APPLE_ICON_SIZES.map((size) => `<link rel="apple-touch-icon" sizes="${size}x${size}" href="${assetPath(build, `icons/apple-touch-icon-${size}x${size}.png`)}">`);
  const themeSelection = is46 ? `<script type="text/javascript">${readFileSync(new URL(`packs/${entry(build, 'theme-selection').file}`, build.root), 'utf8')}</script>` : '';
  const themeColors = '<meta name="theme-color" content="#181820" media="(prefers-color-scheme: dark)">\n<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">';
  // 4.5 has a stylesheet per theme ("system" emits both); 4.6 one, with the scheme on <html>.
  const theme = is46
    ? stylesheetTag(build, 'themes/default', 'media="all"')
    : [stylesheetTag(build, 'themes/mastodon-light', 'media="not all and (prefers-color-scheme: dark)"'), stylesheetTag(build, 'themes/default', 'media="(prefers-color-scheme: dark)"')].join('\n');
  const polyfills = entry(build, 'polyfills');
  const locale = build.manifest['mastodon/locales/en.json'];
  const bodyClass = is46 ? 'app-body' : 'app-body theme-system custom-scrollbars no-reduce-motion';
  return `<!DOCTYPE html>
<html${htmlAttributes}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
${favicons.join('\n')}
${appleIcons.join('\n')}
<link rel="mask-icon" href="${assetPath(build, 'images/logo-symbol-icon.svg')}" color="#6364FF">
<link rel="manifest" href="/manifest.json">
${themeSelection}
${themeColors}
<meta name="mobile-web-app-capable" content="yes">
<title>Social Example</title>
${theme}
<script type="module" crossorigin="anonymous"${integrity(polyfills)} src="/packs/${polyfills.file}"></script>
<link rel="stylesheet" media="all" id="inert-style" crossorigin="anonymous" href="/packs/${entry(build, 'inert').file}">
${javascriptTags(build, 'common')}
${locale ? `<link rel="modulepreload" as="script" crossorigin="anonymous"${integrity(locale)} href="/packs/${locale.file}">` : ''}
<meta name="csrf-param" content="authenticity_token">
<meta name="csrf-token" content="${createHash('sha256').update(`csrf:${token}`).digest('base64url')}">
<meta name="initialPath" content="${escapeHtml(path)}">
<meta name="applicationServerKey" content="">
<script id="initial-state" type="application/json">${scriptJson(initialState(ctx, token))}</script>
${javascriptTags(build, 'application')}
</head>
<body class="${bodyClass}">
<div class="notranslate app-holder" id="mastodon" data-props="${escapeHtml(JSON.stringify({ locale: 'en' }))}">
<noscript>
<img alt="Mastodon" src="${assetPath(build, 'images/logo.svg')}">
<div>To use the Mastodon web application, please enable JavaScript. Alternatively, try one of the <a href="https://joinmastodon.org/apps">native apps</a> for Mastodon for your platform.</div>
</noscript>
</div>
<div class="logo-resources" tabindex="-1" inert aria-hidden="true">
${assetText(build, 'images/logo-symbol-icon.svg')}
${assetText(build, 'images/logo-symbol-wordmark.svg')}
</div>
</body>
</html>
`;
}

/** `/@user` paths of a local account that does not exist are 404, as `AccountControllerConcern` answers. */
const LOCAL_ACCOUNT_PATH = /^\/@([^/@]+)(?:\/|$)/;

/** `GET` of a web-app path: the client's page, or Rails' 404 page for an unknown local account. */
export const showClientPage: Handler = (ctx): Reply => {
  const local = LOCAL_ACCOUNT_PATH.exec(ctx.url.pathname)?.[1];
  if (local !== undefined && !ctx.store.findByAcct(decodeURIComponent(local))) {
    return html(404, '<!DOCTYPE html><html><head><meta charset="utf-8"><title>The page you are looking for isn\'t here. - Social Example</title></head><body><h1>The page you are looking for isn\'t here.</h1></body></html>');
  }
  return html(200, renderClientPage(ctx), { 'Cache-Control': 'private, no-store', Vary: 'Accept, Accept-Language, Cookie' });
};

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
  txt: 'text/plain; charset=utf-8',
  ts: 'text/plain; charset=utf-8',
};

/** A file of the build's folder, or undefined when there is none (never outside the folder). */
function buildFile(ctx: RequestContext, relative: string): Reply | undefined {
  const build = loadBuild(ctx.config.version);
  if (relative.split('/').some((part) => part === '..' || part === '' || part.startsWith('.'))) return undefined;
  const file = new URL(relative, build.root);
  const path = fileURLToPath(file);
  if (!path.startsWith(fileURLToPath(build.root)) || !existsSync(path) || !statSync(path).isFile()) return undefined;
  const extension = relative.slice(relative.lastIndexOf('.') + 1);
  return { status: 200, body: readFileSync(path), contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream' };
}

/** `GET /packs/…`: Vite's output, cached for a year as Mastodon's nginx configuration does for `/packs`. */
export const showPack: Handler = (ctx) => {
  const relative = decodeURIComponent(ctx.url.pathname).slice(1);
  const reply = buildFile(ctx, relative);
  if (!reply) return { status: 404, body: 'Not Found', contentType: 'text/plain; charset=utf-8' };
  return { ...reply, headers: { 'Cache-Control': 'public, max-age=31536000, immutable' } };
};

/** `/sounds/…`, `/avatars/original/missing.png`, `/headers/original/missing.png`, `/oops.png`: Mastodon's public/. */
export const showPublicFile: Handler = (ctx) => {
  const reply = buildFile(ctx, `public${decodeURIComponent(ctx.url.pathname)}`);
  return reply ?? { status: 404, body: 'Not Found', contentType: 'text/plain; charset=utf-8' };
};

/** `GET /sw.js`: public/sw.js, a link to packs/sw.js. */
export const showServiceWorker: Handler = (ctx) => buildFile(ctx, 'packs/sw.js') ?? { status: 404, body: 'Not Found', contentType: 'text/plain' };

/** `GET /manifest.json` (`ManifestsController`, `ManifestSerializer`): the web-app manifest. */
export const showWebManifest: Handler = (ctx) => {
  const build = loadBuild(ctx.config.version);
  const icons = [36, 48, 72, 96, 144, 192, 256, 384, 512].map((size) => ({
    src: assetPath(build, `icons/android-chrome-${size}x${size}.png`),
    sizes: `${size}x${size}`,
    type: 'image/png',
    purpose: 'any maskable',
  }));
  return {
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: {
      id: '/home',
      name: 'Social Example',
      short_name: 'Social Example',
      icons,
      theme_color: '#191b22',
      background_color: '#191b22',
      display: 'standalone',
      start_url: '/home',
      scope: '/',
    },
  };
};

/**
 * The streaming API's WebSocket (`/api/v1/streaming`, streaming/index.js): the client sends the
 * access token as the sub-protocol (app/javascript/mastodon/stream.js). The demo has nothing to
 * stream, so an accepted socket stays quiet; a bad token is refused with 401 as the streaming
 * server does. Without a socket the client would fall back to polling every 20 to 40 seconds.
 */
export function acceptStreaming(req: IncomingMessage, socket: Duplex, store: FakeStore, sockets: Set<Duplex>): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const protocol = String(req.headers['sec-websocket-protocol'] ?? '').split(',')[0]?.trim() ?? '';
  const token = protocol || url.searchParams.get('access_token') || '';
  const key = req.headers['sec-websocket-key'];
  if (!url.pathname.startsWith('/api/v1/streaming') || typeof key !== 'string') {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  if (!store.activeToken(token)) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n${protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : ''}\r\n`,
  );
  sockets.add(socket);
  socket.on('data', (data: Buffer) => {
    // Opcode 0x8 is a close frame: answer it with an empty close and end.
    if (data[0] === 0x88) socket.end(Buffer.from([0x88, 0x00]));
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => sockets.delete(socket));
}

/** Web-app paths (config/routes/web_app.rb and the `/@…` routes of config/routes.rb). */
export function isClientPath(path: string): boolean {
  if (path === '/' || path.startsWith('/@')) return true;
  const first = path.split('/')[1] ?? '';
  return [
    'home', 'notifications', 'notifications_v2', 'explore', 'search', 'public', 'conversations', 'bookmarks', 'favourites', 'lists',
    'directory', 'blocks', 'mutes', 'domain_blocks', 'follow_requests', 'followed_tags', 'getting-started', 'keyboard-shortcuts',
    'pinned', 'publish', 'start', 'statuses', 'deck', 'links', 'profile', 'collections', 'about', 'privacy-policy',
  ].includes(first);
}
