/**
 * Reads an account's server into what Hedge keeps of it (utils/db/account-snapshots.ts):
 * its personal blocks, its follows and followers, the server's own blocks and
 * version, with the time they were read. Read before each plan; the content
 * script's verdicts and the state's counts are built from the snapshot.
 *
 * Reads share the account's rate limit with the apply engine and with the
 * user's own use of Mastodon (300 requests per 5 minutes, and 300 paged
 * requests per 15 minutes: config/initializers/rack_attack.rb). So a plan
 * reads the personal blocks again every time (a few requests, and the plan is
 * wrong without them), but reuses follows, followers and the server's facts
 * for {@link RELATIONSHIPS_MAX_AGE_MS}, and longer when the window is nearly
 * spent. A 429 is waited out when its window resets soon; otherwise the read
 * is refused with the time to try again.
 */
import { getAccountSnapshot, putAccountSnapshot } from '../db/account-snapshots';
import type { AccountSnapshot } from '../db/schema';
import { t, uiLanguage } from '../i18n/translate';
import type { AccountKey } from '../protocol';
import { MastodonError } from '../mastodon/errors';
import type { RateLimitInfo } from '../mastodon/rate-limit-headers';
import { fetchRelationships } from '../mastodon/relationships';
import { fetchServerDomainBlocks, fetchServerVersion } from '../mastodon/server';
import { lastRateLimit, type AccountConnection } from './session';

/** Follows, followers and the server's facts read less than this long ago are used again. */
export const RELATIONSHIPS_MAX_AGE_MS = 10 * 60_000;

/** A read waits at most this long for a spent rate-limit window to reset; beyond, it is refused. */
const MAX_READ_WAIT_MS = 15_000;

/**
 * Requests left in the window below which follows and followers are not read
 * again while Hedge has a copy: they take one request per 80 accounts, and the
 * window also serves the apply engine and the user's own Mastodon.
 */
const READ_RESERVE = 60;

/** Clock and timer of the reads; tests pass their own. */
export interface ReadTiming {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** How {@link refreshAccountSnapshot} reads. */
export interface SnapshotReadOptions extends ReadTiming {
  /**
   * Follows, followers and the server's facts read less than this long ago are
   * used again, and older ones too while the rate-limit window is nearly spent.
   * Default 0: read them again (an undo's impact, a caller that must not miss a
   * follow made a moment ago).
   */
  relationshipsMaxAgeMs?: number;
}

/** Waits a little past the reset: servers and browsers disagree by a few hundred milliseconds. */
const RESET_MARGIN_MS = 500;

/**
 * Reads the personal blocks again, and the rest unless the stored copy is
 * younger than `relationshipsMaxAgeMs` (or the caller reuses it and the rate
 * limit is nearly spent); stores and returns the result. Throws a `MastodonError`.
 */
export async function refreshAccountSnapshot(
  connection: AccountConnection,
  options: SnapshotReadOptions | (() => number) = {},
): Promise<AccountSnapshot> {
  const { now, sleep } = withDefaults(options);
  const maxAgeMs = typeof options === 'function' ? 0 : (options.relationshipsMaxAgeMs ?? 0);
  const { account, client, host, onAnswer } = connection;
  const stored = await getAccountSnapshot(account.key);
  const personalBlocks = await paced(connection, () => connection.domainBlocks.listAll(), { now, sleep });
  const fetchedAt = now();
  const relationshipsAt = stored ? (stored.relationshipsFetchedAt ?? stored.fetchedAt) : undefined;
  const isRecent = relationshipsAt !== undefined && fetchedAt - relationshipsAt < maxAgeMs;
  const mayReuse = maxAgeMs > 0 && (isRecent || isWindowNearlySpent(lastRateLimit(account.key), fetchedAt));
  let snapshot: AccountSnapshot;
  if (stored && mayReuse) {
    snapshot = { ...stored, personalBlocks, fetchedAt, relationshipsFetchedAt: relationshipsAt ?? fetchedAt };
  } else {
    const server = await paced(connection, () => fetchServerVersion(client, { host, onAnswer }), { now, sleep });
    const relationships = await paced(
      connection,
      () => fetchRelationships(client, { accountId: account.accountId, localDomain: account.localDomain, host, onAnswer, now }),
      { now, sleep },
    );
    const serverBlocks = await paced(connection, () => fetchServerDomainBlocks(connection.credentials, { host, onAnswer, software: account.software }), { now, sleep });
    snapshot = {
      accountKey: account.key,
      fetchedAt,
      relationshipsFetchedAt: now(),
      server,
      personalBlocks,
      serverBlocks,
      following: relationships.following,
      followers: relationships.followers,
    };
  }
  await putAccountSnapshot(snapshot);
  return snapshot;
}

/** Reads the personal blocks again (a few requests) and stores them into the snapshot. Throws a `MastodonError`. */
export async function refreshPersonalBlocks(connection: AccountConnection, timing: ReadTiming | (() => number) = {}): Promise<string[]> {
  const { now, sleep } = withDefaults(timing);
  const personalBlocks = await paced(connection, () => connection.domainBlocks.listAll(), { now, sleep });
  const current = await getAccountSnapshot(connection.account.key);
  if (current) await putAccountSnapshot({ ...current, personalBlocks, fetchedAt: now() });
  return personalBlocks;
}

/**
 * Reads what the web UI's marks are made of, the personal blocks and the
 * server's own blocks (one request besides the blocks' pages), into the stored
 * snapshot, leaving follows and followers as they were: they cost a paged
 * request per 80 accounts (rack_attack.rb counts paging against 300 per 15
 * minutes), and a plan reads them when it needs them. Without a stored
 * snapshot it reads everything, as a plan would. Throws a `MastodonError`.
 */
export async function refreshMarkSnapshot(connection: AccountConnection, timing: ReadTiming = {}): Promise<AccountSnapshot> {
  const { now, sleep } = withDefaults(timing);
  const stored = await getAccountSnapshot(connection.account.key);
  if (!stored) return refreshAccountSnapshot(connection, { now, sleep });
  const { host, onAnswer } = connection;
  const personalBlocks = await paced(connection, () => connection.domainBlocks.listAll(), { now, sleep });
  const software = connection.account.software;
  const serverBlocks = await paced(connection, () => fetchServerDomainBlocks(connection.credentials, { host, onAnswer, software }), { now, sleep });
  // Read again: a plan may have stored newer follows meanwhile.
  const current = (await getAccountSnapshot(connection.account.key)) ?? stored;
  const snapshot: AccountSnapshot = { ...current, personalBlocks, serverBlocks, fetchedAt: now() };
  await putAccountSnapshot(snapshot);
  return snapshot;
}

function withDefaults(timing: ReadTiming | (() => number)): Required<ReadTiming> {
  const given = typeof timing === 'function' ? { now: timing } : timing;
  return { now: given.now ?? Date.now, sleep: given.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))) };
}

/**
 * Whether `count` more reads leave the account's rate-limit window above
 * {@link READ_RESERVE}, as far as its last answer told (true when none did).
 */
export function hasRoomForReads(key: AccountKey, count: number, now: number): boolean {
  const rateLimit = lastRateLimit(key);
  return rateLimit === null || rateLimit.resetAt <= now || rateLimit.remaining - count >= READ_RESERVE;
}

function isWindowNearlySpent(rateLimit: RateLimitInfo | null, now: number): boolean {
  return rateLimit !== null && rateLimit.resetAt > now && rateLimit.remaining < READ_RESERVE;
}

/**
 * One read within the account's rate limit: it waits for a spent window that
 * resets within {@link MAX_READ_WAIT_MS}, and waits out a 429 the same way
 * once; a longer wait is refused with the time to try again.
 */
async function paced<T>(connection: AccountConnection, read: () => Promise<T>, timing: Required<ReadTiming>): Promise<T> {
  const { now } = timing;
  const { host, account } = connection;
  const known = lastRateLimit(account.key);
  if (known && known.remaining === 0 && known.resetAt > now()) await waitFor(host, known.resetAt, timing);
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof MastodonError) || error.kind !== 'rate-limited') throw error;
    await waitFor(host, error.rateLimit?.resetAt, timing);
  }
  try {
    return await read();
  } catch (error) {
    if (error instanceof MastodonError && error.kind === 'rate-limited') throw slowDown(host, error.rateLimit?.resetAt);
    throw error;
  }
}

async function waitFor(host: string, resetAt: number | undefined, { now, sleep }: Required<ReadTiming>): Promise<void> {
  if (resetAt === undefined || resetAt - now() > MAX_READ_WAIT_MS) throw slowDown(host, resetAt);
  await sleep(Math.max(0, resetAt - now()) + RESET_MARGIN_MS);
}

/** Nothing retries a plan's read by itself: the words say when the user can. */
function slowDown(host: string, resetAt: number | undefined): MastodonError {
  const message =
    resetAt === undefined
      ? t('bg_readSlowDown', host)
      : t('bg_readSlowDownUntil', host, new Date(resetAt).toLocaleTimeString(uiLanguage()));
  return new MastodonError('rate-limited', message, {
    status: 429,
    rateLimit: resetAt === undefined ? null : { limit: 0, remaining: 0, resetAt },
  });
}
