/**
 * Blocks the user added through Mastodon's own import of a file Hedge served
 * (utils/background/import-alternative.ts). Mastodon's import has no API and
 * tells Hedge nothing (mastodon-facts.md), so Hedge remembers what it offered
 * and takes ownership of those blocks when it next sees them on the server:
 * when the user says they imported the file, or at the next plan, whichever
 * comes first. Owning them is what lets Hedge remove them again once no source
 * wants them (utils/core/plan.ts); without it they would count as the user's
 * own blocks forever.
 *
 * Only offered domains that a source still wants are taken, with the reasons
 * the sources give now: a block no source wants stays the user's, as does
 * every block that was on the server before the offer (those are never in the
 * file). An offer is kept for {@link IMPORT_OFFER_MS}; after that a block that
 * appears is the user's. One offer per account: a newer download replaces it.
 */
import { storage } from 'wxt/utils/storage';
import type { StoredAccount } from '../db/accounts';
import type { OwnedBlock } from '../core/plan';
import { listOwnedBlocks, recordOwnedBlocks } from '../db/owned-blocks';
import type { AccountKey, ImportOutcome } from '../protocol';
import { loadDesiredState } from './sources';

/** What Hedge offered an account to import, and when. */
export interface ImportOffer {
  /** The plan the file was made from. */
  planId: string;
  offeredAt: number;
  /** Lowercase punycode, the file's rows: none was blocked on the server when it was offered. */
  domains: string[];
}

/** How long an offer waits for its blocks to appear on the server: a week. */
const IMPORT_OFFER_MS = 7 * 24 * 60 * 60_000;

const offersItem = storage.defineItem<Record<AccountKey, ImportOffer>>('local:importOffers', { version: 1, fallback: {} });

/** Remembers what an account was offered to import, replacing an earlier offer. */
export async function recordImportOffer(accountKey: AccountKey, offer: ImportOffer): Promise<void> {
  await offersItem.setValue({ ...(await offersItem.getValue()), [accountKey]: offer });
}

/** Forgets an account's offer (sign-out, or every offered block found). */
export async function forgetImportOffer(accountKey: AccountKey): Promise<void> {
  const { [accountKey]: _removed, ...rest } = await offersItem.getValue();
  await offersItem.setValue(rest);
}

/**
 * Takes ownership of the offered blocks now on the server. Counts what it
 * found (offered domains blocked now, owned before or just taken) and what is
 * still missing; the offer is forgotten once nothing is missing or it expired.
 * Null when the account has no offer.
 * @param account - the account.
 * @param personalBlocks - the server's personal blocks, just read.
 * @param now - epoch ms.
 */
export async function adoptImportedBlocks(
  account: Pick<StoredAccount, 'key' | 'localDomain'>,
  personalBlocks: Iterable<string>,
  now: number = Date.now(),
): Promise<ImportOutcome | null> {
  const stored = (await offersItem.getValue())[account.key];
  if (!stored) return null;
  if (now - stored.offeredAt >= IMPORT_OFFER_MS) {
    await forgetImportOffer(account.key);
    return null;
  }
  const onServer = new Set(personalBlocks);
  const found = stored.domains.filter((domain) => onServer.has(domain));
  const owned = new Set((await listOwnedBlocks(account.key)).map((block) => block.domain));
  const toTake = found.filter((domain) => !owned.has(domain));
  if (toTake.length > 0) {
    const desired = await loadDesiredState(account);
    const blocks = toTake.flatMap((domain): OwnedBlock[] => {
      const wanted = desired.get(domain);
      return wanted?.action === 'block' ? [{ domain, addedAt: now, provenance: wanted.provenance }] : [];
    });
    await recordOwnedBlocks(account.key, blocks);
  }
  const missing = stored.domains.length - found.length;
  if (missing === 0) await forgetImportOffer(account.key);
  return { found: found.length, missing };
}
