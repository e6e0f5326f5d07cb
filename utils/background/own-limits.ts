/**
 * The user's own limits: domains whose posts Hedge collapses in the web UI
 * behind a notice, as it does for a list's `silence` rows, with nothing sent to
 * the server (Mastodon has no personal "limit", mastodon#7792, #23430). Kept
 * with the account's other sources (sources.ts, field `limit`); the verdicts
 * take them in through `combineSources` (utils/core/desired-state.ts, where the
 * precedence is written down: a block wins over a limit, "never block" does not
 * take a limit away, the user's own server is never limited).
 */
import { normalizeDomain } from '../core/domain';
import { tidyExpiry, withExpiry } from '../core/expiry';
import type { StoredAccount } from '../db/accounts';
import { domainErrorMessage } from '../i18n/error-messages';
import { t } from '../i18n/translate';
import type { AccountKey } from '../protocol';
import { ReplyError } from './reply-error';
import { updateAccountSources } from './sources';

/**
 * Adds a domain to the account's own limits, after any write in progress. Refuses, in words, text
 * that is not a domain, the reserved names lists use as canaries, and the account's own server.
 * @returns the domain as stored (lowercase punycode).
 */
export async function addOwnLimit(account: Pick<StoredAccount, 'key' | 'localDomain'>, text: string, expiresAt?: number): Promise<string> {
  const normalized = normalizeDomain(text, { forList: true });
  if ('error' in normalized) throw new ReplyError('invalid-input', domainErrorMessage(normalized.error));
  const { domain } = normalized;
  const own = normalizeDomain(account.localDomain);
  if ('domain' in own && own.domain === domain) throw new ReplyError('invalid-input', t('bg_ownServerNotLimited', domain));
  // Added again, a limit takes the new time: none keeps it until removed (utils/core/expiry.ts).
  await updateAccountSources(account.key, (current) =>
    tidyExpiry({ ...current, limit: [...current.limit.filter((entry) => entry !== domain), domain], limitUntil: withExpiry(current.limitUntil, domain, expiresAt) }),
  );
  return domain;
}

/**
 * Removes a domain from the account's own limits only: a list that limits it still does. Throws a `ReplyError` for a text that is not a domain.
 * @returns the domain removed.
 */
export async function removeOwnLimit(key: AccountKey, text: string): Promise<string> {
  const normalized = normalizeDomain(text);
  if ('error' in normalized) throw new ReplyError('invalid-input', domainErrorMessage(normalized.error));
  const { domain } = normalized;
  await updateAccountSources(key, (current) => tidyExpiry({ ...current, limit: current.limit.filter((entry) => entry !== domain) }));
  return domain;
}
