/**
 * Fetching a subscribed list by URL: HTTPS only (plain HTTP for localhost and
 * 127.0.0.1 in the end-to-end build alone, utils/core/build-flags.ts), redirects
 * followed by hand within the origins the user granted, streamed with a size cap and a timeout,
 * conditional with `If-None-Match` / `If-Modified-Since`, and sniffed by
 * `parseList` (a 200 answer holding an HTML page is an error, not an empty
 * list). When an update fails, the last good copy from the cache is used and
 * the failure is reported beside it.
 */
import { FetchListError, fetchListError, notAListError, type FetchListDetail } from '../../core/fetch-errors.ts';
import { decodeListBytes, parseList, ListParseError, MAX_LIST_BYTES, type ParsedList } from '../../core/lists/index.ts';
import { allowsLocalHttp } from '../../core/build-flags.ts';
import type { FiresHttp } from '../../core/ports.ts';
import type { CachedList, ListCacheStore } from '../../db/list-cache.ts';
import { hasListPermission } from '../../permissions/list-permission.ts';

/** Options of {@link fetchList}. */
export interface FetchListOptions {
  /** Where the last good copy is kept; without it, failures simply throw. */
  cache?: ListCacheStore;
  fetch?: typeof fetch;
  /** The whole request, body included. Default 30 s. */
  timeoutMs?: number;
  /** Default 20 MB, Mastodon's own import limit. */
  maxBytes?: number;
  signal?: AbortSignal;
  now?: () => number;
  /**
   * Whether Hedge holds host permission for a URL's origin: a redirect to
   * another origin than the list's is followed only then. Default: the
   * browser's `permissions.contains`.
   */
  hasHostPermission?: (url: string) => Promise<boolean | undefined>;
}

/** A list as fetched, or as kept when the update failed. */
export interface FetchedList {
  url: string;
  list: ParsedList;
  /**
   * `network`: a new copy; `not-modified`: the server confirmed the cached copy;
   * `cache`: the update failed and the last good copy is used (see `error`).
   */
  source: 'network' | 'not-modified' | 'cache';
  fetchedAt: number;
  etag?: string;
  lastModified?: string;
  /** Why the update failed, when `source` is `cache`. */
  error?: FetchListError;
}

/** Default time for one fetch, body included. */
const FETCH_LIST_TIMEOUT_MS = 30_000;

const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1']);
const ACCEPT = 'text/csv, text/plain, application/json;q=0.9, application/ld+json;q=0.9, */*;q=0.5';

/** Checks a subscription URL: `https:` anywhere, `http:` only for localhost and 127.0.0.1 in the end-to-end build. */
export function checkListUrl(text: string): { url: URL } | { error: FetchListError } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { error: fetchListError('url-not-address', [text]) };
  }
  if (url.username !== '' || url.password !== '') {
    return { error: fetchListError('url-credentials') };
  }
  if (url.protocol === 'https:') return { url };
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname) && allowsLocalHttp()) return { url };
  if (url.protocol === 'http:') {
    return { error: fetchListError('url-insecure', [`https://${url.host}${url.pathname}${url.search}`]) };
  }
  return { error: fetchListError('url-scheme', [url.protocol]) };
}

/**
 * Fetches and parses a list. Throws a {@link FetchListError} only when there
 * is no cached copy to fall back on (or the URL itself is refused, or the
 * caller aborted).
 */
export async function fetchList(urlText: string, options: FetchListOptions = {}): Promise<FetchedList> {
  const checked = checkListUrl(urlText);
  if ('error' in checked) throw checked.error;
  const key = checked.url.toString();
  const now = options.now ?? Date.now;
  const cached = await options.cache?.get(key);
  try {
    return await download(checked.url, cached, options, now);
  } catch (error) {
    const failure = asFetchError(error);
    if (failure.kind === 'aborted' || cached === undefined) throw failure;
    const list = readCached(cached, checked.url);
    // A kept copy that no longer reads (kept by an earlier version in another encoding) is no fallback.
    if (list === undefined) throw failure;
    return { ...keptCopy(cached, key, list, 'cache'), error: failure };
  }
}

function download(url: URL, cached: CachedList | undefined, options: FetchListOptions, now: () => number): Promise<FetchedList> {
  const fetchImpl = options.fetch ?? fetch;
  const maxBytes = options.maxBytes ?? MAX_LIST_BYTES;
  return withDeadline(options, async (signal) => {
    const headers: Record<string, string> = { Accept: ACCEPT };
    if (cached?.etag !== undefined) headers['If-None-Match'] = cached.etag;
    if (cached?.lastModified !== undefined) headers['If-Modified-Since'] = cached.lastModified;
    const mayRead = async (next: URL): Promise<boolean> => next.origin === url.origin || (await hostPermission(next.toString(), options)) === true;
    const response = await fetchWithinGrant(fetchImpl, url, { headers, signal, credentials: 'omit', cache: 'no-store' }, mayRead, 'server-unreachable');
    const key = url.toString();
    const checkedAt = now();
    if (response.status === 304 && cached !== undefined) {
      await response.body?.cancel();
      const list = readCached(cached, url);
      // The server confirms a copy Hedge cannot read: ask again for the whole list, without validators.
      if (list === undefined) return await download(url, undefined, options, now);
      await options.cache?.put({ ...cached, checkedAt });
      return keptCopy(cached, key, list, 'not-modified');
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw httpError(response.status);
    }
    const declared = Number(response.headers.get('content-length') ?? '');
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw tooLarge(maxBytes);
    }
    const bytes = await readCapped(response, maxBytes, signal);
    const contentType = response.headers.get('content-type') ?? undefined;
    let list: ParsedList;
    // The copy keeps the text the parser read, in whatever encoding the bytes came (UTF-16 included).
    let text: string;
    try {
      text = decodeListBytes(bytes);
      list = parseList(text, { fileName: fileNameOf(url), contentType });
    } catch (error) {
      if (error instanceof ListParseError) throw notAListError(error);
      throw error;
    }
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    const entry: CachedList = { url: key, text, fetchedAt: checkedAt, checkedAt };
    if (contentType !== undefined) entry.contentType = contentType;
    if (etag !== undefined) entry.etag = etag;
    if (lastModified !== undefined) entry.lastModified = lastModified;
    await options.cache?.put(entry);
    return {
      url: key,
      list,
      source: 'network',
      fetchedAt: checkedAt,
      ...(etag === undefined ? {} : { etag }),
      ...(lastModified === undefined ? {} : { lastModified }),
    };
  });
}

/** At most this many redirects for one request, as browsers stop at 20 (Fetch standard, "HTTP-redirect fetch"). */
const MAX_REDIRECTS = 5;

/**
 * Fetches `start`, following redirects by hand so that every hop is checked
 * before a request goes there: each address must pass {@link checkListUrl}
 * (https, or http to loopback in the end-to-end build) and `mayRead`.
 *
 * Why not `redirect: 'follow'`: the browser would send the request to every
 * hop before Hedge could look at it, and `response.url` shows only the last
 * one. With `redirect: 'manual'`, Node's fetch (undici) returns the 3xx answer
 * with its `Location`; browsers return an opaque-redirect response instead
 * (`type` 'opaqueredirect', status 0, no headers), for every manual redirect
 * and in extension contexts too: the Fetch standard's HTTP fetch step turns a
 * redirect under "manual" into an opaque-redirect filtered response, whatever
 * the origin and host permissions (fetch.spec.whatwg.org, "HTTP fetch").
 * Checked in Chromium: the service worker of the end-to-end build, which holds
 * host permission for 127.0.0.1, gets `{ type: 'opaqueredirect', status: 0 }`
 * and no `Location` for a 302 from there; Firefox ESR 153 gives an extension
 * page of that build the same.
 * Such a redirect cannot be checked, so it is refused with a message that says
 * to subscribe to the final address.
 * @param mayRead - whether a hop's address may be requested (its origin is granted).
 * @param unreachable - the sentence when the server cannot be reached.
 */
export async function fetchWithinGrant(
  fetchImpl: typeof fetch,
  start: URL,
  init: RequestInit & { signal: AbortSignal },
  mayRead: (url: URL) => Promise<boolean>,
  unreachable: 'server-unreachable' | 'fires-unreachable',
): Promise<Response> {
  let url = start;
  for (let hops = 0; ; hops += 1) {
    let response: Response;
    try {
      response = await fetchImpl(url.toString(), { ...init, redirect: 'manual' });
    } catch (error) {
      throw abortReason(init.signal) ?? fetchListError(unreachable, [messageOf(error)]);
    }
    const isRedirect = response.type === 'opaqueredirect' || [301, 302, 303, 307, 308].includes(response.status);
    if (!isRedirect) {
      // A fetch that followed a redirect on its own (none should with 'manual') is checked as one more hop.
      if (response.url !== '' && response.url !== url.toString()) await checkHop(response, url, response.url, mayRead);
      return response;
    }
    await response.body?.cancel();
    const location = response.type === 'opaqueredirect' ? null : response.headers.get('location');
    if (location === null || !URL.canParse(location, url)) throw fetchListError('redirect-hidden', [url.origin]);
    if (hops >= MAX_REDIRECTS) throw fetchListError('too-many-redirects', [start.origin]);
    url = await checkHop(undefined, url, new URL(location, url).toString(), mayRead);
  }
}

/** The next hop's address once checked; a refused one throws in words, and cancels `response`'s body. */
async function checkHop(response: Response | undefined, from: URL, to: string, mayRead: (url: URL) => Promise<boolean>): Promise<URL> {
  const checked = checkListUrl(to);
  const refusal =
    'error' in checked
      ? fetchListError('redirect-insecure', [to])
      : (await mayRead(checked.url))
        ? undefined
        : fetchListError('redirect-other-origin', [from.origin, checked.url.origin]);
  if (refusal === undefined && 'url' in checked) return checked.url;
  await response?.body?.cancel();
  throw refusal ?? fetchListError('redirect-insecure', [to]);
}

/** Whether host permission for `url`'s origin is held; false when it cannot be told. */
async function hostPermission(url: string, options: Pick<FetchListOptions, 'hasHostPermission'>): Promise<boolean | undefined> {
  try {
    return await (options.hasHostPermission ?? hasListPermission)(url);
  } catch (error) {
    // Outside an extension (no permissions API) nothing is known to be granted.
    console.warn('Hedge: could not check host permission; the redirect is not followed', error);
    return false;
  }
}

/**
 * Runs `work` with a signal that aborts after `options.timeoutMs` (the whole
 * request, body included) or when the caller's own signal aborts; the signal's
 * reason is the {@link FetchListError} to report.
 */
export async function withDeadline<T>(options: Pick<FetchListOptions, 'timeoutMs' | 'signal'>, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? FETCH_LIST_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(fetchListError('timeout', [Math.round(timeoutMs / 1000)])), timeoutMs);
  const onAbort = (): void => controller.abort(fetchListError('cancelled'));
  if (options.signal?.aborted === true) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The answer made of the kept copy, with the validators it was kept with. */
function keptCopy(cached: CachedList, url: string, list: ParsedList, source: 'not-modified' | 'cache'): FetchedList {
  return {
    url,
    list,
    source,
    fetchedAt: cached.fetchedAt,
    ...(cached.etag === undefined ? {} : { etag: cached.etag }),
    ...(cached.lastModified === undefined ? {} : { lastModified: cached.lastModified }),
  };
}

/** The kept copy's list, or undefined when it cannot be read any more. */
function readCached(cached: CachedList, url: URL): ParsedList | undefined {
  try {
    return parseList(cached.text, { fileName: fileNameOf(url), ...(cached.contentType === undefined ? {} : { contentType: cached.contentType }) });
  } catch (error) {
    if (!(error instanceof ListParseError)) throw error;
    console.warn(`Hedge: the kept copy of ${url.toString()} cannot be read (${error.code}); it is not used`);
    return undefined;
  }
}

/** Reads the body chunk by chunk and stops as soon as it passes `maxBytes`. */
export async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FetchListError) throw error;
    throw abortReason(signal) ?? fetchListError('download-broke', [messageOf(error)]);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function abortReason(signal: AbortSignal): FetchListError | undefined {
  return signal.aborted && signal.reason instanceof FetchListError ? signal.reason : undefined;
}

function asFetchError(error: unknown): FetchListError {
  if (error instanceof FetchListError) return error;
  return fetchListError('not-fetched', [messageOf(error)]);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}

function tooLarge(maxBytes: number): FetchListError {
  return fetchListError('too-large', [Math.round(maxBytes / 1024 / 1024)]);
}

/** An answer that is not the list, by its status. */
export function httpError(status: number): FetchListError {
  const detail: FetchListDetail =
    status === 404 || status === 410
      ? 'gone'
      : status === 401 || status === 403
        ? 'forbidden'
        : status === 429
          ? 'rate-limited'
          : status >= 500
            ? 'server-error'
            : 'unexpected-status';
  return fetchListError(detail, [String(status)], status);
}

function fileNameOf(url: URL): string {
  const last = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    // A stray `%` in the path: the name only breaks ties between formats, so keep it as written.
    return last;
  }
}

/** FIRES answers are small JSON documents: a page holds at most 100 changes. */
const MAX_FIRES_ANSWER_BYTES = 5 * 1024 * 1024;

/**
 * The `FiresHttp` port over `fetch`, with the same rules as list fetching:
 * HTTPS only (HTTP for loopback in the end-to-end build), a timeout, a size
 * cap. Every request stays on `origin`, the FIRES server the user subscribed
 * to and granted: the server's JSON names the next addresses (nodeinfo,
 * datasets, labels, snapshot, changes and their pages), and a link or a
 * redirect to another origin is refused in words instead of followed. Errors
 * are {@link FetchListError}s (utils/core/fetch-errors.ts) with their sentence's code.
 * @param origin - the FIRES server's address; only its origin counts.
 */
export function createFiresHttp(origin: string, options: Pick<FetchListOptions, 'fetch' | 'timeoutMs' | 'signal'> = {}): FiresHttp {
  const pinned = URL.canParse(origin) ? new URL(origin).origin : origin;
  return {
    async getJson(urlText: string): Promise<unknown> {
      const checked = checkListUrl(urlText);
      if ('error' in checked) throw checked.error;
      if (checked.url.origin !== pinned) throw fetchListError('fires-other-origin', [pinned, checked.url.toString()]);
      const fetchImpl = options.fetch ?? fetch;
      return withDeadline(options, async (signal) => {
        const init = { headers: { Accept: 'application/ld+json, application/json;q=0.9' }, signal, credentials: 'omit' as const };
        const onServer = async (next: URL): Promise<boolean> => next.origin === pinned;
        const response = await fetchWithinGrant(fetchImpl, checked.url, init, onServer, 'fires-unreachable');
        if (!response.ok) {
          await response.body?.cancel();
          throw httpError(response.status);
        }
        const bytes = await readCapped(response, MAX_FIRES_ANSWER_BYTES, signal);
        try {
          return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
        } catch {
          throw fetchListError('fires-not-json', [checked.url.toString()]);
        }
      });
    },
  };
}
