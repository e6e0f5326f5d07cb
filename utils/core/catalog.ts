/**
 * The catalog of known public domain lists the options page offers for
 * subscription. Data only: what each list covers, how it is made, its size
 * and date as last checked, and where it is fetched from.
 *
 * Sources (checked July 2026):
 * - Garden Fence: https://github.com/gardenfence/blocklist (README "How is the list created?");
 *   143 entries in gardenfence-mastodon.csv @ cf67a41 (2026-07-05).
 * - IFTAS DNI: https://connect.iftas.org/wp-content/uploads/2024/04/dni.csv, mirrored in
 *   sgrigson/oliphant blocklists/dni.csv (87 entries, last changed 2026-02-26).
 * - Seirdy tier0 and FediNuke: https://seirdy.one/posts/2023/05/02/fediverse-blocklists/;
 *   tier0 375 entries as mirrored by sgrigson/oliphant @ ab9e4ab (2026-04-15); FediNuke 173 entries
 *   in a copy of about 2023-07 (sally3125/blocklists blocklists/fedinuke.csv).
 * - Oliphant's unified tiers: sgrigson/oliphant, retired on 2026-04-15 (last commit ab9e4ab);
 *   tier0 449 entries at that commit, tier1 570 entries @ fa125c6 (2023-05-13).
 * - FIRES: https://fires.fedimod.org (protocol and reference server fedimod/fires); a FIRES server
 *   publishes datasets of its own, so the catalog names the protocol, not one list.
 * The fixtures of tests/fixtures/lists are copies of these files (see their SOURCES.md).
 */

/** How a list decides what goes in. */
export type CatalogMethod = 'consensus' | 'curated' | 'consensus-curated';

/** The format a list is published in, so the right parser is chosen. */
type CatalogFormat = 'mastodon-csv' | 'fediblockhole-csv' | 'plain-text' | 'fires';

/** A known list. */
export interface CatalogList {
  /** Stable id, also the key of its translated description (`catalog_<id>_covers`). */
  id: string;
  name: string;
  maintainer: string;
  /** What the list covers, in English; pages show the translated text when there is one. */
  covers: string;
  method: CatalogMethod;
  format: CatalogFormat;
  /** Entries when last checked; null when it depends on the server (FIRES). */
  size: number | null;
  /** ISO date (YYYY-MM-DD) of the version `size` was counted on; null when unknown. */
  updatedOn: string | null;
  /** Where Hedge fetches it from (HTTPS). For FIRES, the project's page: the user names a server. */
  url: string;
  /** Where people can read about it. */
  homepage: string;
  /** Archived lists are no longer maintained: shown, but not offered for subscription. */
  isArchived: boolean;
  /** When an archived list stopped being maintained (ISO date). */
  archivedOn?: string;
}

/** Every list the options page shows, the maintained ones first. */
export const CATALOG: readonly CatalogList[] = [
  {
    id: 'garden-fence',
    name: 'Garden Fence',
    maintainer: 'sunny.garden (@gardenfence@sunny.garden)',
    covers:
      'The worst and best-known sources of hate speech, harassment, the far right, misinformation, sexualisation of minors and spam.',
    method: 'consensus-curated',
    format: 'mastodon-csv',
    size: 143,
    updatedOn: '2026-07-05',
    url: 'https://raw.githubusercontent.com/gardenfence/blocklist/main/gardenfence-mastodon.csv',
    homepage: 'https://github.com/gardenfence/blocklist',
    isArchived: false,
  },
  {
    id: 'iftas-dni',
    name: 'IFTAS DNI (Do Not Interact)',
    maintainer: 'IFTAS',
    covers: 'Servers that host or promote abuse such as hate speech, harassment and child sexual abuse material.',
    method: 'curated',
    format: 'mastodon-csv',
    size: 87,
    updatedOn: '2026-02-26',
    url: 'https://connect.iftas.org/wp-content/uploads/2024/04/dni.csv',
    homepage: 'https://connect.iftas.org/',
    isArchived: false,
  },
  {
    id: 'seirdy-tier0',
    name: 'Seirdy tier0',
    maintainer: 'Seirdy (@Seirdy@pleroma.envs.net)',
    covers: 'A semi-curated subset of pleroma.envs.net’s blocks, for servers that uphold the Mastodon Server Covenant; somewhat heavy-handed.',
    method: 'consensus-curated',
    format: 'fediblockhole-csv',
    size: 375,
    updatedOn: '2026-04-15',
    url: 'https://seirdy.one/pb/tier0.csv',
    homepage: 'https://seirdy.one/posts/2023/05/02/fediverse-blocklists/',
    isArchived: false,
  },
  {
    id: 'seirdy-fedinuke',
    name: 'FediNuke',
    maintainer: 'Seirdy (@Seirdy@pleroma.envs.net)',
    covers: 'The “worse half” of tier0: the notorious servers most likely to reach and harm people elsewhere. A bare minimum.',
    method: 'curated',
    format: 'plain-text',
    size: 173,
    updatedOn: '2023-07-01',
    url: 'https://seirdy.one/pb/FediNuke.txt',
    homepage: 'https://seirdy.one/posts/2023/05/02/fediverse-blocklists/',
    isArchived: false,
  },
  {
    id: 'fires',
    name: 'FIRES servers',
    maintainer: 'Each FIRES server’s moderators',
    covers: 'Moderation advice published by a FIRES server: recommendations, advisories and retractions, kept up to date change by change.',
    method: 'curated',
    format: 'fires',
    size: null,
    updatedOn: null,
    url: 'https://fires.fedimod.org',
    homepage: 'https://fires.fedimod.org',
    isArchived: false,
  },
  {
    id: 'oliphant-tier0',
    name: 'Oliphant unified tier0',
    maintainer: 'Oliphant (sgrigson/oliphant)',
    covers: 'The most-agreed blocks of several trusted servers’ lists, merged with Seirdy tier0, Garden Fence and IFTAS DNI.',
    method: 'consensus',
    format: 'mastodon-csv',
    size: 449,
    updatedOn: '2026-04-15',
    url: 'https://raw.githubusercontent.com/sgrigson/oliphant/main/blocklists/mastodon/_unified_tier0_blocklist.csv',
    homepage: 'https://github.com/sgrigson/oliphant',
    isArchived: true,
    archivedOn: '2026-04-15',
  },
  {
    id: 'oliphant-tier1',
    name: 'Oliphant unified tier1',
    maintainer: 'Oliphant (sgrigson/oliphant)',
    covers: 'Blocks shared by at least half of the source servers; wider than tier0.',
    method: 'consensus',
    format: 'mastodon-csv',
    size: 570,
    updatedOn: '2023-05-13',
    url: 'https://raw.githubusercontent.com/sgrigson/oliphant/main/blocklists/mastodon/_unified_tier1_blocklist.csv',
    homepage: 'https://github.com/sgrigson/oliphant',
    isArchived: true,
    archivedOn: '2026-04-15',
  },
];
