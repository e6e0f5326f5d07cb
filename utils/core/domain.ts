/**
 * Domain names as people paste them and as lists print them, turned into the
 * one form Mastodon stores for a personal domain block: lowercase punycode
 * without a trailing dot (app/models/account_domain_block.rb normalises with
 * `TagManager#normalize_domain`; app/validators/domain_validator.rb checks labels
 * of 1 to 63 characters from `[a-z0-9-]`).
 *
 * Algorithm: trim; peel a URL, an `@user@host` handle or a leading `*.`; refuse
 * anything still holding `*`, a port or a path; map Unicode to punycode through
 * the WHATWG URL parser (only when the text is not plain ASCII, which keeps the
 * common path fast); then check labels, length, IP addresses and, for wishes to
 * block (`forList`), the reserved names lists use as canaries.
 */

/** Why a piece of text is not a domain Hedge can block. */
type DomainErrorReason =
  | 'empty'
  | 'obfuscated'
  | 'invalid'
  | 'ip-address'
  | 'port-or-path'
  | 'single-label'
  | 'too-long'
  | 'reserved'
  | 'canary';

/**
 * Which sentence explains the refusal: a {@link DomainErrorReason} can have
 * several (an `invalid` text may hold spaces, or an empty label). Pages show
 * the sentence in the user's language by this code (utils/i18n/error-messages.ts);
 * `message` is the English one.
 */
export const DOMAIN_ERROR_DETAILS = [
  'empty',
  'unreadable-url',
  'not-server-url',
  'obfuscated',
  'ip-address',
  'forbidden-characters',
  'port-or-path',
  'not-domain-or-handle',
  'bad-characters',
  'too-long',
  'empty-label',
  'bad-label',
  'hyphen-label',
  'long-label',
  'single-label',
  'canary',
  'reserved',
] as const;

/** One of {@link DOMAIN_ERROR_DETAILS}. */
export type DomainErrorDetail = (typeof DOMAIN_ERROR_DETAILS)[number];

/** Why a text is not a domain: the reason, the sentence's code, the text as quoted (cut at 80 characters), and the English sentence. */
export interface DomainError {
  reason: DomainErrorReason;
  detail: DomainErrorDetail;
  input: string;
  message: string;
}

/** The outcome of {@link normalizeDomain}: the domain, or why not, in words a user understands. */
export type NormalizedDomain = { domain: string } | { error: DomainError };

/** Options of {@link normalizeDomain}. */
export interface NormalizeDomainOptions {
  /**
   * The text is a wish to block (a list row or an entry the user typed): also
   * refuse reserved names and known canary rows. Leave it off to look up the
   * domain of an account as it is.
   */
  forList?: boolean;
}

/** RFC 1035: a name is at most 253 characters without its trailing dot. */
const MAX_DOMAIN_LENGTH = 253;

/** RFC 6761 and RFC 2606 top-level names that never reach a real server; lists use them as canaries. */
const RESERVED_TLDS: ReadonlySet<string> = new Set(['invalid', 'test', 'example', 'localhost']);

/** RFC 2606 second-level names reserved for documentation, with everything below them. */
const RESERVED_SECOND_LEVEL: ReadonlySet<string> = new Set(['example.com', 'example.net', 'example.org']);

/**
 * Rows that lists add on purpose so that nobody applies them blindly:
 * Seirdy's `000delete.this.line.if.you.have.read.the.documentation.on.seirdy.one`
 * (https://seirdy.one/posts/2023/05/02/fediverse-blocklists/) and Oliphant's
 * `000this.is.generated...` first row.
 */
const CANARY_PREFIXES: readonly string[] = ['000delete.this.line', '000this.is.generated'];

/**
 * Already-normal names (lowercase LDH labels of 1 to 63 characters that neither
 * start nor end with a hyphen, a last label that is not all digits): nearly
 * every list row. They skip the peeling.
 */
const NORMAL_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?!\d+$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
const HANDLE_RE = /^@?[^@\s/]+@([^@\s/]+)$/;
const ASCII_HOST_RE = /^[a-z0-9.-]+$/;
const LABEL_CHARACTERS_RE = /^[a-z0-9-]+$/;
/** RFC 1035 and IDNA (RFC 5891 section 4.2.3.1): at most 63 octets, no hyphen at either end. */
const MAX_LABEL_LENGTH = 63;
const IPV4_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const ALL_DIGITS_RE = /^\d+$/;
/** Characters the URL parser would read as structure or decode, so they never reach it. */
const FORBIDDEN_RE = /[\s%?#\\"'<>^`{|}[\]]/;

function fail(reason: DomainErrorReason, detail: DomainErrorDetail, input: string, message: string): NormalizedDomain {
  return { error: { reason, detail, input, message } };
}

/**
 * Turns pasted text into the lowercase punycode domain Mastodon stores, or a
 * reason it cannot be one.
 *
 * Accepts `Threads.NET`, ` threads.net. `, `https://threads.net/@zuck`,
 * `@user@threads.net`, `user@threads.net`, Unicode names (to punycode) and
 * `*.example.org` (a leading wildcard means the domain itself: a personal block
 * matches one exact domain).
 *
 * @example normalizeDomain('https://Threads.net/@zuck') // { domain: 'threads.net' }
 * @example normalizeDomain('ap.***.st') // { error: { reason: 'obfuscated', ... } }
 */
export function normalizeDomain(input: string, options: NormalizeDomainOptions = {}): NormalizedDomain {
  if (input.length <= MAX_DOMAIN_LENGTH && NORMAL_RE.test(input)) {
    return options.forList === true ? checkWish(input, input) : { domain: input };
  }
  let text = input.trim();
  if (text === '') return fail('empty', 'empty', '', 'Type a domain name, such as threads.net.');
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;

  if (SCHEME_RE.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return fail('invalid', 'unreadable-url', shown, `“${shown}” looks like a web address but cannot be read as one.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return fail('invalid', 'not-server-url', shown, `“${shown}” is not a web address of a server.`);
    }
    text = url.hostname;
  } else {
    const handle = HANDLE_RE.exec(text);
    if (handle?.[1] !== undefined) text = handle[1];
  }

  if (text.startsWith('*.')) text = text.slice(2);
  if (text.includes('*')) {
    return fail(
      'obfuscated',
      'obfuscated',
      shown,
      `“${shown}” is partly hidden with *, so Hedge cannot tell which server it means. It can only be matched against your server's own list.`,
    );
  }
  if (text.startsWith('[') || text.includes('::')) {
    return fail('ip-address', 'ip-address', shown, `“${shown}” is an IP address. Mastodon blocks domain names, not addresses.`);
  }
  if (FORBIDDEN_RE.test(text)) {
    return fail('invalid', 'forbidden-characters', shown, `“${shown}” contains spaces or characters a domain name cannot have.`);
  }
  if (text.includes('/') || text.includes(':')) {
    return fail('port-or-path', 'port-or-path', shown, `“${shown}” has a port or a path. Type the domain name alone, such as threads.net.`);
  }
  if (text.includes('@')) {
    return fail('invalid', 'not-domain-or-handle', shown, `“${shown}” is not a domain or an account address such as @user@threads.net.`);
  }

  let host = text.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!ASCII_HOST_RE.test(host)) {
    // Unicode names (IDN) go to punycode the way browsers and Mastodon do (UTS #46).
    try {
      host = new URL(`https://${host}`).hostname;
    } catch {
      return fail('invalid', 'bad-characters', shown, `“${shown}” contains characters a domain name cannot have.`);
    }
    if (host.endsWith('.')) host = host.slice(0, -1);
  }
  if (host === '') return fail('empty', 'empty', '', 'Type a domain name, such as threads.net.');

  const labels = host.split('.');
  const last = labels[labels.length - 1] ?? '';
  if (IPV4_RE.test(host) || ALL_DIGITS_RE.test(last)) {
    return fail('ip-address', 'ip-address', shown, `“${shown}” is an IP address. Mastodon blocks domain names, not addresses.`);
  }
  if (host.length > MAX_DOMAIN_LENGTH) {
    return fail('too-long', 'too-long', shown, `“${shown}” is longer than the 253 characters a domain name can have.`);
  }
  for (const label of labels) {
    if (label === '') return fail('invalid', 'empty-label', shown, `“${shown}” has an empty part between dots.`);
    if (!LABEL_CHARACTERS_RE.test(label)) {
      return fail(
        'invalid',
        'bad-label',
        shown,
        `“${shown}” is not a valid domain name: each part may only hold letters, digits and hyphens, up to 63 of them.`,
      );
    }
    if (label.length > MAX_LABEL_LENGTH) {
      return fail('invalid', 'long-label', shown, `“${shown}” is not a valid domain name: a part between dots can have at most 63 characters.`);
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return fail('invalid', 'hyphen-label', shown, `“${shown}” is not a valid domain name: no part between dots may start or end with a hyphen.`);
    }
  }
  if (labels.length < 2) {
    return fail(
      'single-label',
      'single-label',
      shown,
      `“${shown}” is a single name, not a server's domain. A personal block matches one exact domain, so it would block nothing.`,
    );
  }

  return options.forList === true ? checkWish(host, shown) : { domain: host };
}

/** Refuses canaries and reserved names among wishes to block. */
function checkWish(host: string, shown: string): NormalizedDomain {
  if (host.charCodeAt(0) === 48 /* 0 */ && CANARY_PREFIXES.some((prefix) => host.startsWith(prefix))) {
    return fail('canary', 'canary', shown, `“${shown}” is a warning row the list's authors put in on purpose; it is never applied.`);
  }
  if (isReservedDomain(host)) {
    return fail('reserved', 'reserved', shown, `“${shown}” is a reserved name that no real server uses; lists add such rows as tests, so it is never applied.`);
  }
  return { domain: host };
}

/**
 * Whether a normalised domain is reserved by RFC 2606 / RFC 6761 (`*.invalid`,
 * `*.test`, `*.example`, `*.localhost`, `example.com`/`.net`/`.org` and below).
 */
export function isReservedDomain(domain: string): boolean {
  const lastDot = domain.lastIndexOf('.');
  if (RESERVED_TLDS.has(domain.slice(lastDot + 1))) return true;
  const secondDot = domain.lastIndexOf('.', lastDot - 1);
  return RESERVED_SECOND_LEVEL.has(domain.slice(secondDot + 1));
}
