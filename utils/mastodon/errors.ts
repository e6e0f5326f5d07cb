/**
 * Failures of Mastodon calls, turned into a closed set of kinds the apply
 * engine can reason about and the UI can explain in words.
 *
 * masto.js 8 throws (node_modules/masto/dist/adapters/http/http-native-impl.js):
 * - `MastoHttpError` for a JSON error answer, with `statusCode` and the
 *   `Response` as `cause` (its headers carry the rate limit);
 * - a `TypeError` from `fetch` when the server cannot be reached, and also a
 *   `TypeError` when an error answer is an HTML page (it deserialises HTML to
 *   `undefined` and then destructures it);
 * - `MastoUnexpectedError` / `MastoDeserializeError` for answers that are not
 *   JSON at all, `MastoTimeoutError` on timeouts.
 * Hedge's own requests add a `TimeoutError` DOMException (`AbortSignal.timeout`)
 * and `AnswerTooLargeError` for an answer past the cap (utils/mastodon/answer-size.ts).
 */
import { MastoHttpError, MastoTimeoutError } from 'masto';
import { t, uiLanguage } from '../i18n/translate';
import type { HedgeError, MastodonErrorKind } from '../protocol';
import { AnswerTooLargeError } from './answer-size';
import { readRateLimit, type RateLimitInfo } from './rate-limit-headers';


/** A failed Mastodon call, with a message for the user. */
export class MastodonError extends Error {
  override readonly name = 'MastodonError';
  readonly kind: MastodonErrorKind;
  /** HTTP status when the server answered. */
  readonly status: number | undefined;
  /** The server's own `error` text (a 422's validation message). */
  readonly serverMessage: string | undefined;
  /** The rate-limit headers of the failed answer, when it had them. */
  readonly rateLimit: RateLimitInfo | null;

  constructor(
    kind: MastodonErrorKind,
    message: string,
    details: { status?: number; serverMessage?: string; rateLimit?: RateLimitInfo | null; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.rateLimit = details.rateLimit ?? null;
  }

  /** The protocol's view of this error (utils/protocol/errors.ts). */
  toHedgeError(): HedgeError {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.serverMessage === undefined ? {} : { serverMessage: this.serverMessage }),
      ...(this.kind === 'rate-limited' && this.rateLimit ? { retryAt: this.rateLimit.resetAt } : {}),
    };
  }
}

/** What the failed call was doing, so the message can say it. */
export interface ErrorContext {
  /** `mastodon.social` */
  host: string;
  /** A 404 on this call means the server is not Mastodon (instance, verify_credentials, apps). */
  isNotFoundNotMastodon?: boolean;
  /** A 422 on this call is about a domain (domain blocks). */
  domain?: string;
}

/** Turns anything a Mastodon call threw into a `MastodonError`. */
export function toMastodonError(cause: unknown, context: ErrorContext): MastodonError {
  if (cause instanceof MastodonError) return cause;
  const { host } = context;
  if (cause instanceof MastoHttpError) {
    const response = cause.cause instanceof Response ? cause.cause : undefined;
    return fromStatus(cause.statusCode, cause.message, readRateLimit(response?.headers), context, cause);
  }
  if (cause instanceof MastoTimeoutError || (cause instanceof DOMException && cause.name === 'TimeoutError')) {
    return new MastodonError('network', t('bg_hostTimeout', host), { cause });
  }
  if (cause instanceof AnswerTooLargeError) {
    return new MastodonError('server', t('bg_hostAnswerTooLarge', host, String(Math.round(cause.maxBytes / (1024 * 1024)))), { cause });
  }
  if (isHtmlErrorPage(cause)) {
    return new MastodonError(
      context.isNotFoundNotMastodon ? 'not-mastodon' : 'server',
      context.isNotFoundNotMastodon ? t('bg_hostWebPage', host) : t('bg_hostErrorPage', host),
      { cause },
    );
  }
  if (cause instanceof TypeError) {
    return new MastodonError('network', t('bg_hostUnreachable', host), { cause });
  }
  if (cause instanceof Error && /encoding|Malformed JSON|content type/i.test(cause.message)) {
    return new MastodonError('not-mastodon', t('bg_hostNotLikeMastodon', host), { cause });
  }
  const text = cause instanceof Error ? cause.message : String(cause);
  return new MastodonError('server', t('bg_hostSomethingWrong', host, text), { cause });
}

/** Maps an HTTP error status (with the server's `error` text) to a kind and a message. */
export function fromStatus(
  status: number,
  serverText: string | undefined,
  rateLimit: RateLimitInfo | null,
  context: ErrorContext,
  cause?: unknown,
): MastodonError {
  const { host } = context;
  const details = { status, rateLimit, cause, ...(serverText ? { serverMessage: serverText } : {}) };
  if (status === 401) {
    return new MastodonError('unauthorized', t('bg_hostSignedOut', host), details);
  }
  if (status === 403) {
    return new MastodonError('denied', serverText ? t('bg_hostRefused', host, serverText) : t('bg_hostRefusedNotAllowed', host), details);
  }
  if (status === 429) {
    const message = rateLimit
      ? t('bg_hostSlowDownUntil', host, new Date(rateLimit.resetAt).toLocaleTimeString(uiLanguage()))
      : t('bg_hostSlowDown', host);
    return new MastodonError('rate-limited', message, details);
  }
  if (status === 422 && context.domain !== undefined) {
    return new MastodonError(
      'invalid-domain',
      serverText ? t('bg_hostRefusedDomain', host, context.domain, serverText) : t('bg_hostRefusedInvalidDomain', host, context.domain),
      details,
    );
  }
  if (status === 404 && context.isNotFoundNotMastodon) {
    return new MastodonError('not-mastodon', t('bg_hostNoMastodonApi', host), details);
  }
  if (status >= 500) {
    return new MastodonError('server', t('bg_hostServerError', host, String(status)), details);
  }
  return new MastodonError(
    'server',
    serverText ? t('bg_hostRefusedStatusText', host, String(status), serverText) : t('bg_hostRefusedStatus', host, String(status)),
    details,
  );
}

/**
 * Whether masto.js failed on an error answer that was an HTML page (a reverse proxy's 502 while
 * Puma is down or busy) rather than Mastodon's JSON: it destructures `undefined` then, and V8 and
 * Firefox word that differently. The status is lost with it.
 */
export function isHtmlErrorPage(error: unknown): boolean {
  return error instanceof TypeError && /destructure|is undefined|of undefined/i.test(error.message);
}
