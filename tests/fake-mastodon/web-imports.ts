import { randomBytes } from 'node:crypto';
import { queueAfterDomainBlock } from './api.ts';
import type { Handler, RequestContext } from './context.ts';
import { escapeHtml, html, param, redirect, type Reply } from './http-kit.ts';
import { DEMO_ACCOUNT_ID, LOCAL_DOMAIN } from './seed.ts';
import { prettyAcct } from './store.ts';

/**
 * The web login session and Mastodon's own importer (Preferences › Import and export › Import),
 * derived from Mastodon 4.6.5's source:
 *
 * - config/initializers/session_store.rb: a cookie store named `_mastodon_session`; Rails'
 *   `load_defaults` (6.1 and later) makes every cookie `SameSite=Lax`
 *   (`action_dispatch.cookies_same_site_protection`), and from 5.0 checks a POST's `Origin`
 *   against the server's own (`forgery_protection_origin_check`). `protect_from_forgery` in
 *   ApplicationController answers a bad or missing `authenticity_token` with the 422 page.
 * - app/controllers/settings/imports_controller.rb: `index` (the form and the 10 most recent
 *   imports), `create` (saves an unconfirmed `BulkImport` and redirects to `show`, or renders
 *   `index` again with the errors), `show` (unconfirmed imports only, else 404), `confirm`
 *   (state `scheduled`, `BulkImportWorker.perform_async`, redirect to `index`), `destroy`.
 *   Settings pages need a signed-in user (Devise's `authenticate_user!` redirects to
 *   `/auth/sign_in`).
 * - app/models/form/import.rb: type and data required; at most 20 MB and 20,000 rows; a first
 *   row that is a known header (`#domain` for domain blocks) is the header, otherwise the type's
 *   default header is assumed; `#domain` values are stripped and lower-cased; blank rows skipped.
 * - app/models/bulk_import.rb: states unconfirmed, scheduled, in_progress, finished; counters
 *   total, processed and imported items.
 * - app/services/bulk_import_service.rb `import_domain_blocks!`: with "Merge" every row becomes a
 *   personal block (`block_domain!`, find or create), then the counters are set to the total at
 *   once and `AfterAccountDomainBlockWorker` is queued per domain (the same follow side effects as
 *   a block through the API). Any failure marks the import finished and re-raises: the blocks
 *   made before it stay, the counters stay at 0.
 * - app/views/settings/imports/index.html.haml, show.html.haml: the markup below (simple_form's
 *   field names `form_import[type|data|mode]`, the recent-imports table rows `bulk_import_<id>`,
 *   Confirm as a `data-method="post"` link that rails-ujs sends with the page's `csrf-token`).
 */

export const SESSION_COOKIE = '_mastodon_session';
/** Demo's sign-in at `/auth/sign_in`. */
export const DEMO_EMAIL = 'demo@social.example';
export const DEMO_PASSWORD = 'demo-password';

const FILE_SIZE_LIMIT = 20 * 1024 * 1024;
const ROWS_PROCESSING_LIMIT = 20_000;
const KNOWN_FIRST_HEADERS = ['Account address', '#domain', '#uri', 'List name'];
const TYPES = ['following', 'bookmarks', 'lists', 'muting', 'blocking', 'domain_blocking'];
const TYPE_LABELS: Record<string, string> = {
  following: 'Following list', bookmarks: 'Bookmarks', lists: 'Lists', muting: 'Muting list', blocking: 'Blocking list', domain_blocking: 'Domain blocking list',
};
const STATE_LABELS: Record<ImportState, string> = { unconfirmed: 'Unconfirmed', scheduled: 'Scheduled', in_progress: 'In progress', finished: 'Finished' };

export type ImportState = 'unconfirmed' | 'scheduled' | 'in_progress' | 'finished';

export interface BulkImportRecord {
  id: number;
  accountId: string;
  type: string;
  overwrite: boolean;
  state: ImportState;
  totalItems: number;
  processedItems: number;
  importedItems: number;
  fileName: string;
  rows: string[];
  createdAt: number;
}

/** What the import pages do wrong on purpose (`mastodon.importer.set`). */
export interface ImporterFaults {
  /** The web session ends when this page is next asked for (as after "Log out" elsewhere, or an expired cookie). */
  signOutAt?: 'form' | 'upload' | 'confirm' | 'progress';
  /** The upload is refused with this error under the file field (as Form::Import's validation does). */
  refuseUpload?: string;
  /** The job blocks this many rows, then fails. */
  failAfterRows?: number;
  /** The form lacks the "Domain blocking list" type, as a server other than the one the source describes. */
  formDiffers?: boolean;
}

interface WebSession {
  accountId: string | null;
  csrfToken: string;
}

/** The server's web sessions and imports, and the faults tests set. */
export class WebImports {
  readonly sessions = new Map<string, WebSession>();
  readonly imports: BulkImportRecord[] = [];
  faults: ImporterFaults = {};
  private nextId = 1;

  newImportId(): number {
    return this.nextId++;
  }

  /** A signed-in session of demo; the cookie's value. */
  signInDemo(): string {
    const id = randomBytes(24).toString('base64url');
    this.sessions.set(id, { accountId: DEMO_ACCOUNT_ID, csrfToken: randomBytes(32).toString('base64url') });
    return id;
  }

  signOutEverywhere(): void {
    this.sessions.clear();
  }
}

function cookieOf(ctx: RequestContext): string | undefined {
  const header = ctx.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

function setCookie(id: string): Record<string, string> {
  return { 'Set-Cookie': `${SESSION_COOKIE}=${id}; path=/; HttpOnly; SameSite=Lax` };
}

/** The request's session, made anew (signed out) when it has none. */
function sessionOf(web: WebImports, ctx: RequestContext): { id: string; session: WebSession; isNew: boolean } {
  const id = cookieOf(ctx);
  const session = id ? web.sessions.get(id) : undefined;
  if (id && session) return { id, session, isNew: false };
  const fresh = randomBytes(24).toString('base64url');
  const created = { accountId: null, csrfToken: randomBytes(32).toString('base64url') };
  web.sessions.set(fresh, created);
  return { id: fresh, session: created, isNew: true };
}

/** `protect_from_forgery` with the origin check of Rails' defaults. */
function isForgery(ctx: RequestContext, session: WebSession): boolean {
  const origin = ctx.headers.origin;
  if (origin !== undefined && origin !== ctx.baseUrl) return true;
  return param(ctx.params, 'authenticity_token') !== session.csrfToken;
}

/** public/422.html, as ApplicationController's `rescue_from ActionController::InvalidAuthenticityToken` renders it. */
const REJECTED = html(422, '<!DOCTYPE html><html><head><title>The change you wanted was rejected (422)</title></head><body><h1>The change you wanted was rejected.</h1></body></html>');
const NOT_FOUND = html(404, '<!DOCTYPE html><html><head><title>The page you were looking for doesn\'t exist (404)</title></head><body><h1>The page you were looking for doesn\'t exist.</h1></body></html>');

function layout(ctx: RequestContext, session: WebSession, title: string, body: string): string {
  const account = session.accountId ? ctx.store.accounts.get(session.accountId) : undefined;
  // render_initial_state in app/views/layouts/admin.html.haml: `meta.me` is the signed-in account's id.
  const state = account
    ? { meta: { domain: LOCAL_DOMAIN, me: account.id, access_token: ctx.store.webSessionToken ?? null }, accounts: { [account.id]: { id: account.id, acct: prettyAcct(account) } } }
    : { meta: { domain: LOCAL_DOMAIN } };
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Mastodon</title>
<meta name="csrf-param" content="authenticity_token"><meta name="csrf-token" content="${escapeHtml(session.csrfToken)}">
<script id="initial-state" type="application/json">${JSON.stringify(state).replace(/</g, '\\u003c')}</script></head>
<body class="admin"><div class="admin-wrapper"><div class="content-wrapper"><div class="content">
<div class="content-heading"><h2>${escapeHtml(title)}</h2></div>${body}</div></div></div></body></html>`;
}

function page(ctx: RequestContext, web: WebImports, status: number, title: string, body: (session: WebSession) => string): Reply {
  const { id, session, isNew } = sessionOf(web, ctx);
  return html(status, layout(ctx, session, title, body(session)), { 'Cache-Control': 'private, no-store', ...(isNew ? setCookie(id) : {}) });
}

/** Devise's `authenticate_user!`: the signed-in session, or the redirect to the sign-in page. */
function signedIn(ctx: RequestContext, web: WebImports, step: ImporterFaults['signOutAt']): WebSession | Reply {
  if (step !== undefined && web.faults.signOutAt === step) {
    web.signOutEverywhere();
    web.faults = { ...web.faults, signOutAt: undefined };
  }
  const id = cookieOf(ctx);
  const session = id ? web.sessions.get(id) : undefined;
  if (!session?.accountId) return redirect(`${ctx.baseUrl}/auth/sign_in`);
  return session;
}

/** `GET /auth/sign_in`: Devise's form (app/views/auth/sessions/new.html.haml). */
export function showSignIn(web: WebImports): Handler {
  return (ctx) => page(ctx, web, 200, 'Log in', (session) => `<form class="simple_form new_user" id="new_user" action="/auth/sign_in" method="post">
<input type="hidden" name="authenticity_token" value="${escapeHtml(session.csrfToken)}">
<label for="user_email">E-mail address</label><input type="email" name="user[email]" id="user_email" autocomplete="username">
<label for="user_password">Password</label><input type="password" name="user[password]" id="user_password" autocomplete="current-password">
<button type="submit" class="btn">Log in</button></form>`);
}

/** `POST /auth/sign_in`: demo's address and password open a new signed-in session. */
export function createSession(web: WebImports): Handler {
  return (ctx) => {
    const { session } = sessionOf(web, ctx);
    if (isForgery(ctx, session)) return REJECTED;
    if (param(ctx.params, 'user[email]') !== DEMO_EMAIL || param(ctx.params, 'user[password]') !== DEMO_PASSWORD) {
      return page(ctx, web, 422, 'Log in', () => '<div class="flash-message alert">Invalid E-mail address or password.</div>');
    }
    return { ...redirect(`${ctx.baseUrl}/home`), headers: { Location: `${ctx.baseUrl}/home`, ...setCookie(web.signInDemo()) } };
  };
}

function typeSelect(formDiffers: boolean): string {
  const option = (type: string) => `<option value="${type}">${TYPE_LABELS[type] ?? type}</option>`;
  const destructive = TYPES.slice(3).filter((type) => !(formDiffers && type === 'domain_blocking'));
  return `<select class="select required" name="form_import[type]" id="form_import_type">
<optgroup label="Constructive import">${TYPES.slice(0, 3).map(option).join('')}</optgroup>
<optgroup label="Destructive import">${destructive.map(option).join('')}</optgroup></select>`;
}

function indexBody(ctx: RequestContext, web: WebImports, session: WebSession, error?: string): string {
  const recent = web.imports.filter((row) => row.accountId === session.accountId).sort((a, b) => b.id - a.id).slice(0, 10);
  const rows = recent.map((row) => {
    const state = row.state === 'unconfirmed' ? `<a href="/settings/imports/${row.id}">${STATE_LABELS[row.state]}</a>` : STATE_LABELS[row.state];
    const failed = row.processedItems - row.importedItems;
    return `<tr id="bulk_import_${row.id}"><td>${TYPE_LABELS[row.type] ?? row.type}</td><td>${state}</td><td>${row.importedItems} / ${row.totalItems}</td>`
      + `<td><time class="formatted" datetime="${new Date(row.createdAt).toISOString()}">${new Date(row.createdAt).toUTCString()}</time></td><td>${failed > 0 ? failed : ''}</td></tr>`;
  }).join('\n');
  return `<form class="simple_form new_form_import" id="new_form_import" novalidate="novalidate" enctype="multipart/form-data" action="/settings/imports" accept-charset="UTF-8" method="post">
<input type="hidden" name="authenticity_token" value="${escapeHtml(session.csrfToken)}" autocomplete="off">
<div class="field-group">${typeSelect(web.faults.formDiffers === true)}</div>
<div class="fields-row"><div class="fields-group"><div class="input file required form_import_data${error ? ' field_with_errors' : ''}"><label for="form_import_data">Data</label>
<input class="file required" type="file" name="form_import[data]" id="form_import_data">${error ? `<span class="error">${escapeHtml(error)}</span>` : ''}</div></div>
<div class="fields-group"><ul><li><label><input type="radio" value="merge" checked="checked" name="form_import[mode]" id="form_import_mode_merge">Merge<span class="hint">Keep existing records and add new ones</span></label></li>
<li><label><input type="radio" value="overwrite" name="form_import[mode]" id="form_import_mode_overwrite">Overwrite<span class="hint">Replace current records with the new ones</span></label></li></ul></div></div>
<div class="actions"><button name="button" type="submit" class="btn">Upload</button></div></form>
${recent.length > 0 ? `<hr class="spacer"><h3>Recent imports</h3><div class="table-wrapper"><table class="table"><thead><tr><th>Type</th><th>Status</th><th>Imported</th><th>Time started</th><th>Failures</th></tr></thead><tbody>${rows}</tbody></table></div>` : ''}`;
}

/** `GET /settings/imports`. */
export function showImports(web: WebImports): Handler {
  return (ctx) => {
    // After a confirmed import, this page is where its progress is read.
    const step = web.imports.some((row) => row.state !== 'unconfirmed') ? 'progress' : 'form';
    const session = signedIn(ctx, web, step);
    if ('status' in session) return session;
    return page(ctx, web, 200, 'Import', (s) => indexBody(ctx, web, s));
  };
}

/** Form::Import's CSV reading for the domain-blocks type: the rows' domains, or the error it shows. */
function readDomainRows(text: string): string[] | string {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0) return 'The selected file appears to be empty.';
  const first = (lines[0] ?? '').split(',')[0]?.trim() ?? '';
  const rows = KNOWN_FIRST_HEADERS.includes(first) ? lines.slice(1) : lines;
  if (KNOWN_FIRST_HEADERS.includes(first) && first !== '#domain') return 'The selected file contains data of a different type than what was selected.';
  if (rows.length > ROWS_PROCESSING_LIMIT) return `The selected file contains more than ${ROWS_PROCESSING_LIMIT} rows`;
  return rows.map((row) => (row.split(',')[0] ?? '').trim().toLowerCase());
}

/** `POST /settings/imports`. */
export function createImport(web: WebImports): Handler {
  return (ctx) => {
    const session = signedIn(ctx, web, 'upload');
    if ('status' in session) return session;
    if (isForgery(ctx, session)) return REJECTED;
    const type = param(ctx.params, 'form_import[type]') ?? '';
    const data = param(ctx.params, 'form_import[data]');
    const fileName = param(ctx.params, 'form_import[data]#filename') ?? '';
    const refuse = (error: string) => page(ctx, web, 200, 'Import', (s) => indexBody(ctx, web, s, error));
    if (web.faults.refuseUpload) return refuse(web.faults.refuseUpload);
    if (!TYPES.includes(type) || data === undefined) return refuse("can't be blank");
    if (Buffer.byteLength(data) > FILE_SIZE_LIMIT) return refuse('This file is too large.');
    if (type !== 'domain_blocking') return refuse('Only domain blocks are modelled by the local Mastodon.');
    const rows = readDomainRows(data);
    if (typeof rows === 'string') return refuse(rows);
    const record: BulkImportRecord = {
      id: web.newImportId(), accountId: session.accountId ?? '', type, overwrite: param(ctx.params, 'form_import[mode]') === 'overwrite', state: 'unconfirmed',
      totalItems: rows.length, processedItems: 0, importedItems: 0, fileName, rows, createdAt: ctx.now(),
    };
    web.imports.push(record);
    return redirect(`${ctx.baseUrl}/settings/imports/${record.id}`);
  };
}

function unconfirmed(ctx: RequestContext, web: WebImports, session: WebSession): BulkImportRecord | undefined {
  const id = Number(/^\/settings\/imports\/(\d+)/.exec(ctx.url.pathname)?.[1]);
  return web.imports.find((row) => row.id === id && row.accountId === session.accountId && row.state === 'unconfirmed');
}

/** `GET /settings/imports/:id`: the confirmation step. */
export function showImport(web: WebImports): Handler {
  return (ctx) => {
    const session = signedIn(ctx, web, undefined);
    if ('status' in session) return session;
    const record = unconfirmed(ctx, web, session);
    if (!record) return NOT_FOUND;
    // config/locales/en.yml imports.preambles.domain_blocking_html / overwrite_preambles.
    const preamble = record.overwrite
      ? `You are about to <strong>replace your domain block list</strong> with up to <strong>${record.totalItems} domains</strong> from <strong>${escapeHtml(record.fileName)}</strong>.`
      : `You are about to <strong>block</strong> up to <strong>${record.totalItems} domains</strong> from <strong>${escapeHtml(record.fileName)}</strong>.`;
    return page(ctx, web, 200, 'Importing domain blocks', () => `<p class="hint">${preamble}</p>
<div class="simple_form"><div class="actions"><a class="button button-tertiary" rel="nofollow" data-method="delete" href="/settings/imports/${record.id}">Cancel</a>
<a class="button" rel="nofollow" data-method="post" href="/settings/imports/${record.id}/confirm">Confirm</a></div></div>`);
  };
}

/** `POST /settings/imports/:id/confirm`, and `POST` with `_method=delete` (rails-ujs' Cancel). */
export function confirmImport(web: WebImports): Handler {
  return (ctx) => {
    const session = signedIn(ctx, web, 'confirm');
    if ('status' in session) return session;
    if (isForgery(ctx, session)) return REJECTED;
    const record = unconfirmed(ctx, web, session);
    if (!record) return NOT_FOUND;
    if (!ctx.url.pathname.endsWith('/confirm')) {
      if (param(ctx.params, '_method') !== 'delete') return NOT_FOUND;
      web.imports.splice(web.imports.indexOf(record), 1);
      return redirect(`${ctx.baseUrl}/settings/imports`);
    }
    record.state = 'scheduled';
    ctx.jobs.enqueue('BulkImportWorker', () => runImport(ctx, web, record));
    return redirect(`${ctx.baseUrl}/settings/imports`);
  };
}

/** BulkImportWorker → BulkImportService#import_domain_blocks!. */
function runImport(ctx: RequestContext, web: WebImports, record: BulkImportRecord): void {
  record.state = 'in_progress';
  const failAfter = web.faults.failAfterRows;
  try {
    if (record.overwrite) {
      for (const block of ctx.store.blocksOf(record.accountId)) if (!record.rows.includes(block.domain)) ctx.store.removePersonalBlock(record.accountId, block.domain);
    }
    record.rows.forEach((domain, index) => {
      if (failAfter !== undefined && index >= failAfter) throw new Error('PG::ConnectionBad: the job failed halfway');
      ctx.store.addPersonalBlock(record.accountId, domain);
    });
    record.processedItems = record.totalItems;
    record.importedItems = record.totalItems;
    for (const domain of record.rows) queueAfterDomainBlock(ctx, record.accountId, domain);
  } finally {
    record.state = 'finished';
    record.rows = [];
  }
}

/** The import routes, in the order index.ts tries them. */
export function importRoutes(web: WebImports): Array<{ method: string; path: RegExp; handler: Handler }> {
  return [
    { method: 'GET', path: /^\/auth\/sign_in$/, handler: showSignIn(web) },
    { method: 'POST', path: /^\/auth\/sign_in$/, handler: createSession(web) },
    { method: 'GET', path: /^\/settings\/imports$/, handler: showImports(web) },
    { method: 'POST', path: /^\/settings\/imports$/, handler: createImport(web) },
    { method: 'GET', path: /^\/settings\/imports\/\d+$/, handler: showImport(web) },
    { method: 'POST', path: /^\/settings\/imports\/\d+(\/confirm)?$/, handler: confirmImport(web) },
  ];
}
