/**
 * The local Mastodon playing Akkoma or GoToSocial on the surfaces Hedge touches, as their sources
 * answer (docs/other-servers.md names the files and commits). Everything not listed here is
 * answered as Mastodon 4.2 answers it: both servers implement those Mastodon API calls alike
 * (apps, the OAuth paths, verify_credentials, follows and followers).
 */
import { authorize, isReply, type RequestContext } from './context.ts';
import { json, param, type Reply } from './http-kit.ts';
import { LOCAL_DOMAIN } from './seed.ts';

/** What the fake plays: Mastodon (default), Akkoma, Pleroma (Akkoma's parent, answering alike) or GoToSocial. */
export type ServerSoftware = 'mastodon' | 'akkoma' | 'pleroma' | 'gotosocial';

/** lib/pleroma/web/mastodon_api/views/instance_view.ex: `"#{@mastodon_api_level} (compatible; #{named_version})"`. */
export const AKKOMA_VERSION_TEXT = '2.7.2 (compatible; Akkoma 3.15.2)';
export const PLEROMA_VERSION_TEXT = '2.7.2 (compatible; Pleroma 2.7.0)';
/** internal/typeutils/internaltofrontend.go: the software version as built, without an injected Mastodon version. */
export const GOTOSOCIAL_VERSION_TEXT = '0.20.0';
const GOTOSOCIAL_SOURCE_URL = 'https://codeberg.org/superseriousbusiness/gotosocial';

/** lib/pleroma/web/fallback/redirect_controller.ex `api_not_implemented`, for any unknown `/api` path. */
const AKKOMA_NOT_IMPLEMENTED = json(404, { error: 'Not implemented' });
/** GoToSocial's NoRoute handler (cmd/gotosocial/action/server/server.go) through apiutil.ErrorHandler. */
const GOTOSOCIAL_NOT_FOUND = json(404, { error: 'Not Found' });

/** Akkoma's default front end (akkoma-fe, a Pleroma-FE fork): one empty page its script fills. */
export const AKKOMA_FRONT_END_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Social Example</title></head>
<body class="hidden"><noscript>To use Akkoma, please enable JavaScript.</noscript><div id="app"></div><div id="modal"></div></body></html>
`;

/** The accounts of the thread GoToSocial's page shows: the server's own author, then replies from other servers. */
export const GOTOSOCIAL_THREAD = [
  { acct: 'demo', name: 'Demo', url: '/@demo', text: 'Hello from GoToSocial.' },
  { acct: 'zuck@threads.net', name: 'Zuck', url: 'https://threads.net/@zuck', text: 'A reply from Threads.' },
  { acct: 'carol@noisy.social', name: 'Carol', url: 'https://noisy.social/@carol', text: 'A reply from a server the user limits.' },
  { acct: 'dave@friendly.social', name: 'Dave', url: 'https://friendly.social/@dave', text: 'A reply from a friendly server.' },
] as const;

/** A grey square for every avatar: the page loads nothing else. */
const AVATAR = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" rx="6" fill="#8a8a8a"/></svg>');

/** A few rules of the local server's own, so that the page reads like a thread; not GoToSocial's stylesheet. */
const PAGE_STYLE = [
  'body{font-family:sans-serif;max-width:40rem;margin:1rem auto;background:#fafafa;color:#222}',
  'address{font-style:normal}',
  '.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}',
  'article.status{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.75rem;margin:.5rem 0}',
  '.status-header a{display:flex;gap:.5rem;align-items:center;color:inherit;text-decoration:none}',
  '.author-strap{display:flex;flex-direction:column}.username{color:#666;font-size:.9em}',
  '.status-info{color:#666;font-size:.8em}.status-info dl{margin:0}.status-info dd{margin:0}',
  '@media (prefers-color-scheme: dark){body{background:#1f2230;color:#e8e8ee}article.status{background:#2a2e3f;border-color:#444a60}a{color:#9db4ff}.username,.status-info{color:#b4b8c8}}',
].join('');

/**
 * GoToSocial's own thread page (web/template/thread.tmpl, status.tmpl, status_header.tmpl at
 * commit 57cb4fe): plain HTML, not Mastodon's web client. Each post is an `article.status` whose
 * header holds the author's `address.h-card` link with the acct in `.p-nickname`.
 */
export function gotosocialPage(): string {
  const post = (author: (typeof GOTOSOCIAL_THREAD)[number], index: number): string => `<article class="status${index === 0 ? ' expanded' : ' indent-1'}" id="01J${index}" role="region" aria-label="${author.name}, ${author.text}">
<header class="status-header">
<address class="p-author h-card">
<a href="${author.url}" rel="author${index === 0 ? '' : ' nofollow noreferrer noopener'}"${index === 0 ? '' : ' target="_blank"'} title="Open profile" class="u-url u-uid">
<picture class="avatar" aria-hidden="true"><img src="${AVATAR}" alt="Avatar for ${author.acct.split('@')[0]}" class="u-photo" width="40" height="40"></picture>
<div class="author-strap"><span class="displayname text-cutoff p-name">${author.name}</span><span class="sr-only">,</span><span class="username text-cutoff p-nickname">@${author.acct}</span></div>
<span class="sr-only">(open profile)</span>
</a>
</address>
</header>
<div class="status-body"><div class="text"><div class="content e-content" lang="en"><p>${author.text}</p></div></div></div>
<aside class="status-info"><dl class="status-stats"><div class="stats-item published-at"><dt class="sr-only">Published</dt><dd><time datetime="2026-12-01T10:0${index}:00Z">Dec 01, 2026, 10:0${index}</time></dd></div></dl></aside>
</article>`;
  const [main, ...replies] = GOTOSOCIAL_THREAD.map(post);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo: "Hello from GoToSocial." - GoToSocial</title>
<style>${PAGE_STYLE}</style></head>
<body class="page thread-page">
<header class="page-header"><a href="/" class="nounderline header"><h1>Social Example</h1></a></header>
<div class="page-content"><main class="thread-wrapper" data-nosnippet>
<section class="thread thread-main" aria-labelledby="thread-summary"><div class="col-header"><h2 id="thread-summary">Single post</h2><a href="#replies">jump to replies</a></div>
${main}
</section>
<section class="thread thread-replies" aria-labelledby="replies" open><div class="col-header replies"><h2 id="replies">${replies.length} replies</h2><a href="#thread-summary">back to top</a></div>
${replies.join('\n')}
</section>
</main></div>
<footer class="page-footer"><nav><ul class="nodot"><li id="version"><a href="${GOTOSOCIAL_SOURCE_URL}" class="nounderline" rel="nofollow noreferrer noopener" target="_blank">Source - GoToSocial ${GOTOSOCIAL_VERSION_TEXT}</a></li></ul></nav></footer>
</body></html>
`;
}

/** The answer of the server the fake plays, or undefined where it answers as Mastodon 4.2. */
export function otherServerReply(ctx: RequestContext, method: string, path: string): Reply | undefined {
  if (ctx.config.software === 'akkoma' || ctx.config.software === 'pleroma') return akkomaReply(ctx, method, path);
  if (ctx.config.software === 'gotosocial') return gotosocialReply(ctx, method, path);
  return undefined;
}

/**
 * Akkoma and Pleroma (lib/pleroma/web/router.ex): no `/api/v2/instance`, no
 * `/api/v1/instance/domain_blocks`, no block preview; personal domain blocks are one list on the
 * user, read whole.
 */
function akkomaReply(ctx: RequestContext, method: string, path: string): Reply | undefined {
  if (method === 'GET' && path === '/api/v1/instance') return json(200, akkomaInstance(ctx));
  if (path === '/api/v1/domain_blocks') {
    if (method === 'GET') return listAkkomaBlocks(ctx);
    if (method === 'POST' || method === 'DELETE') return changeAkkomaBlocks(ctx, method);
  }
  if (path.startsWith('/api/')) {
    const known = /^\/api\/v1\/(apps|accounts\/|instance$)/.test(path);
    return known ? undefined : AKKOMA_NOT_IMPLEMENTED;
  }
  if (method !== 'GET' || path.startsWith('/oauth/') || path.startsWith('/system/') || path.startsWith('/lists/')) return undefined;
  // `get("/*path", RedirectController, :redirector_with_preload)`: any other page, the discovery
  // document's path included, is the front end's index.html with 200.
  return { status: 200, body: AKKOMA_FRONT_END_PAGE, contentType: 'text/html; charset=utf-8' };
}

function akkomaInstance(ctx: RequestContext): Record<string, unknown> {
  const isPleroma = ctx.config.software === 'pleroma';
  return {
    // Akkoma: `WebFinger.Schema.domain()`; Pleroma 2.2: `Pleroma.Web.base_url()`, a full URL.
    uri: isPleroma ? `https://${LOCAL_DOMAIN}` : LOCAL_DOMAIN,
    title: 'Social Example',
    description: 'A local Akkoma for trying Hedge.',
    short_description: 'A local Akkoma for trying Hedge.',
    version: isPleroma ? PLEROMA_VERSION_TEXT : AKKOMA_VERSION_TEXT,
    email: `admin@${LOCAL_DOMAIN}`,
    urls: { streaming_api: ctx.baseUrl.replace(/^http/, 'ws') },
    stats: { user_count: 3, status_count: 126, domain_count: 9 },
    languages: ['en'],
    registrations: false,
    approval_required: false,
    max_toot_chars: 5000,
    pleroma: {
      metadata: {
        features: ['pleroma_api', ...(isPleroma ? [] : ['akkoma_api']), 'mastodon_api', 'mastodon_api_streaming', 'polls'],
        federation: akkomaFederation(ctx),
      },
    },
  };
}

/**
 * `InstanceView.federation`: with `mrf.transparency` (here: `instanceBlocksVisibility` other than
 * `'hidden'`), SimplePolicy's lists and reasons. The server's suspensions are `reject`, its limits
 * `federated_timeline_removal`.
 */
function akkomaFederation(ctx: RequestContext): Record<string, unknown> {
  if (ctx.config.instanceBlocksVisibility === 'hidden') return { enabled: true };
  const of = (severity: 'suspend' | 'silence') => ctx.store.serverBlocks.filter((block) => block.severity === severity);
  const reasons = (severity: 'suspend' | 'silence') =>
    Object.fromEntries(of(severity).flatMap((block) => (block.publicComment ? [[block.domain, { reason: block.publicComment }]] : [])));
  return {
    enabled: true,
    mrf_policies: ['SimplePolicy'],
    exclusions: false,
    mrf_simple: {
      reject: of('suspend').map((block) => block.domain),
      federated_timeline_removal: of('silence').map((block) => block.domain),
      media_removal: [],
      accept: [],
    },
    mrf_simple_info: { reject: reasons('suspend'), federated_timeline_removal: reasons('silence') },
    quarantined_instances: [],
  };
}

/** DomainBlockController.index: `json(conn, user.domain_blocks)`, every block, no `Link`. */
function listAkkomaBlocks(ctx: RequestContext): Reply {
  const token = authorize(ctx, ['follow', 'read', 'read:blocks']);
  if (isReply(token)) return token;
  return json(200, ctx.store.blocksOf(token.accountId ?? '').map((b) => b.domain));
}

/**
 * DomainBlockController.create / delete: `User.block_domain` prepends the domain as sent,
 * `unblock_domain` deletes that exact string; both answer `{}`. Follows and followers stay
 * (lib/pleroma/user.ex): nothing is queued after the block.
 */
function changeAkkomaBlocks(ctx: RequestContext, method: 'POST' | 'DELETE'): Reply {
  const token = authorize(ctx, ['follow', 'write', 'write:blocks']);
  if (isReply(token)) return token;
  const domain = param(ctx.params, 'domain') ?? '';
  if (method === 'POST') ctx.store.addPersonalBlock(token.accountId ?? '', domain);
  else ctx.store.removePersonalBlock(token.accountId ?? '', domain);
  return json(200, {});
}

/** GoToSocial (internal/api/client): no personal domain blocks at all; v2 and v1 instance with its own version. */
function gotosocialReply(ctx: RequestContext, method: string, path: string): Reply | undefined {
  if (method === 'GET' && path === '/api/v2/instance') {
    return json(200, { domain: LOCAL_DOMAIN, title: 'Social Example', version: GOTOSOCIAL_VERSION_TEXT, source_url: GOTOSOCIAL_SOURCE_URL, languages: ['en'] });
  }
  if (method === 'GET' && path === '/api/v1/instance') {
    return json(200, { uri: LOCAL_DOMAIN, account_domain: LOCAL_DOMAIN, title: 'Social Example', version: GOTOSOCIAL_VERSION_TEXT, languages: ['en'] });
  }
  // No route has `/api/v1/domain_blocks` (only `/api/v1/admin/domain_blocks`, for admins), nor the discovery document.
  if (/^\/api\/v1\/domain_blocks(\/|$)/.test(path) || path === '/.well-known/oauth-authorization-server') return GOTOSOCIAL_NOT_FOUND;
  if (method === 'GET' && (path === '/' || path.startsWith('/@'))) {
    return { status: 200, body: gotosocialPage(), contentType: 'text/html; charset=utf-8' };
  }
  return undefined;
}
