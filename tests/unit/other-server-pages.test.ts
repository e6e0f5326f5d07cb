// @vitest-environment happy-dom
/**
 * Where the content script starts on the other servers' pages (docs/other-servers.md, "Web pages
 * and marks"): only on a page shaped like Mastodon's web app, which Akkoma's and Pleroma's optional
 * Mastodon front end at /web is and their default front end and GoToSocial's pages are not.
 */
import { describe, expect, it } from 'vitest';
import { readLocalDomain } from '../../utils/dom/content-script';
import { AKKOMA_FRONT_END_PAGE, gotosocialPage } from '../fake-mastodon/other-servers';

/**
 * The shell of Pleroma's and Akkoma's Mastodon front end as lib/pleroma/web/templates/masto_fe/index.html.eex
 * writes it, the initial state's `meta` as lib/pleroma/web/views/masto_fe_view.ex fills it (abridged).
 */
const MASTO_FE_PAGE = `<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Social Example</title>
<script id='initial-state' type='application/json'>{"meta":{"locale":"en","domain":"social.example","admin":"1","me":"1"}}</script>
</head><body class='app-body no-reduce-motion system-font'><div class='app-holder' data-props='{"locale":"en"}' id='mastodon'></div></body></html>`;

function load(html: string): void {
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
}

describe('the content script on other servers’ pages', () => {
  it.each([
    ['Akkoma’s default front end (akkoma-fe)', AKKOMA_FRONT_END_PAGE, null],
    ['GoToSocial’s own thread page', gotosocialPage(), null],
    ['the Mastodon front end of Akkoma and Pleroma at /web', MASTO_FE_PAGE, 'social.example'],
  ])('%s: the local domain it starts with (none: it does not start) is %s', (_name, html, domain) => {
    load(html);
    expect(readLocalDomain(document)).toBe(domain);
  });
});
