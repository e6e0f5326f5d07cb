/**
 * Which software a server runs, from what its instance endpoint says about itself.
 *
 * Facts (docs/other-servers.md):
 * - Pleroma and Akkoma answer `GET /api/v1/instance` with `version` as
 *   `2.7.2 (compatible; Pleroma 2.x.y)` or `2.7.2 (compatible; Akkoma 3.x.y)`
 *   (lib/pleroma/web/mastodon_api/views/instance_view.ex); they have no `/api/v2/instance`.
 * - GoToSocial answers `GET /api/v2/instance` with its own version (`0.20.0`), or
 *   `3.5.3+0.20.0` when its admin injects a Mastodon version, and `source_url`
 *   pointing at its repository (internal/typeutils/internaltofrontend.go).
 * - Mastodon's `version` is its own (`4.3.2`, `4.2.10+glitch`), `source_url` its repository.
 */

/** The server software Hedge tells apart; forks of Mastodon (glitch-soc, Hometown) count as Mastodon. */
export type ServerSoftware = 'mastodon' | 'pleroma' | 'akkoma' | 'gotosocial';

/** What the instance endpoint gave: `version` and, from `/api/v2/instance`, `source_url`. */
export interface InstanceSelfDescription {
  version: string;
  sourceUrl?: string;
}

/** The software behind an instance's self-description; anything unknown is taken for Mastodon. */
export function detectServerSoftware({ version, sourceUrl }: InstanceSelfDescription): ServerSoftware {
  const compatible = /\(compatible;\s*(pleroma|akkoma)\b/i.exec(version);
  if (compatible?.[1]) return compatible[1].toLowerCase() === 'akkoma' ? 'akkoma' : 'pleroma';
  if (sourceUrl !== undefined && /\/gotosocial\/?$/i.test(sourceUrl)) return 'gotosocial';
  // GoToSocial's own numbering is still 0.x; no Mastodon with an instance API ever was.
  if (/^0\.\d+\.\d+/.test(version)) return 'gotosocial';
  return 'mastodon';
}

/**
 * Whether the server keeps personal domain blocks (`/api/v1/domain_blocks`): Mastodon, Pleroma and
 * Akkoma do; GoToSocial has no such endpoint (docs/other-servers.md).
 */
export function hasPersonalDomainBlocks(software: ServerSoftware): boolean {
  return software !== 'gotosocial';
}
