/**
 * A server Hedge talks to may be hostile or broken: an answer without end, or
 * one far larger than any real Mastodon answer, must not be read whole into
 * the background's memory. Every answer of a Mastodon API surface is read
 * with a cap; past it the read stops with `AnswerTooLargeError`, which the
 * adapters turn into a message in words (utils/mastodon/errors.ts).
 *
 * masto.js 8 reads its answers with `response.text()` after calling the global
 * `fetch` (node_modules/masto/dist/adapters/http/http-native-impl.js) and takes
 * no fetch of its own, so the cap is put around the background's global
 * `fetch`, for Mastodon's API paths only. Lists and FIRES answers have their
 * own caps (utils/fetch-list.ts) and pass through untouched.
 */

/**
 * The most Hedge reads of one answer from a Mastodon API path. The largest
 * real answers are pages of 80 accounts or 200 domain blocks and the server's
 * own block list (`/api/v1/instance/domain_blocks`, a few thousand rows on the
 * biggest servers): all well under 1 MB.
 */
export const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

/** Paths of Mastodon's API surfaces: the REST API, OAuth, and discovery documents. */
const API_PATH = /^\/(api|oauth|\.well-known|nodeinfo)\//;

/** HTTP statuses whose answers have no body, which a `Response` refuses to be built with. */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** An answer that was larger than Hedge reads. */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`The answer is larger than ${maxBytes} bytes.`);
  }
}

/**
 * The same answer with a body that errors with `AnswerTooLargeError` once more
 * than `maxBytes` have come. An announced `Content-Length` over the cap is
 * refused before anything is read.
 * @param response - the answer as `fetch` gave it.
 * @param maxBytes - the cap.
 */
export function capAnswer(response: Response, maxBytes: number): Response {
  if (response.body === null || NULL_BODY_STATUSES.has(response.status)) return response;
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    response.body.cancel().catch(() => undefined);
    throw new AnswerTooLargeError(maxBytes);
  }
  let received = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) controller.error(new AnswerTooLargeError(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Reads an answer's text, at most `maxBytes` of it.
 * @throws AnswerTooLargeError past the cap.
 */
export async function readCappedText(response: Response, maxBytes: number = MAX_ANSWER_BYTES): Promise<string> {
  return capAnswer(response, maxBytes).text();
}

/**
 * A `fetch` that caps the answers of Mastodon API paths.
 * @param fetchImpl - the `fetch` to wrap.
 * @param maxBytes - the cap.
 */
export function cappingFetch(fetchImpl: typeof fetch, maxBytes: number = MAX_ANSWER_BYTES): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return API_PATH.test(new URL(url).pathname) ? capAnswer(response, maxBytes) : response;
  };
}

let isInstalled = false;

/** Puts the cap around the background's global `fetch`, once. */
export function installAnswerCap(): void {
  if (isInstalled) return;
  globalThis.fetch = cappingFetch(globalThis.fetch.bind(globalThis));
  isInstalled = true;
}
