/**
 * The domain matcher: for any domain met in the web UI, its verdict and why.
 *
 * Built from the desired state, the personal blocks that exist on the server,
 * and the server's own blocks. Lookups walk the domain's labels through hash
 * maps (uBlock Origin's habit for large host lists, with a memo in front), so
 * 100,000 entries cost one `Map` each and repeated lookups cost one `Map.get`.
 * The decision itself lives in verdict-snapshot.ts and is shared with the
 * content script's snapshot lookup, so both always agree.
 */
import type { DesiredDomain, DesiredState, Provenance, ServerDomainBlock, Verdict } from './model.ts';
import { sha256Hex } from './sha256.ts';
import {
  resolveVerdict,
  toLookupForm,
  type ExactCode,
  type ServerHit,
  type VerdictSnapshot,
} from './verdict-snapshot.ts';

export { createSnapshotMatcher, type SnapshotVerdict, type VerdictSnapshot } from './verdict-snapshot.ts';

/** What the matcher is built from. */
export interface DomainMatcherInput {
  desired: DesiredState;
  /** The personal blocks on the server now (`GET /api/v1/domain_blocks`), lowercase punycode. */
  personalBlocks: Iterable<string>;
  /** The server's own blocks (`GET /api/v1/instance/domain_blocks`), possibly obfuscated. */
  serverBlocks: readonly ServerDomainBlock[];
}

/** Answers verdicts for domains. */
export interface DomainMatcher {
  /** The verdict for a domain as it is (Unicode or punycode, any case, reserved or not). */
  lookup(domain: string): Verdict;
}

const ACTION_CODE: Readonly<Record<DesiredDomain['action'], ExactCode>> = { block: 'b', limit: 'l', listed: 'i', allow: 'a' };
const MEMO_LIMIT = 200_000;
const NO_PROVENANCE: Provenance[] = [];

interface Tables {
  exactOf(domain: string): ExactCode | undefined;
  serverOf(domain: string): ServerHit | undefined;
  desired: DesiredState;
  personal: ReadonlySet<string>;
  serverClear: ReadonlyMap<string, ServerDomainBlock>;
  serverHidden: ReadonlyMap<string, ServerDomainBlock>;
}

function buildTables(input: DomainMatcherInput): Tables {
  const personal = new Set<string>();
  for (const domain of input.personalBlocks) personal.add(toLookupForm(domain));
  const serverClear = new Map<string, ServerDomainBlock>();
  const serverHidden = new Map<string, ServerDomainBlock>();
  for (const block of input.serverBlocks) {
    if (block.domain.includes('*')) serverHidden.set(block.digest.toLowerCase(), block);
    else serverClear.set(toLookupForm(block.domain), block);
  }
  const { desired } = input;
  const hiddenByName = new Map<string, ServerDomainBlock | null>();
  const hit = (block: ServerDomainBlock): ServerHit => ({ severity: block.severity, shown: block.domain, comment: block.comment ?? '' });
  return {
    desired,
    personal,
    serverClear,
    serverHidden,
    exactOf(domain) {
      // A personal block on the server counts even when no source wants it any more.
      if (personal.has(domain)) return 'b';
      const wish = desired.get(domain);
      return wish === undefined ? undefined : ACTION_CODE[wish.action];
    },
    serverOf(domain) {
      const clear = serverClear.get(domain);
      if (clear !== undefined) return hit(clear);
      if (serverHidden.size === 0) return undefined;
      // Parents repeat across lookups (every account of example.social): hash each name once.
      let hidden = hiddenByName.get(domain);
      if (hidden === undefined) {
        hidden = serverHidden.get(sha256Hex(domain)) ?? null;
        if (hiddenByName.size >= MEMO_LIMIT) hiddenByName.clear();
        hiddenByName.set(domain, hidden);
      }
      return hidden === null ? undefined : hit(hidden);
    },
  };
}

/** Builds a matcher. See the module comment of verdict-snapshot.ts for the rules. */
export function createDomainMatcher(input: DomainMatcherInput): DomainMatcher {
  const tables = buildTables(input);
  const memo = new Map<string, Verdict>();
  return {
    lookup(domain: string): Verdict {
      const cached = memo.get(domain);
      if (cached !== undefined) return cached;
      const resolved = resolveVerdict(toLookupForm(domain), tables.exactOf, tables.serverOf);
      const deciding = resolved.decidingDomain === undefined ? undefined : tables.desired.get(resolved.decidingDomain);
      const verdict: Verdict = { kind: resolved.kind, provenance: deciding?.provenance ?? NO_PROVENANCE };
      if (resolved.kind.startsWith('server-') && resolved.server !== undefined) {
        verdict.matchedDomain = resolved.server.shown;
        if (resolved.server.comment !== '') verdict.serverComment = resolved.server.comment;
      } else if (resolved.decidingDomain !== undefined) {
        verdict.matchedDomain = resolved.decidingDomain;
      }
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(domain, verdict);
      return verdict;
    },
  };
}

/** A short "why" for the content script: source names, then labels. */
function reasonOf(provenance: readonly Provenance[]): string {
  const names = [...new Set(provenance.map((item) => item.source.name))];
  const labels = [...new Set(provenance.flatMap((item) => item.labels))].slice(0, 8);
  return labels.length === 0 ? names.join(', ') : `${names.join(', ')} · ${labels.join(', ')}`;
}

/**
 * The compact, serialisable form of the same verdicts, for the content
 * script: it carries no provenance objects, only a short reason per domain.
 */
export function toVerdictSnapshot(input: DomainMatcherInput): VerdictSnapshot {
  const tables = buildTables(input);
  const exact: VerdictSnapshot['exact'] = {};
  for (const [domain, wish] of tables.desired) exact[domain] = [ACTION_CODE[wish.action], reasonOf(wish.provenance)];
  for (const domain of tables.personal) {
    const current = exact[domain];
    exact[domain] = ['b', current?.[1] ?? ''];
  }
  const server: VerdictSnapshot['server'] = {};
  for (const [domain, block] of tables.serverClear) server[domain] = [block.severity, block.comment ?? ''];
  const serverDigests: VerdictSnapshot['serverDigests'] = {};
  for (const [digest, block] of tables.serverHidden) serverDigests[digest] = [block.severity, block.comment ?? '', block.domain];
  return { version: 1, exact, server, serverDigests };
}
