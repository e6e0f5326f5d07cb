/**
 * The checks handlers make of an intent's fields and of the account it acts
 * for. Pages and content scripts are other contexts: nothing they send is
 * trusted to have the type its intent declares. A failed check is a
 * `ReplyError` in words.
 */
import { normalizeDomain } from '../../core/domain';
import { expiryOf, type EntryDuration } from '../../core/expiry';
import { getActiveAccount, type StoredAccount } from '../../db/accounts';
import { domainErrorMessage } from '../../i18n/error-messages';
import { t, type MessageKey } from '../../i18n/translate';
import { ReplyError } from '../reply-error';

/** The active account, whatever its status. */
export async function requireActiveAccount(): Promise<StoredAccount> {
  const account = await getActiveAccount();
  if (!account) throw new ReplyError('not-signed-in', t('bg_signInFirst'));
  return account;
}

/** The active account, which the server still accepts. */
export async function requireUsableAccount(): Promise<StoredAccount> {
  const account = await requireActiveAccount();
  if (account.status === 'signed-out-by-server') {
    throw new ReplyError('unauthorized', t('bg_signedOutByServer', new URL(account.origin).host));
  }
  return account;
}

/** A non-blank string; `missing` says what the intent lacks. */
export function requireString(value: unknown, missing: MessageKey): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ReplyError('invalid-input', t(missing));
  return value;
}

/** A domain as Mastodon stores personal blocks (lowercase punycode). */
export function requireDomain(domain: unknown): string {
  if (typeof domain !== 'string') throw new ReplyError('invalid-input', t('bg_needsDomain'));
  const normalized = normalizeDomain(domain);
  if ('error' in normalized) throw new ReplyError('invalid-input', domainErrorMessage(normalized.error));
  return normalized.domain;
}

/**
 * When an entry added now for the chosen `duration` stops counting; undefined when it is kept until
 * removed (no duration sent, as from older pages). A date already past is refused in words.
 */
export function requireExpiry(duration: unknown, now: number): number | undefined {
  if (duration === undefined) return undefined;
  const kind = (duration as { kind?: unknown } | null)?.kind;
  const date = (duration as { date?: unknown }).date;
  let chosen: EntryDuration;
  if (kind === 'forever' || kind === 'day' || kind === 'week' || kind === 'month') chosen = { kind };
  else if (kind === 'date' && typeof date === 'string') chosen = { kind, date };
  else throw new ReplyError('invalid-input', t('bg_chooseDuration'));
  const expiry = expiryOf(chosen, now);
  if ('error' in expiry) throw new ReplyError('invalid-input', t(expiry.error === 'past-date' ? 'bg_durationPastDate' : 'bg_durationBadDate'));
  return expiry.expiresAt;
}

/** Runs `task` once the answer being returned has been sent: a timer fires after the reply's message has left. */
export function afterReply(task: () => Promise<void>): void {
  setTimeout(() => {
    task().catch((error: unknown) => console.warn('Hedge: could not announce a change', error));
  }, 0);
}
