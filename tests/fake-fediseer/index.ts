/**
 * A local fake Fediseer: a small `node:http` server that answers the read
 * endpoints Hedge uses the way Fediseer's source does (github.com/Fediseer/fediseer,
 * named beside each rule), from data a test gives it.
 *
 * - `GET /api/v1/censures_given/{domains_csv}` and `/hesitations_given/{domains_csv}`
 *   (fediseer/apis/v1/censures.py `CensuresGiven`, hesitations.py `HesitationsGiven`):
 *   `min_censures` / `min_hesitations` (default 1), `reasons_csv`, `domains`, `csv`,
 *   `page`, `limit` (default 1000, 400 below 10; only unfiltered answers are cut
 *   into pages). 404 when no server is known, 403 when none shows its list to
 *   everyone, 400 when the minimum is above the number of visible servers.
 * - `GET /api/v1/approvals/{domains_csv}` (endorsements.py `Approvals`): the
 *   servers they endorse.
 * - Every answer: `ETag: sha1(body)` and `Access-Control-Allow-Origin: *`
 *   (fediseer/__init__.py `after_request`); `If-None-Match` is never compared,
 *   so there is no 304.
 * - Limits: 45 requests a minute per client, and 30 a minute per path
 *   (`limiter.limit("45/minute")`, `limiter.limit("30/minute", key_func=get_request_path)`);
 *   beyond, 429 `{"message": "45 per 1 minute"}` with `Retry-After`
 *   (flask-limiter with `headers_enabled=True`).
 * - Errors answer `{"message": ...}` (fediseer/exceptions.py `handle_bad_requests`).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Who may read a server's list (fediseer/enums.py `ListVisibility`). */
export type Visibility = 'OPEN' | 'ENDORSED' | 'PRIVATE';

/** A server Fediseer knows. */
export interface FakeInstance {
  domain: string;
  software?: string;
  visibilityCensures?: Visibility;
  visibilityHesitations?: Visibility;
  visibilityEndorsements?: Visibility;
}

/** A censure or hesitation one server gave another. */
export interface FakeJudgement {
  by: string;
  of: string;
  reason?: string;
  evidence?: string;
}

/** What the fake knows. */
export interface FakeFediseerData {
  instances: FakeInstance[];
  censures: FakeJudgement[];
  hesitations: FakeJudgement[];
  /** `[endorsing, endorsed]` pairs. */
  endorsements: Array<[string, string]>;
}

export interface FakeFediseer {
  url: string;
  data: FakeFediseerData;
  /** Every request, in order: path with query, and its `If-None-Match`. */
  requests: Array<{ path: string; ifNoneMatch?: string }>;
  /** The next request answers this status and message instead (a fault). */
  failNext(status: number, message?: string): void;
  close(): Promise<void>;
}

const LIMIT_PER_CLIENT = 45;
const LIMIT_PER_PATH = 30;
const WINDOW_MS = 60_000;

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFakeFediseer(data: FakeFediseerData, options: { now?: () => number } = {}): Promise<FakeFediseer> {
  const now = options.now ?? Date.now;
  const requests: FakeFediseer['requests'] = [];
  const hits: Array<{ at: number; path: string }> = [];
  let fault: { status: number; message: string } | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fediseer.invalid');
    const ifNoneMatch = req.headers['if-none-match'];
    requests.push({ path: `${url.pathname}${url.search}`, ...(typeof ifNoneMatch === 'string' ? { ifNoneMatch } : {}) });
    const at = now();
    while (hits.length > 0 && at - (hits[0]?.at ?? at) >= WINDOW_MS) hits.shift();
    const samePath = hits.filter((hit) => hit.path === url.pathname).length;
    if (hits.length >= LIMIT_PER_CLIENT || samePath >= LIMIT_PER_PATH) {
      const wait = Math.ceil((WINDOW_MS - (at - (hits[0]?.at ?? at))) / 1000);
      send(res, 429, { message: hits.length >= LIMIT_PER_CLIENT ? '45 per 1 minute' : '30 per 1 minute' }, { 'Retry-After': String(wait) });
      return;
    }
    hits.push({ at, path: url.pathname });
    if (fault) {
      const { status, message } = fault;
      fault = undefined;
      // flask-limiter's 429 names when to come back; Fediseer's own 429 (too many changes a minute) does not.
      send(res, status, { message }, status === 429 ? { 'Retry-After': '37' } : {});
      return;
    }
    if (req.method !== 'GET') return send(res, 405, { message: 'The method is not allowed for the requested URL.' });
    const reply = route(data, url);
    send(res, reply.status, reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    data,
    requests,
    failNext(status, message = 'Something went wrong') {
      fault = { status, message };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': '*',
    ETag: createHash('sha1').update(text).digest('hex'),
    ...headers,
  });
  res.end(text);
}

type Reply = { status: number; body: unknown };

function route(data: FakeFediseerData, url: URL): Reply {
  const match = /^\/api\/v1\/(censures_given|hesitations_given|approvals)\/([^/]+)$/.exec(url.pathname);
  if (!match) return { status: 404, body: { message: 'The requested URL was not found on the server.' } };
  const [, endpoint, csv] = match;
  const domains = decodeURIComponent(csv ?? '').split(',');
  const query = url.searchParams;
  const limit = Number(query.get('limit') ?? '1000');
  if (limit < 10) return { status: 400, body: { message: 'Limit cannot be less than 10' } };
  const known = data.instances.filter((instance) => domains.includes(instance.domain));
  if (known.length === 0) return { status: 404, body: { message: 'No Instances found matching any of the provided domains. Have you remembered to register them?' } };
  const kind = endpoint === 'censures_given' ? 'censures' : endpoint === 'hesitations_given' ? 'hesitations' : 'endorsements';
  const visibilityOf = (instance: FakeInstance): Visibility =>
    (kind === 'censures' ? instance.visibilityCensures : kind === 'hesitations' ? instance.visibilityHesitations : instance.visibilityEndorsements) ?? 'OPEN';
  // Without an API key only OPEN lists are seen (ENDORSED and PRIVATE need the reader's key).
  const visible = known.filter((instance) => visibilityOf(instance) === 'OPEN').map((instance) => instance.domain);
  if (visible.length === 0) return { status: 403, body: { message: `You do not have access to see these ${kind}` } };
  const wantsDomains = isTrue(query.get('domains'));
  const wantsCsv = isTrue(query.get('csv'));
  if (kind === 'endorsements') {
    const endorsed = [...new Set(data.endorsements.filter(([by]) => visible.includes(by)).map(([, of]) => of))];
    const count = data.endorsements.filter(([by]) => visible.includes(by)).length;
    if (wantsCsv) return { status: 200, body: { csv: endorsed.join(','), total: count } };
    if (wantsDomains) return { status: 200, body: { domains: endorsed, total: count } };
    return { status: 200, body: { instances: endorsed.map((domain) => ({ ...details(data, domain), endorsement_reasons: [] })), total: count } };
  }
  const min = Number(query.get(kind === 'censures' ? 'min_censures' : 'min_hesitations') ?? '1');
  if (min > visible.length) return { status: 400, body: { message: `You cannot request more ${kind} than the amount of reference domains` } };
  const given = (kind === 'censures' ? data.censures : data.hesitations).filter((judgement) => visible.includes(judgement.by));
  const reasonsCsv = query.get('reasons_csv');
  const filters = reasonsCsv ? [...new Set(reasonsCsv.split(',').map((reason) => reason.trim().toLowerCase()))] : [];
  const isPaged = filters.length === 0 && min === 1;
  const page = Number(query.get('page') ?? '1');
  let targets = [...new Set(given.map((judgement) => judgement.of))];
  if (isPaged) targets = targets.slice((page - 1) * limit, page * limit);
  const prefix = kind === 'censures' ? 'censure' : 'hesitation';
  const instances: Array<Record<string, unknown>> = [];
  for (const target of targets) {
    const about = given.filter((judgement) => judgement.of === target);
    const withReason = about.filter((judgement) => judgement.reason !== undefined);
    const passes =
      filters.length > 0
        ? filters.some((filter) => withReason.filter((judgement) => (judgement.reason ?? '').toLowerCase().includes(filter)).length >= min)
        : about.length >= min;
    if (!passes) continue;
    instances.push({
      ...(wantsDomains || wantsCsv ? { domain: target } : details(data, target)),
      [`${prefix}_reasons`]: withReason.map((judgement) => judgement.reason),
      [`${prefix}_evidence`]: withReason.flatMap((judgement) => (judgement.evidence === undefined ? [] : [judgement.evidence])),
      [`${prefix}_count`]: about.length,
    });
  }
  if (wantsCsv) return { status: 200, body: { csv: instances.map((instance) => instance.domain).join(','), total: given.length } };
  if (wantsDomains) return { status: 200, body: { domains: instances.map((instance) => instance.domain), total: given.length } };
  return { status: 200, body: { instances, total: given.length } };
}

/** `Instance.get_details()` (fediseer/classes/instance.py), with made-up counts; `None` fields left out (`skip_none=True`). */
function details(data: FakeFediseerData, domain: string): Record<string, unknown> {
  const known = data.instances.find((instance) => instance.domain === domain);
  return {
    id: Math.abs([...domain].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) | 0, 7)),
    domain,
    software: known?.software ?? 'mastodon',
    claimed: known ? 1 : 0,
    open_registrations: false,
    approval_required: false,
    has_captcha: false,
    endorsements: data.endorsements.filter(([, of]) => of === domain).length,
    approvals: data.endorsements.filter(([by]) => by === domain).length,
    state: 'UP',
    tags: [],
  };
}

/** The arguments are declared `type=bool`, which flask-restx's reqparse applies as Python's `bool()`: any non-empty text is true. */
function isTrue(value: string | null): boolean {
  return value !== null && value !== '';
}
