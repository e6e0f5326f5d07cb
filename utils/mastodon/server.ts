/**
 * What the user's own server says about itself: its version and the domains
 * its admins block (`GET /api/v2/instance`, `GET /api/v1/instance/domain_blocks`).
 */
import { readCappedText } from './answer-size';
import type { mastodon } from 'masto';
import type { ServerDomainBlock, ServerDomainBlocks, ServerVersion } from '../core/model';
import { answerOf, answerOfError, type AnswerObserver } from './answers';
import { readInstanceInfo } from './instance-info';
import { serverBlocksOfPleromaInstance } from './pleroma-federation';
import type { ServerSoftware } from '../core/server-software';
import { REQUEST_TIMEOUT_MS } from './client';
import { MastodonError, fromStatus, toMastodonError } from './errors';
import { t } from '../i18n/translate';
import { readRateLimit } from './rate-limit-headers';

/**
 * Reads the server's version: `/api/v2/instance`, or `/api/v1/instance` on Pleroma and Akkoma,
 * which have no v2 (utils/mastodon/instance-info.ts). Throws a `MastodonError`.
 */
export async function fetchServerVersion(
  client: mastodon.rest.Client,
  options: { host: string; onAnswer?: AnswerObserver },
): Promise<ServerVersion> {
  const { version, apiVersion } = await readInstanceInfo(client, options);
  return { version, apiVersion, hasBlockPreview: apiVersion >= 2 };
}

/**
 * Reads the server's own domain blocks; a 404 means the admin hides them. On Pleroma and Akkoma
 * they come from `/api/v1/instance` (utils/mastodon/pleroma-federation.ts).
 * Throws a `MastodonError` otherwise.
 *
 * Plain `fetch`, not masto.js: the 404 comes from `head 404`
 * (app/controllers/api/v1/instances/domain_blocks_controller.rb), an empty
 * non-JSON body that masto.js 8 cannot turn into an error with a status.
 */
export async function fetchServerDomainBlocks(
  credentials: { origin: string; token: string },
  options: { host: string; onAnswer?: AnswerObserver; software?: ServerSoftware },
): Promise<ServerDomainBlocks> {
  const isPleroma = options.software === 'pleroma' || options.software === 'akkoma';
  // Pleroma and Akkoma answer this path with a JSON 404 and list their blocks in /api/v1/instance instead.
  const path = isPleroma ? '/api/v1/instance' : '/api/v1/instance/domain_blocks';
  let response: Response;
  try {
    response = await fetch(`${credentials.origin}${path}`, {
      headers: { Authorization: `Bearer ${credentials.token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    options.onAnswer?.(answerOfError(error));
    throw toMastodonError(error, { host: options.host });
  }
  options.onAnswer?.(answerOf(response.status, response.headers));
  let text: string;
  try {
    text = await readCappedText(response);
  } catch (error) {
    throw toMastodonError(error, { host: options.host });
  }
  if (response.status === 404) return { visibility: 'hidden', blocks: [] };
  if (!response.ok) {
    throw fromStatus(response.status, serverErrorText(text), readRateLimit(response.headers), { host: options.host });
  }
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (cause) {
    throw new MastodonError('not-mastodon', t('bg_hostNotLikeMastodon', options.host), { cause });
  }
  if (isPleroma) return serverBlocksOfPleromaInstance(entries);
  if (!Array.isArray(entries)) {
    throw new MastodonError('not-mastodon', t('bg_hostNotLikeMastodon', options.host));
  }
  return { visibility: 'shown', blocks: entries.flatMap(toServerDomainBlock) };
}

function toServerDomainBlock(entry: unknown): ServerDomainBlock[] {
  if (typeof entry !== 'object' || entry === null) return [];
  const { domain, digest, severity, comment } = entry as Record<string, unknown>;
  if (typeof domain !== 'string' || typeof digest !== 'string') return [];
  return [
    {
      domain,
      digest,
      severity: severity === 'silence' ? 'silence' : 'suspend',
      ...(typeof comment === 'string' && comment !== '' ? { comment } : {}),
    },
  ];
}

function serverErrorText(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    return typeof error === 'string' ? error : undefined;
  } catch {
    // Not JSON: an error page says nothing the user can use.
    return undefined;
  }
}
