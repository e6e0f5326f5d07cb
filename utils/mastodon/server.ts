/**
 * What the user's own server says about itself: its version and the domains
 * its admins block (`GET /api/v2/instance`, `GET /api/v1/instance/domain_blocks`).
 */
import type { mastodon } from 'masto';
import type { ServerDomainBlock } from '../core/model';
import { answerOf, answerOfError, type AnswerObserver } from './answers';
import { toMastodonError } from './errors';

/** The server's version, and what it implies for Hedge. */
export interface ServerVersion {
  /** Free text, e.g. `4.3.2` or `4.2.10+glitch`. */
  version: string;
  /** `api_versions.mastodon`: 4.3 = 2, 4.4 = 6, 4.5 = 7, 4.6 = 10; 0 before 4.3. */
  apiVersion: number;
  /** `GET /api/v1/domain_blocks/preview` exists (4.3+). */
  hasBlockPreview: boolean;
}

/** The server's admin blocks, or `hidden` when the admin does not show them (404, Mastodon's default). */
export type ServerDomainBlocks = { visibility: 'shown'; blocks: ServerDomainBlock[] } | { visibility: 'hidden'; blocks: [] };

/** Reads the server's version. Throws a `MastodonError`. */
export async function fetchServerVersion(
  client: mastodon.rest.Client,
  options: { host: string; onAnswer?: AnswerObserver },
): Promise<ServerVersion> {
  try {
    const { data, headers } = await client.v2.instance.fetch.$raw();
    options.onAnswer?.(answerOf(200, headers));
    const apiVersion = typeof data.apiVersions?.mastodon === 'number' ? data.apiVersions.mastodon : 0;
    return { version: data.version, apiVersion, hasBlockPreview: apiVersion >= 2 };
  } catch (error) {
    options.onAnswer?.(answerOfError(error));
    throw toMastodonError(error, { host: options.host, isNotFoundNotMastodon: true });
  }
}

/** Reads the server's own domain blocks; a 404 means the admin hides them. Throws a `MastodonError` otherwise. */
export async function fetchServerDomainBlocks(
  client: mastodon.rest.Client,
  options: { host: string; onAnswer?: AnswerObserver },
): Promise<ServerDomainBlocks> {
  try {
    const { data, headers } = await client.v1.instance.domainBlocks.fetch.$raw();
    options.onAnswer?.(answerOf(200, headers));
    return {
      visibility: 'shown',
      blocks: data.map((block) => ({
        domain: block.domain,
        digest: block.digest,
        severity: block.severity === 'silence' ? 'silence' : 'suspend',
        ...(block.comment ? { comment: block.comment } : {}),
      })),
    };
  } catch (error) {
    const answer = answerOfError(error);
    options.onAnswer?.(answer);
    // app/controllers/api/v1/instances/domain_blocks_controller.rb: 404 unless the admin shows the list.
    if (answer.status === 404) return { visibility: 'hidden', blocks: [] };
    throw toMastodonError(error, { host: options.host });
  }
}
