/**
 * A refusal or failure the background has already put in words, with the kind
 * the pages reason about (`HedgeErrorKind`, utils/protocol/errors.ts): input an
 * intent cannot use, a list that cannot be read, a sign-in that cannot start,
 * a run that cannot start or be controlled. The handlers answer it as it is
 * (`toHedgeError` below).
 */
import { coreErrorMessage } from '../i18n/error-messages';
import { t } from '../i18n/translate';
import { MastodonError } from '../mastodon/errors';
import type { HedgeError, HedgeErrorKind } from '../protocol';

/** A failure in words a user understands, answered as `{ kind, message }`. */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
  constructor(
    readonly kind: HedgeErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Any failure as a `HedgeError`. */
export function toHedgeError(cause: unknown): HedgeError {
  if (cause instanceof MastodonError) return cause.toHedgeError();
  if (cause instanceof ReplyError) return { kind: cause.kind, message: cause.message };
  const coreMessage = coreErrorMessage(cause);
  if (coreMessage !== null) return { kind: 'list-error', message: coreMessage };
  const text = cause instanceof Error ? cause.message : String(cause);
  return { kind: 'server', message: t('bg_unexpectedProblem', text) };
}
