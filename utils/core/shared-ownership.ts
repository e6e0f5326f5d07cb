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
 * - **Domains and the ids of their sources.** Each domain names the sources
 *   behind it (`subscription:<id>`, `preset:threads`, `manual:manual`) by an
 *   index into the item's own table, so that unsubscribing from a list in any
 *   browser removes that list's blocks. Names, labels, dates and the list text
 *   stay in the browser that made the block.
 * - **Split by domain into {@link OWNERSHIP_BUCKETS} items per account** by a
 *   hash of the domain. Sync replaces a whole item and the last writer wins,
 *   so two browsers changing blocks at once lose each other's change only
 *   when they touch the same item; a change rewrites only the items it touches.
 * - **Front-coded.** Domains are sorted by their labels read from the right
 *   (`net.example.a`), so neighbours share a long start; each line keeps how
 *   many characters it shares with the line before, the rest, and after a `|`
 *   the indexes of its sources. Lists of related domains shrink to about a third.
 *
 * Whatever cannot be read (an item cut short or corrupted, one written by a
 * newer Hedge) counts as not Hedge's: a block whose ownership is unknown is
 * the user's own and is never removed.
 */

import type { Provenance, SourceRef } from './model';

/** Items per account; 16 × 8 kB is more than the whole quota, so the total is what limits. */
export const OWNERSHIP_BUCKETS = 16;

/** The format this Hedge writes and reads. An item of a higher version is left alone. */
export const SHARED_OWNERSHIP_VERSION = 1;

/** Chrome's and Firefox's `QUOTA_BYTES_PER_ITEM`: the key's length and the JSON of the value. */
const SYNC_ITEM_BYTES = 8192;

/**
 * One bucket as stored: `v` the format, `s` the sources its lines name, `d`
 * the front-coded domains, `h` a hash of both (an item cut short at a line's
 * end still reads as domains; the hash tells), `t` when it was written (epoch
 * ms): a block a browser recorded before that, and the item lacks, was removed
 * by another browser since.
 */
export interface OwnershipItem {
  v: number;
  s: string[];
  d: string;
  h: string;
  t: number;
}

function itemHash(sources: readonly string[], text: string): string {
  return fnv1a(`${sources.join('\n')}\n\n${text}`).toString(36);
}

/** A block Hedge owns and the sources behind it (`<kind>:<id>` of a `SourceRef`). */
export interface SharedBlock {
  domain: string;
  sources: string[];
}

/** What reading one stored bucket gave. */
export type BucketRead =
  | { kind: 'ok'; blocks: SharedBlock[]; writtenAt: number }
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
 * Front-codes a set of blocks: sorted by reversed labels, each line is the
 * number of leading characters shared with the previous line (base 36), a
 * colon, the rest, and, when the block names sources, a `|` and their indexes
 * in the returned table.
 * @param blocks - lowercase punycode domains and their sources.
 */
export function encodeBlocks(blocks: Iterable<SharedBlock>): { sources: string[]; text: string } {
  const byKey = new Map<string, Set<string>>();
  for (const block of blocks) {
    const key = sortKey(block.domain);
    const sources = byKey.get(key) ?? new Set<string>();
    for (const source of block.sources) sources.add(source);
    byKey.set(key, sources);
  }
  const table: string[] = [];
  const indexOf = (source: string) => {
    const found = table.indexOf(source);
    return found >= 0 ? found : table.push(source) - 1;
  };
  let previous = '';
  const lines = [...byKey.keys()].sort().map((key) => {
    let shared = 0;
    while (shared < key.length && shared < previous.length && key[shared] === previous[shared]) shared += 1;
    previous = key;
    const sources = [...(byKey.get(key) ?? [])].sort().map(indexOf);
    return `${shared.toString(36)}:${key.slice(shared)}${sources.length > 0 ? `|${sources.join(',')}` : ''}`;
  });
  return { sources: table, text: lines.join('\n') };
}

const DOMAIN_KEY = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const SOURCE_INDEXES = /^\d+(,\d+)*$/;

/**
 * Reads what {@link encodeBlocks} wrote; null when the text is not such a set
 * (a line without its colon, a shared length longer than the line before,
 * characters no domain has, a source the table does not have).
 * @param text - the stored lines.
 * @param sources - the stored table of sources.
 */
export function decodeBlocks(text: string, sources: readonly string[]): SharedBlock[] | null {
  if (text === '') return [];
  const blocks: SharedBlock[] = [];
  let previous = '';
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 1) return null;
    const shared = Number.parseInt(line.slice(0, colon), 36);
    if (!Number.isInteger(shared) || shared < 0 || shared > previous.length) return null;
    const [rest = '', indexes] = line.slice(colon + 1).split('|');
    const key = previous.slice(0, shared) + rest;
    if (!DOMAIN_KEY.test(key) || key <= previous) return null;
    if (indexes !== undefined && !SOURCE_INDEXES.test(indexes)) return null;
    const named = indexes === undefined ? [] : indexes.split(',').map((index) => sources[Number(index)]);
    if (named.some((source) => typeof source !== 'string')) return null;
    blocks.push({ domain: sortKey(key), sources: named as string[] });
    previous = key;
  }
  return blocks;
}

/**
 * Reads one stored bucket.
 * @param value - what sync storage holds under the bucket's key (undefined when nothing).
 */
export function readOwnershipItem(value: unknown): BucketRead {
  if (value === undefined || value === null) return { kind: 'missing' };
  if (typeof value !== 'object') return { kind: 'corrupt' };
  const { v, s: sources, d, h, t } = value as Partial<OwnershipItem>;
  if (typeof v !== 'number') return { kind: 'corrupt' };
  if (v > SHARED_OWNERSHIP_VERSION) return { kind: 'newer' };
  if (typeof d !== 'string' || !Array.isArray(sources) || !sources.every((source) => typeof source === 'string')) return { kind: 'corrupt' };
  if (h !== itemHash(sources as string[], d)) return { kind: 'corrupt' };
  const blocks = decodeBlocks(d, sources as string[]);
  return blocks === null ? { kind: 'corrupt' } : { kind: 'ok', blocks, writtenAt: typeof t === 'number' && Number.isFinite(t) ? t : 0 };
}

/**
 * The bytes sync storage counts for an item: its key and the JSON of its value
 * (Chrome's `QUOTA_BYTES_PER_ITEM` wording), in UTF-8.
 * @param key - the item's key.
 * @param value - the item's value.
 */
function syncItemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

/** A change to an account's shared ownership. */
export interface OwnershipChange {
  /** Blocks Hedge made, with their sources. */
  add: readonly SharedBlock[];
  /** Domains Hedge no longer owns (unblocked, kept unblocked by the user, or gone from the server). */
  remove: readonly string[];
}

/**
 * Folds changes in order into one: a domain added and then removed is removed.
 * @param changes - oldest first.
 */
export function mergeOwnershipChanges(changes: readonly OwnershipChange[]): OwnershipChange {
  const state = new Map<string, SharedBlock | null>();
  for (const change of changes) {
    for (const block of change.add) state.set(block.domain, block);
    for (const domain of change.remove) state.set(domain, null);
  }
  const add: SharedBlock[] = [];
  const remove: string[] = [];
  for (const [domain, block] of state) {
    if (block) add.push(block);
    else remove.push(domain);
  }
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
 * @param now - epoch ms, kept as the items' write time.
 * @returns the items to write, those that shrink first, the domains whose bucket a newer Hedge wrote, and
 *   whether a bucket would grow over sync's 8 kB an item (then it is left out; the browser would refuse it).
 */
export function ownershipWrites(
  accountKey: string,
  stored: Readonly<Record<string, unknown>>,
  change: OwnershipChange,
  now = Date.now(),
): { shrinking: Record<string, OwnershipItem>; growing: Record<string, OwnershipItem>; skipped: string[]; isTooLarge: boolean } {
  const touched = new Map<number, { add: SharedBlock[]; remove: string[] }>();
  const touch = (domain: string) => {
    const bucket = ownershipBucket(domain);
    const entry = touched.get(bucket) ?? { add: [], remove: [] };
    touched.set(bucket, entry);
    return entry;
  };
  for (const block of change.add) touch(block.domain).add.push(block);
  for (const domain of change.remove) touch(domain).remove.push(domain);
  const shrinking: Record<string, OwnershipItem> = {};
  const growing: Record<string, OwnershipItem> = {};
  const skipped: string[] = [];
  let isTooLarge = false;
  for (const [bucket, delta] of touched) {
    const key = ownershipItemKey(accountKey, bucket);
    const read = readOwnershipItem(stored[key]);
    if (read.kind === 'newer') {
      skipped.push(...delta.add.map((block) => block.domain), ...delta.remove);
      continue;
    }
    const before = new Map((read.kind === 'ok' ? read.blocks : []).map((block) => [block.domain, block]));
    const after = new Map(before);
    for (const block of delta.add) after.set(block.domain, block);
    for (const domain of delta.remove) after.delete(domain);
    const { sources, text } = encodeBlocks(after.values());
    const item: OwnershipItem = { v: SHARED_OWNERSHIP_VERSION, s: sources, d: text, h: itemHash(sources, text), t: now };
    if (read.kind === 'ok' && text === encodeBlocks(before.values()).text) continue;
    if (syncItemBytes(key, item) > SYNC_ITEM_BYTES) {
      isTooLarge = true;
      continue;
    }
    (after.size < before.size ? shrinking : growing)[key] = item;
  }
  return { shrinking, growing, skipped, isTooLarge };
}

/**
 * The sources a block's provenance names, as the shared record keeps them.
 * @param provenance - the block's provenance.
 */
export function sourceKeysOf(provenance: readonly Provenance[]): string[] {
  return [...new Set(provenance.map((item) => `${item.source.kind}:${item.source.id}`))].sort();
}

const SOURCE_KINDS = new Set<string>(['preset', 'subscription', 'manual']);

/**
 * Provenance for a block another browser made: its sources by kind and id,
 * without names (the caller fills them from its own subscriptions), severity
 * `suspend` (a block), and no labels.
 * @param sources - `<kind>:<id>` as the shared record keeps them.
 */
export function provenanceOfSourceKeys(sources: readonly string[]): Provenance[] {
  return sources.flatMap((key): Provenance[] => {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon);
    if (colon < 1 || !SOURCE_KINDS.has(kind)) return [];
    const source: SourceRef = { kind: kind as SourceRef['kind'], id: key.slice(colon + 1), name: '' };
    return [{ source, severity: 'suspend', labels: [] }];
  });
}
