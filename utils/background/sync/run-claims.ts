/**
 * Which browser applies a run on an account, when several browsers signed in
 * to it refresh the same lists, or the user confirms a change in one while
 * another applies.
 *
 * Before a refresh starts a run, it writes a claim to `storage.sync`
 * (`run/<account>`: this browser's id and the time), waits for sync to settle,
 * and reads it again. Sync keeps the last writer's item, so of two browsers
 * claiming at once only one finds its own claim and applies; the other leaves
 * the change to it (both computed the same plan from the same lists and the
 * same shared record of Hedge's blocks). A claim is dropped when the run ends
 * and counts for {@link CLAIM_LIFETIME_MS} at most, so a browser closed
 * mid-run holds nobody back for long.
 *
 * Sync between two computers can take longer than the wait; then both apply,
 * and the second finds the first one's changes at the read of the server's
 * blocks that starts every run (utils/core/apply/engine.ts) and sends none of
 * them again, unless both runs reach the same domain in the same second.
 * A run the user confirms claims without the wait ({@link claimConfirmedRun}):
 * the user is waiting, and what it guards against is another browser's run
 * already under way, whose claim is there to read.
 * A browser without sync storage applies as before.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { fnv1a } from '../../core/shared-ownership';
import type { AccountKey } from '../../protocol';

/** How long a claim holds other browsers back when its run never ends. */
export const CLAIM_LIFETIME_MS = 10 * 60_000;

/** How long a claim waits for another browser's claim to arrive through sync. */
const CLAIM_SETTLE_MS = 1500;

interface RunClaim {
  /** The claiming browser. */
  by: string;
  at: number;
}

/** This browser's id among the user's browsers, made once. */
const browserIdItem = storage.defineItem<string>('local:browserId', { version: 1, init: () => crypto.randomUUID() });

type SyncArea = typeof browser.storage.sync;

function syncArea(): SyncArea | undefined {
  return (browser.storage as { sync?: SyncArea } | undefined)?.sync;
}

function claimKey(accountKey: AccountKey): string {
  return `run/${fnv1a(accountKey).toString(36)}`;
}

function readClaim(value: unknown): RunClaim | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { by, at } = value as Partial<RunClaim>;
  return typeof by === 'string' && typeof at === 'number' ? { by, at } : undefined;
}

/**
 * Claims the next run of an account for this browser. False when another
 * browser holds a live claim, or claimed at the same time and won.
 * @param accountKey - the account.
 * @param settle - waits for sync to settle (tests pass a shorter wait).
 */
export async function claimAccountRun(accountKey: AccountKey, settle: () => Promise<void> = () => delay(CLAIM_SETTLE_MS)): Promise<boolean> {
  const area = syncArea();
  if (!area) return true;
  const key = claimKey(accountKey);
  const me = await browserIdItem.getValue();
  try {
    const held = readClaim((await area.get(key))[key]);
    if (held && held.by !== me && Date.now() - held.at < CLAIM_LIFETIME_MS) return false;
    await area.set({ [key]: { by: me, at: Date.now() } satisfies RunClaim });
    await settle();
    return readClaim((await area.get(key))[key])?.by === me;
  } catch (error) {
    // Sync storage refused: this browser applies as it did before there was sync.
    console.warn('Hedge: could not claim the run in sync storage; applying here', error);
    return true;
  }
}

/**
 * Claims a run the user has just confirmed in this browser: false when another browser's run on
 * the account is under way (its claim is live). The claim then holds other browsers' scheduled
 * refreshes back until the run ends.
 * @param accountKey - the account.
 */
export function claimConfirmedRun(accountKey: AccountKey): Promise<boolean> {
  return claimAccountRun(accountKey, async () => undefined);
}

/**
 * Drops this browser's claims once its runs have ended.
 * @param accountKeys - the accounts.
 */
export async function releaseAccountRuns(accountKeys: readonly AccountKey[]): Promise<void> {
  const area = syncArea();
  if (!area || accountKeys.length === 0) return;
  const me = await browserIdItem.getValue();
  const keys = accountKeys.map(claimKey);
  const held = await area.get(keys);
  const mine = keys.filter((key) => readClaim(held[key])?.by === me);
  if (mine.length > 0) await area.remove(mine);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
