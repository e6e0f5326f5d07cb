/**
 * A refusal or failure the background has already put in words, with the kind
 * the pages reason about (`HedgeErrorKind`, utils/protocol/errors.ts): input an
 * intent cannot use, a list that cannot be read, a sign-in that cannot start,
 * a run that cannot start or be controlled. The handlers answer it as it is
 * (utils/background/handlers/index.ts `toHedgeError`).
 */
import type { HedgeErrorKind } from '../protocol';

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
