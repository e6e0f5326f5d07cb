/**
 * The shared record of which personal domain blocks Hedge made, as it is kept
 * in the browser's sync storage (`storage.sync`: Chrome sync, Firefox Sync), so
 * that every browser signed in to one account agrees on what is Hedge's.
 *
 * Why sync storage: Mastodon has no place for an app's own notes on a domain
 * block (a personal block is a bare domain, app/models/account_domain_block.rb),
 * so the only place every browser of the user can read is the browser's sync.
 * Its quotas shape the record (developer.chrome.com/docs/extensions/reference/api/storage
 * `sync`: about 100 kB in all, 8 kB an item, 512 items, 120 writes a minute;
 * Firefox Sync the same, developer.mozilla.org `storage.sync`):
 *
 * - **Only the domains.** Where a block came from, when, and the list text stay
 *   in the browser that made it; another browser only needs "this is Hedge's".
 * - **Split by domain into {@link OWNERSHIP_BUCKETS} items per account** by a
 *   hash of the domain. Sync replaces a whole item and the last writer wins,
 *   so two browsers changing blocks at once lose each other's change only
 *   when they touch the same item; a change rewrites only the items it touches.
 * - **Front-coded.** Domains are sorted by their labels read from the right
 *   (`net.example.a`), so neighbours share a long start; each line keeps how
 *   many characters it shares with the line before and the rest. Lists of
 *   related domains shrink to about a third.
 *
 * Whatever cannot be read (an item cut short or corrupted, one written by a
 * newer Hedge) counts as not Hedge's: a block whose ownership is unknown is
 * the user's own and is never removed.
 */

/** Items per account; 16 × 8 kB is more than the whole quota, so the total is what limits. */
export const OWNERSHIP_BUCKETS = 16;

/** The format this Hedge writes and reads. An item of a higher version is left alone. */
export const SHARED_OWNERSHIP_VERSION = 1;

/** Chrome's and Firefox's `QUOTA_BYTES_PER_ITEM`: the key's length and the JSON of the value. */
export const SYNC_ITEM_BYTES = 8192;

/** Chrome's and Firefox's `QUOTA_BYTES` for all of an extension's sync storage. */
export const SYNC_TOTAL_BYTES = 102_400;

/** One bucket as stored: `v` the format, `d` the front-coded domains. */
export interface OwnershipItem {
  v: number;
  d: string;
}

/** What reading one stored bucket gave. */
export type BucketRead =
  | { kind: 'ok'; domains: string[] }
  | { kind: 'missing' }
  /** Written by a newer Hedge: neither read nor overwritten. */
  | { kind: 'newer' }
  /** Not a bucket Hedge wrote (cut short, corrupted): read as empty, and rewritten at the next change. */
  | { kind: 'corrupt' };

/**
 * FNV-1a, 32 bits: a short, stable hash of a string (the same in every browser
 * and every version, unlike a salted one).
 * @param text - the string.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The bucket a domain's ownership is kept in.
 * @param domain - lowercase punycode.
 */
export function ownershipBucket(domain: string): number {
  return fnv1a(domain) % OWNERSHIP_BUCKETS;
}

/**
 * The prefix of an account's ownership items: its key hashed (an account key
 * holds the server's address and the account's id, which need not be spelled
 * out in every key).
 * @param accountKey - `origin#accountId`.
 */
export function ownershipKeyPrefix(accountKey: string): string {
  return `own/${fnv1a(accountKey).toString(36)}/`;
}

/**
 * The sync storage key of one bucket of an account.
 * @param accountKey - `origin#accountId`.
 * @param bucket - 0 to {@link OWNERSHIP_BUCKETS} − 1.
 */
export function ownershipItemKey(accountKey: string, bucket: number): string {
  return `${ownershipKeyPrefix(accountKey)}${bucket}`;
}

function sortKey(domain: string): string {
  return domain.split('.').reverse().join('.');
}

/**
 * Front-codes a set of domains: sorted by reversed labels, each line is the
 * number of leading characters shared with the previous line (base 36), a
 * colon, and the rest.
 * @param domains - lowercase punycode domains.
 */
export function encodeDomainSet(domains: Iterable<string>): string {
  const keys = [...new Set([...domains].map(sortKey))].sort();
  let previous = '';
  const lines = keys.map((key) => {
    let shared = 0;
    while (shared < key.length && shared < previous.length && key[shared] === previous[shared]) shared += 1;
    previous = key;
    return `${shared.toString(36)}:${key.slice(shared)}`;
  });
  return lines.join('\n');
}

const DOMAIN_KEY = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/**
 * Reads what {@link encodeDomainSet} wrote; null when the text is not such a
 * set (a line without its colon, a shared length longer than the line before,
 * characters no domain has).
 * @param text - the stored text.
 */
export function decodeDomainSet(text: string): string[] | null {
  if (text === '') return [];
  const domains: string[] = [];
  let previous = '';
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 1) return null;
    const shared = Number.parseInt(line.slice(0, colon), 36);
    if (!Number.isInteger(shared) || shared < 0 || shared > previous.length) return null;
    const key = previous.slice(0, shared) + line.slice(colon + 1);
    if (!DOMAIN_KEY.test(key) || key <= previous) return null;
    domains.push(sortKey(key));
    previous = key;
  }
  return domains;
}

/**
 * Reads one stored bucket.
 * @param value - what sync storage holds under the bucket's key (undefined when nothing).
 */
export function readOwnershipItem(value: unknown): BucketRead {
  if (value === undefined || value === null) return { kind: 'missing' };
  if (typeof value !== 'object') return { kind: 'corrupt' };
  const { v, d } = value as Partial<OwnershipItem>;
  if (typeof v !== 'number') return { kind: 'corrupt' };
  if (v > SHARED_OWNERSHIP_VERSION) return { kind: 'newer' };
  if (typeof d !== 'string') return { kind: 'corrupt' };
  const domains = decodeDomainSet(d);
  return domains === null ? { kind: 'corrupt' } : { kind: 'ok', domains };
}

/**
 * The bytes sync storage counts for an item: its key and the JSON of its value
 * (Chrome's `QUOTA_BYTES_PER_ITEM` wording), in UTF-8.
 * @param key - the item's key.
 * @param value - the item's value.
 */
export function syncItemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

/** A change to an account's shared ownership. */
export interface OwnershipChange {
  /** Domains Hedge blocked. */
  add: readonly string[];
  /** Domains Hedge no longer owns (unblocked, kept unblocked by the user, or gone from the server). */
  remove: readonly string[];
}

/**
 * Folds changes in order into one: a domain added and then removed is removed.
 * @param changes - oldest first.
 */
export function mergeOwnershipChanges(changes: readonly OwnershipChange[]): OwnershipChange {
  const state = new Map<string, boolean>();
  for (const change of changes) {
    for (const domain of change.add) state.set(domain, true);
    for (const domain of change.remove) state.set(domain, false);
  }
  const add: string[] = [];
  const remove: string[] = [];
  for (const [domain, isOwned] of state) (isOwned ? add : remove).push(domain);
  return { add, remove };
}

/**
 * The items to write for a change: every bucket the change touches, built from
 * what is stored now. Buckets written by a newer Hedge are left as they are
 * (their domains stay out of the record); corrupted ones are rebuilt from the
 * change alone.
 * @param accountKey - the account.
 * @param stored - the sync storage values of the account's buckets, by key.
 * @param change - what changed.
 * @returns the items to write, those that shrink first, and the domains whose bucket could not be written.
 */
export function ownershipWrites(
  accountKey: string,
  stored: Readonly<Record<string, unknown>>,
  change: OwnershipChange,
): { shrinking: Record<string, OwnershipItem>; growing: Record<string, OwnershipItem>; skipped: string[] } {
  const touched = new Map<number, { add: string[]; remove: string[] }>();
  const touch = (domain: string) => {
    const bucket = ownershipBucket(domain);
    const entry = touched.get(bucket) ?? { add: [], remove: [] };
    touched.set(bucket, entry);
    return entry;
  };
  for (const domain of change.add) touch(domain).add.push(domain);
  for (const domain of change.remove) touch(domain).remove.push(domain);
  const shrinking: Record<string, OwnershipItem> = {};
  const growing: Record<string, OwnershipItem> = {};
  const skipped: string[] = [];
  for (const [bucket, delta] of touched) {
    const key = ownershipItemKey(accountKey, bucket);
    const read = readOwnershipItem(stored[key]);
    if (read.kind === 'newer') {
      skipped.push(...delta.add, ...delta.remove);
      continue;
    }
    const before = new Set(read.kind === 'ok' ? read.domains : []);
    const after = new Set(before);
    for (const domain of delta.add) after.add(domain);
    for (const domain of delta.remove) after.delete(domain);
    const isSame = read.kind === 'ok' && after.size === before.size && [...after].every((domain) => before.has(domain));
    if (isSame) continue;
    const item: OwnershipItem = { v: SHARED_OWNERSHIP_VERSION, d: encodeDomainSet(after) };
    (after.size < before.size ? shrinking : growing)[key] = item;
  }
  return { shrinking, growing, skipped };
}
