/**
 * What every Mastodon answer tells the caller besides its data: its status and
 * its rate-limit headers. Adapters report each answer to an observer, so the
 * background can keep the rate-limit state and notice a 401 at any time.
 */
import { MastoHttpError } from 'masto';
import type { RateLimitHeaders } from '../core/rate-limit';
import { isHtmlErrorPage } from './errors';
import { readRateLimit, type RateLimitInfo } from './rate-limit-headers';

/** One answer as observers see it. `status` 0: no answer (offline, DNS, reset). */
export interface AnswerInfo {
  status: number;
  rateLimit: RateLimitInfo | null;
  headers: RateLimitHeaders;
}

/** Called with every answer an adapter receives, success or failure. */
export type AnswerObserver = (answer: AnswerInfo) => void;

/** Copies the three rate-limit headers verbatim (the apply engine's port wants them raw). */
function copyRateLimitHeaders(headers: Headers | null | undefined): RateLimitHeaders {
  return {
    limit: headers?.get('x-ratelimit-limit') ?? null,
    remaining: headers?.get('x-ratelimit-remaining') ?? null,
    reset: headers?.get('x-ratelimit-reset') ?? null,
  };
}

/** The answer behind a successful `$raw` call. */
export function answerOf(status: number, headers: Headers): AnswerInfo {
  return { status, rateLimit: readRateLimit(headers), headers: copyRateLimitHeaders(headers) };
}

/**
 * The answer behind a thrown masto.js error: a `MastoHttpError` keeps the
 * `Response` as its cause (node_modules/masto/dist/adapters/http/http-native-impl.js);
 * anything else got no readable answer, an HTML error page among them (`isErrorPage`).
 */
export function answerOfError(error: unknown): AnswerInfo & { message: string; isErrorPage: boolean } {
  if (error instanceof MastoHttpError) {
    const response = error.cause instanceof Response ? error.cause : undefined;
    return { ...answerOf(error.statusCode, response?.headers ?? new Headers()), message: error.message, isErrorPage: false };
  }
  return {
    status: 0,
    rateLimit: null,
    headers: copyRateLimitHeaders(null),
    message: error instanceof Error ? error.message : String(error),
    // masto.js's own words for it ("Cannot destructure property 'error'…") mean nothing to a user.
    isErrorPage: isHtmlErrorPage(error),
  };
}
