/**
 * Personal domain blocks through masto.js
 * (app/controllers/api/v1/domain_blocks_controller.rb).
 *
 * Implements the apply engine's `DomainBlockApi` port: HTTP failures are
 * reported as statuses, never thrown; every answer's rate-limit headers are
 * returned and reported to the observer.
 */
import type { mastodon } from 'masto';
import type { DomainBlockApi, DomainBlockPage, DomainBlockResponse } from '../core/ports';
import { answerOf, answerOfError, type AnswerObserver } from './answers';
import { toMastodonError } from './errors';

/** Mastodon's maximum page size for `GET /api/v1/domain_blocks` (default 100). */
export const DOMAIN_BLOCKS_PAGE_LIMIT = 200;

/** What blocking a domain would cut, from `GET /api/v1/domain_blocks/preview` (4.3+). */
export interface DomainBlockPreview {
  followingCount: number;
  followersCount: number;
}

/** The port plus what the background needs beyond the apply engine. */
export interface DomainBlockAdapter extends DomainBlockApi {
  /** Every personal block, all pages at limit 200 through masto.js's paginator. Throws a `MastodonError`. */
  listAll(): Promise<string[]>;
  /** The preview of blocking a domain on 4.3+; null on older servers. Throws a `MastodonError`. */
  preview(domain: string): Promise<DomainBlockPreview | null>;
}

/** Options of {@link createDomainBlockAdapter}. */
export interface DomainBlockAdapterOptions {
  host: string;
  /** `api_versions.mastodon` of the server: the preview endpoint exists from 2 (4.3). */
  apiVersion: number;
  onAnswer?: AnswerObserver;
}

// The preview endpoint is not in masto.js's types; its proxy builds the path from property names.
interface PreviewResource {
  preview: { fetch: { $raw(params: { domain: string }): Promise<{ data: DomainBlockPreview; headers: Headers }> } };
}

/** Wraps one account's masto.js client. */
export function createDomainBlockAdapter(client: mastodon.rest.Client, options: DomainBlockAdapterOptions): DomainBlockAdapter {
  const observe = options.onAnswer ?? (() => undefined);

  async function send(run: () => Promise<{ headers: Headers }>): Promise<DomainBlockResponse> {
    try {
      const { headers } = await run();
      const answer = answerOf(200, headers);
      observe(answer);
      return { status: 200, rateLimit: answer.headers };
    } catch (error) {
      const answer = answerOfError(error);
      observe(answer);
      return { status: answer.status, ...failureText(answer), rateLimit: answer.headers };
    }
  }

  return {
    create: (domain) => send(() => client.v1.domainBlocks.create.$raw({ domain })),
    remove: (domain) => send(() => client.v1.domainBlocks.remove.$raw({ domain })),

    async listPage(cursor?: string): Promise<DomainBlockPage> {
      // The cursor is the query of the previous page's `Link rel="next"` (max_id=…).
      const params = cursor ? Object.fromEntries(new URLSearchParams(cursor)) : { limit: String(DOMAIN_BLOCKS_PAGE_LIMIT) };
      try {
        const page = await client.v1.domainBlocks.list.$raw(params as mastodon.DefaultPaginationParams);
        const answer = answerOf(200, page.headers);
        observe(answer);
        const next = nextCursor(page.headers.get('link'));
        return { status: 200, domains: page.data, rateLimit: answer.headers, ...(next ? { next } : {}) };
      } catch (error) {
        const answer = answerOfError(error);
        observe(answer);
        return { status: answer.status, ...failureText(answer), rateLimit: answer.headers, domains: [] };
      }
    },

    async listAll(): Promise<string[]> {
      const domains: string[] = [];
      try {
        for await (const page of client.v1.domainBlocks.list.$raw({ limit: DOMAIN_BLOCKS_PAGE_LIMIT })) {
          observe(answerOf(200, page.headers));
          domains.push(...page.data);
        }
      } catch (error) {
        observe(answerOfError(error));
        throw toMastodonError(error, { host: options.host });
      }
      return domains;
    },

    async preview(domain: string): Promise<DomainBlockPreview | null> {
      if (options.apiVersion < 2) return null;
      try {
        const { data, headers } = await (client.v1.domainBlocks as unknown as PreviewResource).preview.fetch.$raw({ domain });
        observe(answerOf(200, headers));
        return { followingCount: Number(data.followingCount) || 0, followersCount: Number(data.followersCount) || 0 };
      } catch (error) {
        observe(answerOfError(error));
        throw toMastodonError(error, { host: options.host, domain });
      }
    },
  };
}

/** An error page says so (the core words it); any other failure keeps its text. */
function failureText(answer: ReturnType<typeof answerOfError>): Pick<DomainBlockResponse, 'error' | 'isErrorPage'> {
  return answer.isErrorPage ? { isErrorPage: true } : { error: answer.message };
}

/** The query of the `Link` header's `rel="next"` URL, or undefined on the last page. */
export function nextCursor(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return new URL(match[1]).search.replace(/^\?/, '');
  }
  return undefined;
}
