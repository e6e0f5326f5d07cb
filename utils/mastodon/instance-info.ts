/**
 * What a server says about itself: `GET /api/v2/instance`, or `GET /api/v1/instance` where the
 * first is missing. Pleroma and Akkoma have no `/api/v2/instance`: their fallback route answers
 * `404 {"error":"Not implemented"}` for any unknown `/api/` path
 * (lib/pleroma/web/fallback/redirect_controller.ex `api_not_implemented`; docs/other-servers.md).
 */
import { MastoHttpError, type mastodon } from 'masto';
import { detectServerSoftware, type ServerSoftware } from '../core/server-software';
import { t } from '../i18n/translate';
import { answerOf, answerOfError, type AnswerObserver } from './answers';
import { MastodonError, toMastodonError } from './errors';

/** The server's self-description, as Hedge keeps it. */
export interface InstanceInfo {
  /** Free text: `4.3.2`, `2.7.2 (compatible; Akkoma 3.15.2)`, `0.20.0`. */
  version: string;
  /** `api_versions.mastodon` (4.3 = 2); 0 before 4.3 and on other software. */
  apiVersion: number;
  /** The local domain of accounts (`domain` in v2, `uri` in v1); the origin's host when absent. */
  domain: string;
  software: ServerSoftware;
}

/** Reads v2, then v1 on a 404. Throws a `MastodonError` (`not-mastodon` when neither exists). */
export async function readInstanceInfo(
  client: mastodon.rest.Client,
  options: { host: string; onAnswer?: AnswerObserver },
): Promise<InstanceInfo> {
  const { host, onAnswer } = options;
  try {
    const { data, headers } = await client.v2.instance.fetch.$raw();
    onAnswer?.(answerOf(200, headers));
    const apiVersion = data.apiVersions?.mastodon;
    const sourceUrl = (data as { sourceUrl?: unknown }).sourceUrl;
    return describe(host, {
      version: data.version,
      apiVersion: typeof apiVersion === 'number' ? apiVersion : 0,
      domain: data.domain,
      ...(typeof sourceUrl === 'string' ? { sourceUrl } : {}),
    });
  } catch (error) {
    onAnswer?.(answerOfError(error));
    if (!(error instanceof MastoHttpError && error.statusCode === 404)) {
      throw toMastodonError(error, { host, isNotFoundNotMastodon: true });
    }
  }
  try {
    const { data, headers } = await client.v1.instance.fetch.$raw();
    onAnswer?.(answerOf(200, headers));
    return describe(host, { version: data.version, apiVersion: 0, domain: domainOfUri(data.uri) });
  } catch (error) {
    onAnswer?.(answerOfError(error));
    throw toMastodonError(error, { host, isNotFoundNotMastodon: true });
  }
}

function describe(host: string, read: { version: unknown; apiVersion: number; domain: unknown; sourceUrl?: string }): InstanceInfo {
  if (typeof read.version !== 'string') throw new MastodonError('not-mastodon', t('bg_hostNotMastodon', host));
  const domain = typeof read.domain === 'string' && read.domain !== '' ? read.domain : host;
  return {
    version: read.version,
    apiVersion: read.apiVersion,
    domain,
    software: detectServerSoftware({ version: read.version, ...(read.sourceUrl === undefined ? {} : { sourceUrl: read.sourceUrl }) }),
  };
}

/** v1's `uri` is the bare domain on Mastodon and Akkoma, a full URL on older Pleroma (`Pleroma.Web.base_url()`). */
function domainOfUri(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri === '') return undefined;
  if (!uri.includes('://')) return uri;
  try {
    return new URL(uri).host;
  } catch {
    // Not a URL after all: the origin's host is used instead.
    return undefined;
  }
}
