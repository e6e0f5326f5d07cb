/**
 * The steps Hedge takes in a tab of the user's own Mastodon, on its import page
 * (Preferences › Import and export › Import). Each function is handed to
 * `scripting.executeScript` and runs in the page (world `MAIN`), so it may use
 * only its arguments and the page's globals: no import, no closure, no helper.
 *
 * Why in the page and not from the background: Rails refuses a POST whose
 * `Origin` is not the server's own (`forgery_protection_origin_check`, on since
 * Rails 5.0's defaults, which Mastodon loads), and a request from an
 * extension's background carries the extension's origin. In the page, the
 * request is the site's own: the `_mastodon_session` cookie (SameSite=Lax,
 * config/initializers/session_store.rb with Rails' `cookies_same_site_protection`)
 * goes with it, and the page's `DOMParser` reads the answers, which a service
 * worker has none of. The session is used for these requests only; Hedge never
 * sends its OAuth token here and reads nothing of the page but what is named below.
 *
 * Facts from Mastodon 4.6.5 (app/controllers/settings/imports_controller.rb,
 * app/models/form/import.rb, app/views/settings/imports/):
 * - `GET /settings/imports` is the form `form_import[type]` (option
 *   `domain_blocking`), `form_import[data]` (the file), `form_import[mode]`
 *   (`merge`), with the CSRF token in `authenticity_token` and in
 *   `meta[name=csrf-token]`; a signed-out visitor is sent to `/auth/sign_in`.
 * - `POST /settings/imports` saves an unconfirmed import and redirects to
 *   `/settings/imports/:id`, or renders the form again with the error under the
 *   field (`.error`).
 * - `/settings/imports/:id` confirms with a `data-method="post"` link to
 *   `/settings/imports/:id/confirm`, which rails-ujs sends as a form with
 *   `_method` and the page's `authenticity_token`; confirming redirects to the
 *   index, whose table row `#bulk_import_:id` shows the state and
 *   "imported / total".
 * - An import never confirmed is never applied (BulkImport::CONFIRM_PERIOD:
 *   unconfirmed imports are dropped after 10 minutes).
 */

/** What the import page says about the signed-in user and its form. */
export type ImportPageCheck =
  | { kind: 'signed-out' }
  | { kind: 'form-differs'; missing: string }
  | { kind: 'ready'; accountId: string | null };

/** How sending the file ended. */
export type ImportSendResult =
  | { kind: 'signed-out' }
  | { kind: 'form-differs'; missing: string }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; status: number }
  | { kind: 'signed-out-at-confirm'; importId: string }
  | { kind: 'confirmed'; importId: string };

/** The import's row in the recent imports. */
export type ImportProgress =
  | { kind: 'signed-out' }
  | { kind: 'missing' }
  | { kind: 'row'; state: string; imported: number; total: number };

/**
 * Reads the import page the tab shows: whether someone is signed in, who
 * (`meta.me` of the page's initial state, app/views/layouts/admin.html.haml
 * `render_initial_state`; the rest of that object, its access token included,
 * is dropped unread), and whether the form is the one the source describes.
 */
export function inspectImportPage(): ImportPageCheck {
  if (!/^\/settings\/imports\/?$/.test(location.pathname)) return { kind: 'signed-out' };
  const form = document.querySelector('form[action$="/settings/imports"]');
  const missing = [
    ['form', form],
    ['form_import[type]=domain_blocking', form?.querySelector('select[name="form_import[type]"] option[value="domain_blocking"]')],
    ['form_import[data]', form?.querySelector('input[type="file"][name="form_import[data]"]')],
    ['form_import[mode]=merge', form?.querySelector('input[type="radio"][name="form_import[mode]"][value="merge"]')],
    ['authenticity_token', form?.querySelector('input[name="authenticity_token"]')],
  ].find(([, element]) => !element)?.[0];
  if (typeof missing === 'string') return { kind: 'form-differs', missing };
  let accountId: string | null = null;
  const state = document.getElementById('initial-state')?.textContent;
  if (state) {
    const parsed = JSON.parse(state) as { meta?: { me?: unknown } };
    accountId = typeof parsed.meta?.me === 'string' ? parsed.meta.me : null;
  }
  return { kind: 'ready', accountId };
}

/**
 * Uploads `csv` as a domain-blocks import with "Merge", then confirms it, as
 * the form and the confirmation page would. Never "Overwrite": it removes
 * every block not in the file.
 */
export async function sendDomainBlocksImport(csv: string, fileName: string): Promise<ImportSendResult> {
  const isSignIn = (url: string) => new URL(url).pathname.startsWith('/auth/');
  const read = async (response: Response) => new DOMParser().parseFromString(await response.text(), 'text/html');
  const index = await fetch('/settings/imports?lang=en', { credentials: 'same-origin' });
  if (isSignIn(index.url)) return { kind: 'signed-out' };
  if (!index.ok) return { kind: 'failed', status: index.status };
  const page = await read(index);
  const form = page.querySelector<HTMLFormElement>('form[action$="/settings/imports"]');
  const token = form?.querySelector<HTMLInputElement>('input[name="authenticity_token"]')?.value;
  if (!form || !token) return { kind: 'form-differs', missing: 'authenticity_token' };
  if (!form.querySelector('option[value="domain_blocking"]')) return { kind: 'form-differs', missing: 'form_import[type]=domain_blocking' };

  const body = new FormData();
  body.set('authenticity_token', token);
  body.set('form_import[type]', 'domain_blocking');
  body.set('form_import[mode]', 'merge');
  body.set('form_import[data]', new File([csv], fileName, { type: 'text/csv' }));
  const created = await fetch(form.getAttribute('action') ?? '/settings/imports', { method: 'POST', body, credentials: 'same-origin' });
  if (isSignIn(created.url)) return { kind: 'signed-out' };
  if (!created.ok) return { kind: 'failed', status: created.status };
  const show = await read(created);
  const importId = /\/settings\/imports\/(\d+)\/?$/.exec(new URL(created.url).pathname)?.[1];
  if (!importId) {
    const error = show.querySelector('form .error, .flash-message.alert')?.textContent?.trim();
    return error ? { kind: 'refused', message: error } : { kind: 'form-differs', missing: '/settings/imports/:id' };
  }

  const confirm = show.querySelector<HTMLAnchorElement>(`a[data-method="post"][href$="/settings/imports/${importId}/confirm"]`);
  const confirmToken = show.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  if (!confirm || !confirmToken) return { kind: 'form-differs', missing: 'confirm' };
  const confirmed = await fetch(confirm.getAttribute('href') ?? '', {
    method: 'POST',
    body: new URLSearchParams({ _method: 'post', authenticity_token: confirmToken }),
    credentials: 'same-origin',
  });
  // The confirmation redirects to the index, which sends a visitor whose session has just ended to
  // the sign-in page: the import may be confirmed or not, so the caller reads the server either way.
  if (isSignIn(confirmed.url)) return { kind: 'signed-out-at-confirm', importId };
  if (!confirmed.ok) return { kind: 'failed', status: confirmed.status };
  return { kind: 'confirmed', importId };
}

/**
 * Reads the import's row on the index in English (`lang=en`: app/controllers/concerns/localized.rb
 * takes `params[:lang]` before the user's own language), so its state is one of
 * config/locales/en.yml `imports.states`: Unconfirmed, Scheduled, In progress, Finished.
 */
export async function readImportProgress(importId: string): Promise<ImportProgress> {
  const answer = await fetch('/settings/imports?lang=en', { credentials: 'same-origin', cache: 'no-store' });
  if (new URL(answer.url).pathname.startsWith('/auth/')) return { kind: 'signed-out' };
  const page = new DOMParser().parseFromString(await answer.text(), 'text/html');
  const cells = page.getElementById(`bulk_import_${importId}`)?.querySelectorAll('td');
  if (!cells || cells.length < 3) return { kind: 'missing' };
  const counts = /(\d+)\s*\/\s*(\d+)/.exec(cells[2]?.textContent ?? '');
  return { kind: 'row', state: (cells[1]?.textContent ?? '').trim(), imported: Number(counts?.[1] ?? 0), total: Number(counts?.[2] ?? 0) };
}
