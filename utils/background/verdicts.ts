/**
 * The verdict snapshot a Mastodon tab's content script asks for
 * (`hedge/get-verdict-snapshot`): the verdicts of the account signed in on
 * that tab's origin, in the compact form of utils/core/verdict-snapshot.ts. It holds
 * domains, verdict codes, short reasons (list names and labels) and the
 * server's own blocks: no token, no list text, no account data.
 *
 * The inputs come in through `VerdictInputs`, so tests pass plain values;
 * `readVerdictSnapshotReply` wires the background's storage in.
 */
import { combineSources, type CombineSourcesInput } from '../core/desired-state';
import { toVerdictSnapshot } from '../core/matcher';
import type { ServerDomainBlock } from '../core/model';
import { getAccountSnapshot } from '../db/account-snapshots';
import { getAccountsState } from '../db/accounts';
import type { AccountKey, VerdictSnapshotReply } from '../protocol';
import { loadCombineInput } from './sources';
import { sourceName } from '../i18n/source-name';

/** The part of a stored account the snapshot needs. */
export interface VerdictAccount {
  key: AccountKey;
  /** `https://mastodon.social` */
  origin: string;
  /** The server's own domain, never blocked whatever a list says. */
  localDomain: string;
}

/** Where the background keeps what the verdicts are made of. */
export interface VerdictInputs {
  accounts: readonly VerdictAccount[];
  activeKey: AccountKey | null;
  /** The account's sources (presets, lists, own entries and consensus), as `combineSources` takes them, without `ownInstance`. */
  loadSources(account: VerdictAccount): Promise<Omit<CombineSourcesInput, 'ownInstance'>>;
  /** The account's personal blocks and its server's blocks as last read; null when never read. */
  loadServerState(account: VerdictAccount): Promise<{ personalBlocks: readonly string[]; serverBlocks: readonly ServerDomainBlock[] } | null>;
}

/**
 * The account whose verdicts a tab on `origin` shows: the active account when
 * it is signed in there, otherwise the first account of that origin.
 */
export function accountForOrigin<A extends VerdictAccount>(accounts: readonly A[], activeKey: AccountKey | null, origin: string | undefined): A | null {
  if (origin === undefined) return null;
  const candidates = accounts.filter((account) => account.origin === origin);
  return candidates.find((account) => account.key === activeKey) ?? candidates[0] ?? null;
}

/**
 * The reply to `hedge/get-verdict-snapshot` from a tab on `origin`, or null
 * when Hedge is not signed in there (the handler answers `not-signed-in`).
 */
export async function buildVerdictSnapshotReply(origin: string | undefined, inputs: VerdictInputs): Promise<VerdictSnapshotReply | null> {
  const account = accountForOrigin(inputs.accounts, inputs.activeKey, origin);
  if (account === null) return null;
  const [sources, server] = await Promise.all([inputs.loadSources(account), inputs.loadServerState(account)]);
  const desired = combineSources({ ...sources, ownInstance: account.localDomain });
  return {
    origin: account.origin,
    // Source names in the user's language: the core names the user's own entries in English.
    snapshot: toVerdictSnapshot({ desired, personalBlocks: server?.personalBlocks ?? [], serverBlocks: server?.serverBlocks ?? [] }, sourceName),
  };
}

/**
 * The reply to `hedge/get-verdict-snapshot` from a tab on `origin`, from what
 * the background stores; null when Hedge is not signed in there.
 */
export async function readVerdictSnapshotReply(
  origin: string | undefined,
  { accounts, activeKey }: Pick<Awaited<ReturnType<typeof getAccountsState>>, 'accounts' | 'activeKey'>,
): Promise<VerdictSnapshotReply | null> {
  return buildVerdictSnapshotReply(origin, {
    accounts,
    activeKey,
    loadSources: (account) => loadCombineInput(account),
    loadServerState: async (account) => {
      const snapshot = await getAccountSnapshot(account.key);
      return snapshot && { personalBlocks: snapshot.personalBlocks, serverBlocks: snapshot.serverBlocks.blocks };
    },
  });
}
