/**
 * The domain model shared by the list engine, the sync plan, the apply engine,
 * the UI and the content script. Pure types: nothing here runs.
 */

/** How a list or a user treats a domain, in Mastodon's own words. */
export type Severity = 'suspend' | 'silence' | 'noop';

/** Where a wish about a domain comes from. */
type SourceKind = 'preset' | 'subscription' | 'manual';

/** A named source of wishes: a preset ("threads"), a subscribed list, or the user's own entries. */
export interface SourceRef {
  kind: SourceKind;
  /** Stable id: the preset id, the subscription id, or `manual`. */
  id: string;
  /** What the UI shows: "Threads", "Garden Fence", "Your own entries". */
  name: string;
}

/** One source's opinion of one domain, kept so that every block can say why it exists. */
export interface Provenance {
  source: SourceRef;
  severity: Severity;
  labels: string[];
  comment?: string;
  /** The labels whose rules (the user's choice by labels for that list) decided this entry's action; absent: the list's severity did. */
  ruleLabels?: string[];
}

/**
 * What Hedge wants for a domain after combining every source:
 * - `block`: a personal domain block on the server;
 * - `limit`: no block; posts are collapsed in the web UI behind a notice;
 * - `listed`: named by a list but below the consensus threshold, or advisory: marked only;
 * - `allow`: an allow entry or "never block" won; never blocked by Hedge.
 */
export type DesiredAction = 'block' | 'limit' | 'listed' | 'allow';

export interface DesiredDomain {
  /** Lowercase punycode, as Mastodon stores personal blocks. */
  domain: string;
  action: DesiredAction;
  provenance: Provenance[];
}

/** The combined wishes of every source, keyed by domain. */
export type DesiredState = ReadonlyMap<string, DesiredDomain>;

/** The severity of a domain block made by the user's own server (`GET /api/v1/instance/domain_blocks`). */
export interface ServerDomainBlock {
  /** May be obfuscated (`*` inside): then only `digest` identifies it. */
  domain: string;
  /** SHA-256 hex of the real domain. */
  digest: string;
  severity: 'silence' | 'suspend';
  comment?: string;
}

/**
 * What Hedge knows about a domain met in the web UI:
 * - `blocked`: a personal block on exactly this domain (on the server or wished for);
 * - `limited` / `listed` / `allowed`: the desired action for this domain, or, when it has none, for
 *   its nearest parent that has one (then the verdict's matched domain is that parent);
 * - `server-suspended` / `server-limited`: the user's own server blocks it or a parent of it
 *   (admin blocks cover subdomains);
 * - `parent-blocked`: a parent domain is personally blocked, which does not cover this one;
 * - `none`: nothing.
 */
export type VerdictKind =
  | 'blocked'
  | 'limited'
  | 'listed'
  | 'server-suspended'
  | 'server-limited'
  | 'allowed'
  | 'parent-blocked'
  | 'none';

/** The admin blocks of the user's own server, or `hidden` when the admin does not show them (404, Mastodon's default). */
export type ServerDomainBlocks = { visibility: 'shown'; blocks: ServerDomainBlock[] } | { visibility: 'hidden'; blocks: [] };

/** The version of the user's own server, and what it implies for Hedge. */
export interface ServerVersion {
  /** Free text, e.g. `4.3.2` or `4.2.10+glitch`. */
  version: string;
  /** `api_versions.mastodon`: 4.3 = 2, 4.4 = 6, 4.5 = 7, 4.6 = 10; 0 before 4.3. */
  apiVersion: number;
  /** `GET /api/v1/domain_blocks/preview` exists (4.3+). */
  hasBlockPreview: boolean;
}

/** One account the user follows or is followed by, as Hedge keeps it for "nothing lost". */
export interface RelatedAccount {
  /** Full `user@domain`, also for local accounts. */
  acct: string;
  displayName: string;
  /** The profile's URL. */
  url: string;
  /** Lowercase punycode, the form personal blocks are stored in. */
  domain: string;
  /**
   * The still picture the user's own server serves (`avatar_static`: it caches remote accounts'
   * media, so showing it tells no other server who looks). Absent in what earlier versions kept.
   */
  avatar?: string;
}
