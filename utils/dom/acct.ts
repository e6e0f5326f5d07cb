/**
 * Accts as the web UI shows them, turned into `user@domain` with the domain in
 * lowercase punycode, the form Mastodon stores personal domain blocks in.
 */
import { toLookupForm } from '../core/verdict-snapshot';
import { PROFILE_PATH_RE } from './selectors';

/** An account's identity as Hedge compares it. */
export interface ParsedAcct {
  /** `user@domain`; the username keeps its case. */
  acct: string;
  /** Lowercase punycode. */
  domain: string;
}

const ASCII_HOST_RE = /^[a-z0-9.-]+$/;
const TEXT_ACCT_RE = /^@?([^@\s]+)(?:@([^@\s]+))?$/;

/**
 * Lowercase punycode of a domain as the UI prints it (`аррӏе.com` becomes
 * `xn--80ak6aa92e.com`), through the WHATWG URL parser as mastodon-facts.md
 * advises (the matcher's own `toLookupForm`); null when it is not a host name.
 */
export function toAsciiDomain(text: string): string | null {
  const host = toLookupForm(text);
  return ASCII_HOST_RE.test(host) ? host : null;
}

function build(user: string, rawDomain: string | undefined, localDomain: string): ParsedAcct | null {
  const domain = rawDomain === undefined ? localDomain : toAsciiDomain(rawDomain);
  if (domain === null) return null;
  return { acct: `${user}@${domain}`, domain };
}

/**
 * The account a profile link points at, from its `href` attribute
 * (`/@bob@threads.net`, `/@alice`); null for any other link. The attribute
 * holds the Unicode domain; a percent-encoded one is decoded first.
 */
export function acctFromHref(href: string | null, localDomain: string): ParsedAcct | null {
  if (href === null) return null;
  let path = href;
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path);
    } catch {
      // A malformed escape (URIError) cannot be a profile path.
      return null;
    }
  }
  const match = PROFILE_PATH_RE.exec(path);
  if (match === null || match[1] === undefined) return null;
  return build(match[1], match[2], localDomain);
}

/** The account an acct text names (`@bob@threads.net`, `bob@threads.net`, `@alice`); null otherwise. */
export function acctFromText(text: string | null | undefined, localDomain: string): ParsedAcct | null {
  if (!text) return null;
  const match = TEXT_ACCT_RE.exec(text.trim());
  if (match === null || match[1] === undefined) return null;
  return build(match[1], match[2], localDomain);
}
