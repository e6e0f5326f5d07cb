/**
 * Links in Mastodon posts that share a block list: a list file (`.csv`,
 * `.txt` or `.json`, the formats utils/core/lists reads) or a FIRES dataset
 * (its id is its address, `https://<server>/datasets/<id>`, as fedimod/fires
 * fires-server publishes it and utils/core/fires/consumer.ts reads it).
 *
 * The content script only tests a link's `href` with {@link LIST_LINK_RE} to
 * offer "Subscribe with Hedge"; the background reads the address it is sent
 * again with {@link readSharedListLink}, since nothing from a page is trusted,
 * and the options page asks the user before anything is subscribed.
 */

/**
 * An http(s) address that ends, before any query or fragment, in a list file's extension or a
 * FIRES dataset's path. Kept short for the content script, which only offers the button with it:
 * {@link readSharedListLink} also requires a path (`https://lists.csv` is a server, not a file).
 */
export const LIST_LINK_RE = /^https?:\/\/[^?#]+(?:\.(?:csv|txt|json)|\/datasets\/[^/?#]+)(?:[?#]|$)/i;

/** A FIRES dataset's path: `…/datasets/<id>`. */
const FIRES_DATASET_PATH_RE = /\/datasets\/[^/]+$/;

/** A list file's path. */
const LIST_FILE_PATH_RE = /\.(?:csv|txt|json)$/i;

/** The longest address Hedge takes from a page (browsers show and send far longer ones; lists have short ones). */
export const MAX_LIST_LINK_LENGTH = 2048;


/** What a shared link subscribes to, as `SubscriptionSource` of utils/protocol/lists.ts names it. */
export type SharedListLink = { kind: 'url'; url: string } | { kind: 'fires'; serverUrl: string; datasetId: string };

/** Why an address is not a shared list: not text, too long, not an address, not http(s), or not a list's address. */
export type SharedListLinkError = 'not-text' | 'too-long' | 'not-an-address' | 'not-web' | 'not-a-list';

/**
 * Reads an address sent from a page: a list file to subscribe to by address, or a FIRES dataset
 * (its server's origin and its id, the address without query or fragment). Addresses with a user
 * name or password are refused as not a list, as the list fetcher refuses them.
 */
export function readSharedListLink(text: unknown): SharedListLink | { error: SharedListLinkError } {
  if (typeof text !== 'string') return { error: 'not-text' };
  if (text.length > MAX_LIST_LINK_LENGTH) return { error: 'too-long' };
  if (!URL.canParse(text)) return { error: 'not-an-address' };
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'not-web' };
  const isFile = LIST_FILE_PATH_RE.test(url.pathname);
  if (url.username !== '' || url.password !== '' || !(isFile || FIRES_DATASET_PATH_RE.test(url.pathname))) return { error: 'not-a-list' };
  return isFile ? { kind: 'url', url: url.href } : { kind: 'fires', serverUrl: url.origin, datasetId: `${url.origin}${url.pathname}` };
}

/** The options page's query parameter that names the list a post shared (`options.html?subscribe=…#lists`). */
export const SUBSCRIBE_PARAM = 'subscribe';

/** The address a link is read from again on the options page: the list's, or the FIRES dataset's id. */
export function sharedListAddress(link: SharedListLink): string {
  return link.kind === 'url' ? link.url : link.datasetId;
}

/** What follows `options.html` to ask the user about subscribing to `link` (Options › Lists). */
export function subscribeOfferSuffix(link: SharedListLink): string {
  return `?${SUBSCRIBE_PARAM}=${encodeURIComponent(sharedListAddress(link))}#lists`;
}
