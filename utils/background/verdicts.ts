/**
 * The verdict snapshot a Mastodon tab's content script asks for
 * (`hedge/get-verdict-snapshot`): the verdicts of the account signed in on
 * that tab's origin, in the compact form of utils/core/matcher.ts. It holds
 * domains, verdict codes, short reasons (list names and labels) and the
 * server's own blocks: no token, no list text, no account data.
 *
 * The inputs come in through `VerdictInputs`, so the background wires its
 * storage in and tests pass plain values.
 */
import { combineSources, type CombineSourcesInput } from '../core/desired-state';
import { toVerdictSnapshot } from '../core/matcher';
import type { ServerDomainBlock } from '../core/model';
import type { AccountKey, VerdictSnapshotReply } from '../protocol';

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
export function accountForOrigin(accounts: readonly VerdictAccount[], activeKey: AccountKey | null, origin: string | undefined): VerdictAccount | null {
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
    snapshot: toVerdictSnapshot({ desired, personalBlocks: server?.personalBlocks ?? [], serverBlocks: server?.serverBlocks ?? [] }),
  };
}
