/**
 * Fetching a subscribed list by URL: HTTPS only (plain HTTP for localhost and
 * 127.0.0.1 alone, for local testing), streamed with a size cap and a timeout,
 * conditional with `If-None-Match` / `If-Modified-Since`, and sniffed by
 * `parseList` (a 200 answer holding an HTML page is an error, not an empty
 * list). When an update fails, the last good copy from the cache is used and
 * the failure is reported beside it.
 */
import { FetchListError, fetchListError, notAListError, type FetchListDetail } from '../../core/fetch-errors.ts';
import { decodeListBytes, parseList, ListParseError, MAX_LIST_BYTES, type ParsedList } from '../../core/lists/index.ts';
import type { FiresHttp } from '../../core/ports.ts';
import type { CachedList, ListCacheStore } from '../../db/list-cache.ts';

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

/** Checks a subscription URL: `https:` anywhere, `http:` only for localhost and 127.0.0.1. */
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
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return { url };
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
    let response: Response;
    try {
      response = await fetchImpl(url.toString(), { headers, signal, redirect: 'follow', credentials: 'omit', cache: 'no-store' });
    } catch (error) {
      throw abortReason(signal) ?? fetchListError('server-unreachable', [messageOf(error)]);
    }
    if (response.url !== '' && response.url !== url.toString()) {
      const redirected = checkListUrl(response.url);
      if ('error' in redirected) throw fetchListError('redirect-insecure', [response.url]);
    }
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

/**
 * Runs `work` with a signal that aborts after `options.timeoutMs` (the whole
 * request, body included) or when the caller's own signal aborts; the signal's
 * reason is the {@link FetchListError} to report.
 */
async function withDeadline<T>(options: Pick<FetchListOptions, 'timeoutMs' | 'signal'>, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
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
async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
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
function httpError(status: number): FetchListError {
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
 * HTTPS only (HTTP for localhost), a timeout, a size cap. Errors are
 * {@link FetchListError}s (utils/core/fetch-errors.ts) with their sentence's code.
 */
export function createFiresHttp(options: Pick<FetchListOptions, 'fetch' | 'timeoutMs' | 'signal'> = {}): FiresHttp {
  return {
    async getJson(urlText: string): Promise<unknown> {
      const checked = checkListUrl(urlText);
      if ('error' in checked) throw checked.error;
      const fetchImpl = options.fetch ?? fetch;
      return withDeadline(options, async (signal) => {
        let response: Response;
        try {
          response = await fetchImpl(checked.url.toString(), {
            headers: { Accept: 'application/ld+json, application/json;q=0.9' },
            signal,
            credentials: 'omit',
          });
        } catch (error) {
          throw abortReason(signal) ?? fetchListError('fires-unreachable', [messageOf(error)]);
        }
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
