/**
 * The GoToSocial content script: marks the authors of the posts on a GoToSocial server's own web
 * pages (a profile's posts, a thread and its replies), when the user asked Hedge to mark that
 * server with one of its accounts' lists (utils/background/marked-sites.ts). GoToSocial keeps no
 * personal domain blocks, so the page offers no action: it only shows badges, and collapses the
 * posts of domains the account limits behind one line, as on Mastodon.
 *
 * The markup is GoToSocial's templates (web/template/status.tmpl and status_header.tmpl, read at
 * commit 57cb4fe, 2025-10): each post is an `article.status`, whose `header.status-header` holds
 * `address.h-card > a.u-url` with the acct in `.p-nickname`: `@user@domain` for a remote account,
 * `@user` for one of the server's own. The server's own accounts are left unmarked: the page is
 * that server's. The pages are rendered by the server, so one pass marks them; a change of the
 * lists or a sign-out sends a broadcast, and the page is marked again or cleared.
 */
import { acctFromText } from './acct';
import { createContentLookup } from './content-lookup';
import { broadcastFor, requestSnapshot, type ContentRuntime } from './content-intents';
import type { FoundAccount } from './find-accounts';
import { clearMarks, markAccounts } from './marks';
import { OWN_ATTRIBUTE, injectStylesheet } from './styles';

/**
 * GoToSocial's pages are dark unless the browser prefers light (web/source/css/_colors.css, base.css
 * `prefers-color-scheme`); marks.css knows Mastodon's theme classes only, so the light accent is set here.
 */
const GOTOSOCIAL_STYLE = '@media (prefers-color-scheme: light){:root{--hedge-a:#563acc}}';
const GOTOSOCIAL_STYLE_ID = 'hedge-marks-gotosocial';

/** A post's author link on GoToSocial's pages. */
export const GOTOSOCIAL_AUTHOR = 'article.status > header.status-header address.h-card > a.u-url';
const NICKNAME = '.p-nickname';

/** What the script needs from its surroundings; tests pass their own. */
export interface GotosocialScriptOptions {
  document: Document;
  runtime: ContentRuntime;
  /** Aborts when the extension is updated or unloaded. */
  signal: AbortSignal;
}

/** The remote authors of the posts under `root`; the server's own accounts are left out. */
export function findGotosocialAuthors(root: ParentNode): FoundAccount[] {
  return [...root.querySelectorAll(GOTOSOCIAL_AUTHOR)].flatMap((element): FoundAccount[] => {
    const parsed = acctFromText(element.querySelector(NICKNAME)?.textContent ?? null, '');
    return parsed === null || parsed.domain === '' ? [] : [{ element, acct: parsed.acct, domain: parsed.domain, role: 'author' }];
  });
}

/** Adds the light theme's accent once; removed when `signal` aborts. */
function injectThemeStyle(document: Document, signal: AbortSignal): void {
  if (document.getElementById(GOTOSOCIAL_STYLE_ID) !== null) return;
  const style = Object.assign(document.createElement('style'), { id: GOTOSOCIAL_STYLE_ID, textContent: GOTOSOCIAL_STYLE });
  style.setAttribute(OWN_ATTRIBUTE, '');
  (document.head ?? document.documentElement).append(style);
  signal.addEventListener('abort', () => style.remove(), { once: true });
}

/** Marks the page until `signal` aborts; resolves once the first marks are on it. */
export async function runGotosocialScript({ document, runtime, signal }: GotosocialScriptOptions): Promise<void> {
  const origin = document.location.origin;
  // Posts the user chose to show stay shown when the page is marked again.
  const revealed = new Set<string>();
  let generation = 0;
  let pass: AbortController | null = null;
  // Match patterns leave the port out, so this script may also start on a Mastodon page of the same
  // host, where the Mastodon content script marks: it clears only a page it has marked itself.
  let hasMarked = false;
  const unmark = (): void => {
    pass?.abort();
    if (hasMarked) clearMarks(document.body);
    hasMarked = false;
  };

  const refresh = async (): Promise<void> => {
    const current = ++generation;
    const snapshot = await requestSnapshot(runtime, origin, 'hedge/get-site-verdicts');
    if (signal.aborted || current !== generation) return;
    unmark();
    // Not marked here (any more), or nothing known yet: no marks.
    if (snapshot === null) return;
    const controller = new AbortController();
    pass = controller;
    signal.addEventListener('abort', () => controller.abort(), { once: true, signal: controller.signal });
    const lookup = createContentLookup(snapshot);
    const authors = findGotosocialAuthors(document);
    await lookup.prepare(authors.map((author) => author.domain));
    if (controller.signal.aborted) return;
    injectStylesheet(document, signal);
    injectThemeStyle(document, signal);
    hasMarked = true;
    markAccounts(authors, { lookup, localDomain: '', revealed, signal: controller.signal });
  };

  const onMessage = (message: unknown): undefined => {
    const broadcast = broadcastFor(message, origin);
    if (broadcast === null || signal.aborted) return undefined;
    if (broadcast.type === 'hedge/signed-out') {
      generation++;
      unmark();
    } else {
      void refresh();
    }
    return undefined;
  };
  runtime.onMessage.addListener(onMessage);
  signal.addEventListener(
    'abort',
    () => {
      runtime.onMessage.removeListener(onMessage);
      if (hasMarked) clearMarks(document.body);
    },
    { once: true },
  );

  await refresh();
}
