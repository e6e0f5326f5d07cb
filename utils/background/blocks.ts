/**
 * The personal blocks on the server as Options › Blocks shows them, and the
 * user's decision about a block Hedge made that the user removed elsewhere.
 */
import type { StoredAccount } from '../db/accounts';
import { forgetKeptUnblocked, forgetOwnedBlocks, keepUnblocked, listOwnedBlocks } from '../db/owned-blocks';
import type { SourceRef } from '../core/model';
import type { BlockRow } from '../protocol';
import { refreshPersonalBlocks } from './account-reads';
import { connectAccount } from './session';
import { listSubscriptions } from './lists/subscription-store';

/** The user's decision about a domain (lowercase punycode) they unblocked after Hedge had blocked it. */
export async function resolveConflict(account: StoredAccount, domain: string, resolution: 'keep-unblocked' | 'block-again'): Promise<void> {
  if (resolution === 'keep-unblocked') {
    await keepUnblocked(account.key, domain);
    return;
  }
  // Without Hedge's record of the block the user removed, the next plan adds the domain again.
  await forgetKeptUnblocked(account.key, domain);
  await forgetOwnedBlocks(account.key, [domain]);
}

/** Every personal block with its origin: Hedge's own (with sources) or the user's. */
export async function listBlocks(account: StoredAccount): Promise<BlockRow[]> {
  const personalBlocks = await refreshPersonalBlocks(await connectAccount(account));
  const owned = new Map((await listOwnedBlocks(account.key)).map((block) => [block.domain, block]));
  // Blocks another browser made name their lists by id only (utils/core/shared-ownership.ts): the names are this browser's.
  const listNames = new Map((await listSubscriptions(account.key)).map((subscription) => [subscription.id, subscription.name]));
  const named = (source: SourceRef): SourceRef =>
    source.name === '' && source.kind === 'subscription' ? { ...source, name: listNames.get(source.id) ?? source.id } : source;
  return personalBlocks.map((domain) => {
    const record = owned.get(domain);
    return record
      ? { domain, origin: 'hedge' as const, sources: [...new Map(record.provenance.map((p) => [`${p.source.kind}:${p.source.id}`, named(p.source)])).values()] }
      : { domain, origin: 'user' as const, sources: [] };
  });
}
