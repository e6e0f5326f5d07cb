/**
 * A refused or missing answer as the small closed set of failure kinds the
 * core reasons about, with an English sentence for logs; pages word each
 * kind in the user's language by its code (utils/i18n/error-messages.ts).
 */
import type { FailureKind, OperationError } from './types.ts';

/**
 * Turns a refused answer into the failure kind the UI explains.
 * @param status - HTTP status, 0 for no answer.
 * @param serverMessage - the server's `error` text, if any.
 */
export function toOperationError(status: number, serverMessage?: string): OperationError {
  const kind = failureKind(status);
  const error: OperationError = { kind, status, message: describeFailure(status, serverMessage), code: kind };
  if (serverMessage) error.serverMessage = serverMessage;
  return error;
}

function failureKind(status: number): FailureKind {
  if (status === 0) return 'network';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  if (status === 422) return 'invalid-domain';
  return 'server';
}

/**
 * A failure in words a user understands, keeping the server's own message.
 * @param status - HTTP status, 0 for no answer.
 * @param serverMessage - the server's `error` text, if any.
 * @param isErrorPage - with status 0: the answer was an HTML error page, not Mastodon's (ports.ts `DomainBlockResponse`).
 */
export function describeFailure(status: number, serverMessage?: string, isErrorPage = false): string {
  const detail = serverMessage ? ` (${serverMessage})` : '';
  switch (failureKind(status)) {
    case 'network':
      if (isErrorPage) {
        return "Your server answered with an error page instead of Mastodon's answer (it may be down or busy). Hedge will try again later.";
      }
      return `Your server could not be reached${detail}. Hedge will try again when the connection is back.`;
    case 'unauthorized':
      return `Your server no longer accepts Hedge's sign-in${detail}. Sign in again to continue.`;
    case 'rate-limited':
      return 'Your server asked Hedge to slow down (too many requests).';
    case 'invalid-domain':
      return `Your server refused this domain${detail}.`;
    case 'server':
      return `Your server answered with an error ${status}${detail}.`;
  }
}
