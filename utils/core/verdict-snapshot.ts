/**
 * The content script's side of matching: a compact, serialisable snapshot of
 * every verdict (built by matcher.ts) and the decision a lookup over it makes
 * (utils/dom/content-lookup.ts). Kept apart from matcher.ts, with no import
 * but types, so the content script bundle stays small.
 *
 * Algorithm ({@link resolveVerdict}): walk the domain and its parents,
 * nearest first. The user's server's blocks cover subdomains
 * (app/models/domain_block.rb `rule_for` looks up every suffix of the host,
 * `DomainNormalizable.domain_variants`, and takes the longest), so the nearest
 * server entry, by name or by the SHA-256 digest it publishes for obfuscated
 * names, applies. A personal block covers the exact domain only
 * (app/models/concerns/account/interactions.rb `domain_blocking?` is
 * `domain_blocks.exists?(domain:)`, and `excluded_from_timeline_domains` plucks
 * the exact domains): a blocked parent yields `parent-blocked`, "not covered,
 * block it too". Hedge's own limits, list marks and allowances are not blocks
 * on the server: a subdomain without a verdict of its own takes its nearest
 * parent's, as `rule_for` takes the nearest rule (its `matchedDomain` is then
 * that parent). Precedence: server-suspended, blocked, server-limited, the domain's
 * own limited, allowed or listed, then the nearest parent's (parent-blocked,
 * limited, allowed or listed), none. The user's own limit (code `m`) decides as a list's limit
 * (`l`) does; the answer only says whose it is (`isOwnLimit`), also for a subdomain that takes it
 * from its parent.
 */
import type { VerdictKind } from './model.ts';

/** Exact-domain verdict codes in a snapshot: blocked, limited, limited by the user's own limit, listed, allowed. */
export type ExactCode = 'b' | 'l' | 'm' | 'i' | 'a';

/** A server block as the snapshot carries it: severity and public comment. */
type ServerEntry = [severity: 'suspend' | 'silence', comment: string];

/** Serialisable verdict data for the content script. */
export interface VerdictSnapshot {
  version: 1;
  /** Domain → exact verdict code and a short "why" (sources and labels). */
  exact: Record<string, [code: ExactCode, why: string]>;
  /** The server's blocks in clear, by domain. */
  server: Record<string, ServerEntry>;
  /** The server's obfuscated blocks, by the SHA-256 hex of the real domain, with the shown (obfuscated) name. */
  serverDigests: Record<string, [severity: 'suspend' | 'silence', comment: string, shown: string]>;
}

/** What the snapshot lookup answers. */
export interface SnapshotVerdict {
  kind: VerdictKind;
  matchedDomain?: string;
  why?: string;
  serverComment?: string;
  /** A `limited` verdict that comes from the user's own limit (code `m`), not only from lists. */
  isOwnLimit?: true;
}

/** A server block hit during the walk. */
export interface ServerHit {
  severity: 'suspend' | 'silence';
  shown: string;
  comment: string;
}

/** The outcome of {@link resolveVerdict}, before the caller adds its reasons. */
export interface ResolvedVerdict {
  kind: VerdictKind;
  /** The domain whose exact verdict decided: itself, or the nearest parent whose verdict it takes. */
  decidingDomain?: string;
  server?: ServerHit;
}

const EXACT_KIND: Readonly<Record<ExactCode, VerdictKind>> = { b: 'blocked', l: 'limited', m: 'limited', i: 'listed', a: 'allowed' };

/**
 * Decides a verdict for a normalised domain from two probes: the exact
 * personal verdict of a domain, and the server's block of a domain (by name or digest).
 */
export function resolveVerdict(
  domain: string,
  exactOf: (domain: string) => ExactCode | undefined,
  serverOf: (domain: string) => ServerHit | undefined,
): ResolvedVerdict {
  const exact = exactOf(domain);
  let server = serverOf(domain);
  let parent: string | undefined;
  let parentCode: ExactCode | undefined;
  let suffix = domain;
  for (let dot = suffix.indexOf('.'); dot !== -1; dot = suffix.indexOf('.')) {
    suffix = suffix.slice(dot + 1);
    server ??= serverOf(suffix);
    // A parent must keep a dot: personal verdicts never name a bare top-level label.
    if (parentCode === undefined && suffix.includes('.')) {
      parentCode = exactOf(suffix);
      parent = suffix;
    }
  }
  if (exact === 'b' && server?.severity !== 'suspend') return { kind: 'blocked', decidingDomain: domain, ...(server === undefined ? {} : { server }) };
  if (server === undefined) {
    if (exact !== undefined) return { kind: EXACT_KIND[exact], decidingDomain: domain };
    if (parentCode === undefined) return { kind: 'none' };
    return { kind: parentCode === 'b' ? 'parent-blocked' : EXACT_KIND[parentCode], decidingDomain: parent };
  }
  // The server's block decides over the domain's own verdict, but the "why" is the domain's own.
  const verdict: ResolvedVerdict = { kind: server.severity === 'suspend' ? 'server-suspended' : 'server-limited', server };
  if (exact !== undefined) verdict.decidingDomain = domain;
  return verdict;
}

/**
 * The answer of a snapshot lookup from a resolved verdict: the matched domain
 * (the server's shown name for server verdicts), the server's comment and the
 * deciding domain's "why", each only when not empty.
 */
export function toSnapshotVerdict(resolved: ResolvedVerdict, exact: VerdictSnapshot['exact']): SnapshotVerdict {
  const verdict: SnapshotVerdict = { kind: resolved.kind };
  if (resolved.kind.startsWith('server-') && resolved.server !== undefined) {
    verdict.matchedDomain = resolved.server.shown;
    if (resolved.server.comment !== '') verdict.serverComment = resolved.server.comment;
  } else if (resolved.decidingDomain !== undefined) {
    verdict.matchedDomain = resolved.decidingDomain;
  }
  const entry = resolved.decidingDomain === undefined ? undefined : exact[resolved.decidingDomain];
  const why = entry?.[1];
  if (why !== undefined && why !== '') verdict.why = why;
  if (resolved.kind === 'limited' && entry?.[0] === 'm') verdict.isOwnLimit = true;
  return verdict;
}

/**
 * Lowercase punycode without a trailing dot, as cheaply as possible: the web
 * UI shows Unicode (mastodon-facts.md, "The web UI"), blocks are punycode.
 */
export function toLookupForm(domain: string): string {
  let host = domain.trim().toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (/[^\x20-\x7e]/.test(host)) {
    try {
      host = new URL(`https://${host}`).hostname;
    } catch {
      // Not a host name at all: it is looked up as typed and matches nothing.
      return host;
    }
  }
  return host;
}
