/**
 * Fediseer as a source: the censures (blocks) and hesitations (limits) that
 * servers the user trusts gave, read from a Fediseer server (https://fediseer.com
 * unless the user names another). Facts from Fediseer's source
 * (github.com/Fediseer/fediseer):
 *
 * - `GET /api/v1/censures_given/{domains_csv}?min_censures=N` and
 *   `GET /api/v1/hesitations_given/{domains_csv}?min_hesitations=N` read the
 *   censures (hesitations) of several servers at once, keeping the domains at
 *   least N of them named (fediseer/apis/v1/censures.py, hesitations.py). N
 *   above the number of servers answers 400 "You cannot request more censures
 *   than the amount of reference domains". With N = 1 and no `reasons_csv` the
 *   answer is cut into pages of `limit` domains (default 1000, at least 10);
 *   Hedge asks for a `limit` large enough for one page, so a refresh is one
 *   request per endpoint.
 * - Errors: 404 when Fediseer knows none of the servers ("Have you remembered
 *   to register them?"), 403 when none of them shows its list to everyone
 *   (`visibility_censures` not OPEN), 400 for a bad parameter, 401 for a bad
 *   API key; each with `{"message": ...}` (fediseer/exceptions.py).
 * - Rate: `limiter.limit("45/minute")` per client address, and 30 a minute per
 *   path; flask-limiter answers 429 with `Retry-After` (fediseer/limiter.py,
 *   `headers_enabled=True`). Answers are cached on the server for 10 s
 *   (`@cache.cached(timeout=10)`).
 * - Every answer carries `ETag: sha1(body)` (fediseer/__init__.py,
 *   `after_request`), but nothing compares `If-None-Match`: Fediseer never
 *   answers 304. Hedge still sends the ETag it kept and treats an answer with
 *   the same ETag as unchanged; and it does not ask again within
 *   {@link FEDISEER_MIN_INTERVAL_MS} of the last check.
 * - `GET /api/v1/approvals/{domains_csv}` lists the servers that the given
 *   ones endorse (`/api/v1/endorsements/{domain}` is the other way: who
 *   endorses the domain) (fediseer/apis/v1/endorsements.py, `Approvals`).
 */
import { normalizeDomain } from '../../core/domain';
import { ListParseError, decodeListBytes, parseList, type ParsedList } from '../../core/lists';
import { fediseerKindOf, mergeFediseerLists, parseFediseerAnswer, type FediseerKind } from '../../core/lists/fediseer';
import type { CachedList } from '../../db/list-cache';
import { domainErrorMessage, fetchListErrorMessage, listParseErrorMessage } from '../../i18n/error-messages';
import { t } from '../../i18n/translate';
import { ReplyError } from '../reply-error';
import { fetchOptions, listCache, now } from './environment';
import { checkListUrl, fetchWithinGrant, readCapped, withDeadline } from './fetch-list';

/** What a Fediseer subscription asks for. */
export interface FediseerSettings {
  /** Fediseer's address, without a trailing slash: `https://fediseer.com`. */
  baseUrl: string;
  /** The servers the user trusts, as lowercase punycode domains. */
  servers: string[];
  /** How many of them must have censured (or hesitated about) a domain. */
  threshold: number;
  /**
   * Only censures whose reason holds one of these texts (`reasons_csv`, lowercase):
   * then `threshold` counts the censures with that reason, and the answer is never cut into pages.
   */
  reasons?: string[];
}

/** The content type under which a Fediseer subscription's two answers are kept in the list cache. */
export const FEDISEER_COPY_TYPE = 'application/x-hedge-fediseer+json';

/** Fediseer's own limit on its read endpoints (censures.py, `limiter.limit("45/minute")`). */
export const FEDISEER_REQUESTS_PER_MINUTE = 45;

/** A refresh sooner than this after the last check keeps the copy without asking Fediseer. */
export const FEDISEER_MIN_INTERVAL_MS = 10 * 60_000;

/** The most servers one subscription names: they all go into one address. */
const MAX_SERVERS = 50;

/** The most reasons one subscription filters on. */
const MAX_REASONS = 20;

/** Asked for with `min_censures=1`, so that the whole answer comes in one page. */
const ONE_PAGE_LIMIT = 100_000;

/** What is kept of the two answers. */
interface FediseerCopy {
  censures: string;
  hesitations: string;
  etags: Partial<Record<FediseerKind, string>>;
}

/** Request times of the last minute, for every Fediseer server together. */
const recentRequests: number[] = [];

/**
 * Checks what the page sent for a Fediseer subscription; throws a {@link ReplyError} in words.
 * @param servers - domains, as a list or as text separated by commas or spaces.
 */
export function checkFediseerSettings(baseUrl: unknown, servers: unknown, threshold: unknown, reasons?: unknown): FediseerSettings {
  const checked = checkListUrl(typeof baseUrl === 'string' ? baseUrl : '');
  if ('error' in checked) throw new ReplyError('invalid-input', fetchListErrorMessage(checked.error));
  const names = (Array.isArray(servers) ? servers : typeof servers === 'string' ? servers.split(/[\s,]+/) : [])
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const domains: string[] = [];
  for (const name of names) {
    const result = normalizeDomain(name);
    if ('error' in result) throw new ReplyError('invalid-input', t('bg_fediseerBadServer', name, domainErrorMessage(result.error)));
    if (!domains.includes(result.domain)) domains.push(result.domain);
  }
  if (domains.length === 0) throw new ReplyError('invalid-input', t('bg_fediseerNoServers'));
  if (domains.length > MAX_SERVERS) throw new ReplyError('invalid-input', t('bg_fediseerTooManyServers', MAX_SERVERS));
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 1 || threshold > domains.length) {
    throw new ReplyError('invalid-input', t('bg_fediseerThreshold', domains.length));
  }
  const base = checked.url.toString().replace(/\/+$/, '');
  const filters = reasonFilters(reasons);
  return { baseUrl: base, servers: domains, threshold, ...(filters.length === 0 ? {} : { reasons: filters }) };
}

/** The reasons to filter on, lowercase and without repeats, as Fediseer compares them (censures.py). */
function reasonFilters(reasons: unknown): string[] {
  const texts = Array.isArray(reasons) ? reasons : typeof reasons === 'string' ? reasons.split(',') : [];
  const filters: string[] = [];
  for (const text of texts) {
    // Fediseer splits `reasons_csv` at commas: a comma inside one reason would make two.
    const parts = typeof text === 'string' ? text.split(',') : [];
    for (const part of parts) {
      const filter = part.trim().toLowerCase();
      if (filter !== '' && !filters.includes(filter)) filters.push(filter);
    }
  }
  if (filters.length > MAX_REASONS) throw new ReplyError('invalid-input', t('bg_fediseerTooManyReasons', MAX_REASONS));
  return filters;
}

/** The address of one endpoint's answer for these settings. */
export function fediseerAddress(settings: FediseerSettings, kind: FediseerKind): string {
  const min = kind === 'censures' ? 'min_censures' : 'min_hesitations';
  const query = new URLSearchParams({ [min]: String(settings.threshold) });
  if (settings.reasons !== undefined) query.set('reasons_csv', settings.reasons.join(','));
  else if (settings.threshold === 1) query.set('limit', String(ONE_PAGE_LIMIT));
  return `${settings.baseUrl}/api/v1/${kind}_given/${settings.servers.join(',')}?${query.toString()}`;
}

/** The name a Fediseer subscription is shown under: the servers it trusts. */
export function fediseerName(settings: FediseerSettings): string {
  const servers = settings.servers.join(', ');
  return settings.reasons === undefined ? t('bg_fediseerName', servers) : t('bg_fediseerNameWithReasons', servers, settings.reasons.join(', '));
}

/** The list of a kept copy: censures as blocks, hesitations as limits. */
export function fediseerListOfCopy(text: string): ParsedList {
  const copy = JSON.parse(text) as FediseerCopy;
  return mergeFediseerLists(readAnswer(copy.censures, 'censures'), readAnswer(copy.hesitations, 'hesitations'));
}

function readAnswer(text: string, kind: FediseerKind): ParsedList {
  const value = JSON.parse(text) as unknown;
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return parseFediseerAnswer(record, kind);
}

/**
 * Asks Fediseer for both answers, one request each, unless the last check is
 * recent. `not-modified` when the copy stays: checked within
 * {@link FEDISEER_MIN_INTERVAL_MS} (the check time is not moved on), or both
 * answers came with the ETags kept (the copy's check time is now).
 */
export async function fetchFediseerCopy(
  settings: FediseerSettings,
  cacheKey: string,
  previous: CachedList | undefined,
): Promise<{ list: ParsedList; copy: CachedList } | 'not-modified'> {
  if (previous !== undefined && now() - previous.checkedAt < FEDISEER_MIN_INTERVAL_MS) return 'not-modified';
  const kept = previous === undefined ? undefined : (JSON.parse(previous.text) as FediseerCopy);
  takeRequestSlots(2);
  const censures = await getAnswer(settings, 'censures', kept?.etags.censures);
  const hesitations = await getAnswer(settings, 'hesitations', kept?.etags.hesitations);
  const at = now();
  if (kept !== undefined && previous !== undefined && censures === 'same' && hesitations === 'same') {
    await listCache().put({ ...previous, checkedAt: at });
    return 'not-modified';
  }
  const copy: FediseerCopy = {
    censures: censures === 'same' ? (kept?.censures ?? '') : censures.text,
    hesitations: hesitations === 'same' ? (kept?.hesitations ?? '') : hesitations.text,
    etags: {
      ...(censures === 'same' ? { censures: kept?.etags.censures } : censures.etag === undefined ? {} : { censures: censures.etag }),
      ...(hesitations === 'same' ? { hesitations: kept?.etags.hesitations } : hesitations.etag === undefined ? {} : { hesitations: hesitations.etag }),
    },
  };
  const text = JSON.stringify(copy);
  return { list: fediseerListOfCopy(text), copy: { url: cacheKey, text, contentType: FEDISEER_COPY_TYPE, fetchedAt: at, checkedAt: at } };
}

/**
 * The servers to suggest trusting: the user's own and those it endorses on
 * Fediseer (`/api/v1/approvals/{domain}?domains=true`). A server Fediseer does
 * not know, or whose endorsements are not public, is suggested alone.
 */
export async function suggestFediseerServers(baseUrl: unknown, ownDomain: string): Promise<string[]> {
  const settings = checkFediseerSettings(baseUrl, [ownDomain], 1);
  takeRequestSlots(1);
  const address = `${settings.baseUrl}/api/v1/approvals/${settings.servers[0]}?domains=true`;
  const answer = await request(address, undefined);
  if (answer.status === 404 || answer.status === 403) return settings.servers;
  if (answer.status !== 200) throw failure(answer, settings);
  const value = parseJson(answer.text);
  const domains = typeof value === 'object' && value !== null && Array.isArray((value as { domains?: unknown }).domains) ? (value as { domains: unknown[] }).domains : [];
  const suggested = [...settings.servers];
  for (const domain of domains) {
    if (typeof domain !== 'string') continue;
    const result = normalizeDomain(domain);
    if ('domain' in result && !suggested.includes(result.domain)) suggested.push(result.domain);
  }
  return suggested.slice(0, MAX_SERVERS);
}

/**
 * Counts `count` requests against Fediseer's limit of 45 a minute, or refuses
 * them all in words when they would pass it.
 */
function takeRequestSlots(count: number): void {
  const at = now();
  while (recentRequests.length > 0 && at - (recentRequests[0] ?? at) >= 60_000) recentRequests.shift();
  if (recentRequests.length + count > FEDISEER_REQUESTS_PER_MINUTE) {
    const wait = Math.max(1, Math.ceil((60_000 - (at - (recentRequests[0] ?? at))) / 1000));
    throw new ReplyError('list-error', t('bg_fediseerSlowDown', wait));
  }
  for (let i = 0; i < count; i += 1) recentRequests.push(at);
}

/**
 * Forgets the requests counted so far.
 * @internal Tests start each case with a fresh minute.
 */
export function resetFediseerRequests(): void {
  recentRequests.length = 0;
}

async function getAnswer(settings: FediseerSettings, kind: FediseerKind, etag: string | undefined): Promise<{ text: string; etag?: string } | 'same'> {
  const address = fediseerAddress(settings, kind);
  const answer = await request(address, etag);
  if (answer.status === 304 && etag !== undefined) return 'same';
  if (answer.status !== 200) throw failure(answer, settings);
  if (etag !== undefined && answer.etag === etag) return 'same';
  const value = parseJson(answer.text);
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const found = record === undefined ? undefined : fediseerKindOf(record);
  if (found !== kind && found !== 'unknown') throw new ReplyError('list-error', t('bg_fediseerNotAnswer', address, notAnswerReason(answer.text)));
  return { text: answer.text, ...(answer.etag === undefined ? {} : { etag: answer.etag }) };
}

/** Why a 200 answer is not Fediseer's: what the list reader says of it. */
function notAnswerReason(text: string): string {
  try {
    parseList(text);
  } catch (error) {
    if (error instanceof ListParseError) return listParseErrorMessage(error);
    throw error;
  }
  return listParseErrorMessage(new ListParseError('wrong-json-shape', 'Not a Fediseer answer.', 'unknown-json'));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    console.warn('Hedge: Fediseer answered something other than JSON', error);
    return undefined;
  }
}

interface Answer {
  status: number;
  text: string;
  etag?: string;
  retryAfter?: string;
}

/** One GET to Fediseer: HTTPS, a timeout, a size cap, no cookies, redirects only within its origin. */
async function request(address: string, etag: string | undefined): Promise<Answer> {
  const checked = checkListUrl(address);
  if ('error' in checked) throw new ReplyError('invalid-input', fetchListErrorMessage(checked.error));
  const options = fetchOptions();
  const origin = checked.url.origin;
  return withDeadline({}, async (signal) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (etag !== undefined) headers['If-None-Match'] = etag;
    const init = { headers, signal, credentials: 'omit' as const, cache: 'no-store' as const };
    const onServer = async (next: URL): Promise<boolean> => next.origin === origin;
    const response = await fetchWithinGrant(options.fetch ?? fetch, checked.url, init, onServer, 'server-unreachable');
    const text = decodeListBytes(await readCapped(response, 20 * 1024 * 1024, signal));
    const answer: Answer = { status: response.status, text };
    const tag = response.headers.get('etag');
    if (tag !== null) answer.etag = tag;
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter !== null) answer.retryAfter = retryAfter;
    return answer;
  });
}

/** A Fediseer answer other than 200, in words. */
function failure(answer: Answer, settings: FediseerSettings): ReplyError {
  const servers = settings.servers.join(', ');
  if (answer.status === 404) return new ReplyError('list-error', t('bg_fediseerNotRegistered', servers));
  if (answer.status === 403) return new ReplyError('list-error', t('bg_fediseerNotShared', servers));
  if (answer.status === 429) {
    const seconds = Number(answer.retryAfter);
    return new ReplyError('list-error', t('bg_fediseerSlowDown', Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60));
  }
  if (answer.status >= 500) return new ReplyError('list-error', t('bg_fediseerDown', answer.status));
  const value = parseJson(answer.text);
  const message = typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' ? (value as { message: string }).message : answer.text.slice(0, 200);
  return new ReplyError('list-error', t('bg_fediseerRefused', answer.status, message));
}
