/**
 * Why a list, or an answer of a FIRES server, could not be fetched: the
 * errors of the list fetcher (utils/background/lists/fetch-list.ts) and of
 * the `FiresHttp` port (ports.ts) it implements. As the core's other errors,
 * each carries the English sentence and the code of that sentence with the
 * values it names; pages show it in the user's language by the code
 * (utils/i18n/error-messages.ts).
 */
import type { ListParseError } from './lists/types.ts';

/** Why a list could not be fetched, for code that reasons about it. */
export type FetchListErrorKind = 'bad-url' | 'insecure' | 'network' | 'timeout' | 'aborted' | 'http' | 'too-large' | 'not-a-list';

/** The sentence of each fetch failure, with its kind; `params` fill it in order. */
const SENTENCES = {
  'url-not-address': {
    kind: 'bad-url',
    english: ([input]) => `“${input}” is not a web address. Paste the full address of the list, starting with https://.`,
  },
  'url-credentials': {
    kind: 'bad-url',
    english: () => 'The address holds a user name or password; Hedge does not send those. Use a public address.',
  },
  'url-scheme': { kind: 'bad-url', english: ([scheme]) => `Hedge fetches lists from web addresses (https://), not “${scheme}” addresses.` },
  'url-insecure': {
    kind: 'insecure',
    english: ([address]) => `Hedge only fetches lists over HTTPS, so nobody on the way can change them. Try ${address}.`,
  },
  'redirect-insecure': { kind: 'insecure', english: ([address]) => `The list's address sent Hedge on to ${address}, which is not HTTPS.` },
  'redirect-other-origin': {
    kind: 'insecure',
    english: ([from, to]) =>
      `The server at ${from} sent Hedge on to ${to}, another server Hedge has no permission to read. Subscribe to the address on ${to} itself.`,
  },
  'redirect-hidden': {
    kind: 'insecure',
    english: ([from]) =>
      `The server at ${from} sent Hedge on to another address without letting Hedge see which. Hedge only reads the address you gave: open it in a tab and subscribe to the address it ends at.`,
  },
  'too-many-redirects': { kind: 'network', english: ([from]) => `The server at ${from} sent Hedge on from address to address too many times.` },
  'fires-other-origin': {
    kind: 'insecure',
    english: ([origin, address]) =>
      `The FIRES server at ${origin} pointed Hedge to ${address}, on another server. Hedge follows a FIRES server's links only on the server you subscribed to.`,
  },
  'server-unreachable': { kind: 'network', english: ([problem]) => `The list's server could not be reached (${problem}).` },
  'download-broke': { kind: 'network', english: ([problem]) => `The download of the list broke off (${problem}).` },
  'not-fetched': { kind: 'network', english: ([problem]) => `The list could not be fetched (${problem}).` },
  'could-not-fetch': { kind: 'network', english: () => 'The list could not be fetched.' },
  'copy-not-kept': { kind: 'network', english: () => 'The new copy of the list could not be kept.' },
  'fires-unreachable': { kind: 'network', english: ([problem]) => `The FIRES server could not be reached (${problem}).` },
  timeout: { kind: 'timeout', english: ([seconds]) => `The list's server did not answer within ${seconds} seconds.` },
  cancelled: { kind: 'aborted', english: () => 'The update was cancelled.' },
  gone: { kind: 'http', english: ([status]) => `There is no list at this address any more (HTTP ${status}).` },
  forbidden: { kind: 'http', english: ([status]) => `The list's server refused access (HTTP ${status}); Hedge only reads public lists.` },
  'rate-limited': { kind: 'http', english: () => "The list's server asks Hedge to slow down (HTTP 429); the next update will try again." },
  'server-error': { kind: 'http', english: ([status]) => `The list's server had a problem (HTTP ${status}); the next update will try again.` },
  'unexpected-status': { kind: 'http', english: ([status]) => `The list's server answered HTTP ${status} instead of the list.` },
  'too-large': {
    kind: 'too-large',
    english: ([megabytes]) => `The list is larger than ${megabytes} MB, more than Mastodon itself imports; Hedge stopped downloading it.`,
  },
  'fires-not-json': { kind: 'not-a-list', english: ([address]) => `The FIRES server sent something other than JSON from ${address}.` },
} as const satisfies Record<string, { kind: FetchListErrorKind; english: (params: ReadonlyArray<string | number>) => string }>;

/** Which sentence explains a {@link FetchListError}, besides a body that is not a list (its `cause` explains that). */
export type FetchListDetail = keyof typeof SENTENCES;

/** Every {@link FetchListDetail}: what the translations' completeness test walks. */
export const FETCH_LIST_DETAILS = Object.keys(SENTENCES) as FetchListDetail[];

/** A fetch failure, with the English sentence as its message. */
export class FetchListError extends Error {
  override readonly name = 'FetchListError';
  /**
   * @param kind - what went wrong, for code that reasons about it
   * @param message - the English sentence
   * @param detail - which sentence it is; `not-a-list` when the body is not a list, explained by `cause`
   * @param params - the values the sentence names, in order (an address, a status, a count)
   * @param status - the HTTP status of an answer that was not the list
   * @param cause - the parser's refusal of a body that is not a list
   */
  constructor(
    readonly kind: FetchListErrorKind,
    message: string,
    readonly detail: FetchListDetail | 'not-a-list',
    readonly params: ReadonlyArray<string | number> = [],
    readonly status?: number,
    cause?: ListParseError,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/**
 * The failure of one sentence, in English with its code.
 * @param detail - which sentence.
 * @param params - the values it names, in order.
 * @param status - the HTTP status, for an answer that was not the list.
 */
export function fetchListError(detail: FetchListDetail, params: ReadonlyArray<string | number> = [], status?: number): FetchListError {
  const sentence: { kind: FetchListErrorKind; english: (params: ReadonlyArray<string | number>) => string } = SENTENCES[detail];
  return new FetchListError(sentence.kind, sentence.english(params), detail, params, status);
}

/**
 * A body that is not a list: the parser's refusal, in its own words.
 * @param cause - what `parseList` threw.
 */
export function notAListError(cause: ListParseError): FetchListError {
  return new FetchListError('not-a-list', cause.message, 'not-a-list', [], undefined, cause);
}
