/**
 * How runs reach a stored account's server: its personal-blocks adapter and its follows per domain.
 * Shared by the background's setup and by the tests that drive runs through the handlers.
 */
import { getAccount } from '../db/accounts';
import { MastodonError } from '../mastodon/errors';
import { groupByDomain } from '../mastodon/relationships';
import { getAccountSnapshot } from '../db/account-snapshots';
import type { RunsEnvironment } from './runs';
import { connectAccount } from './session';

/** The account-facing part of the runs' environment; the caller adds `onChange`, clock and the rest. */
export type AccountRunEnvironment = Pick<RunsEnvironment, 'domainBlocksFor' | 'relationshipsFor'>;

/** Reads stored accounts, their tokens and relationship snapshots. */
export function accountRunEnvironment(): AccountRunEnvironment {
  return {
    domainBlocksFor: async (accountKey) => {
      const account = await getAccount(accountKey);
      if (!account || account.status !== 'active') return undefined;
      // Without a token connectAccount marks the account signed out; the run then waits for sign-in.
      const connection = await connectAccount(account).catch((error: unknown) => {
        if (error instanceof MastodonError && error.kind === 'unauthorized') return undefined;
        throw error;
      });
      return connection?.domainBlocks;
    },
    relationshipsFor: async (accountKey) => {
      const snapshot = await getAccountSnapshot(accountKey);
      return groupByDomain(snapshot?.following ?? [], snapshot?.followers ?? []);
    },
  };
}
