/**
 * The domain matcher's tables, compiled into the verdict snapshot the content
 * script looks domains up in (utils/dom/content-lookup.ts, over
 * verdict-snapshot.ts): for any domain met in the web UI, its verdict and why.
 *
 * Built from the desired state, the personal blocks that exist on the server,
 * and the server's own blocks. The lookup walks the domain's labels through
 * hash maps (uBlock Origin's habit for large host lists, with a memo in
 * front), so 100,000 entries cost one table entry each and repeated lookups
 * one `Map.get`. The decision itself is verdict-snapshot.ts's `resolveVerdict`.
 */
import { OWN_LIMIT_SOURCE_ID } from './desired-state.ts';
import type { DesiredDomain, DesiredState, Provenance, ServerDomainBlock, SourceRef } from './model.ts';
import { toLookupForm, type ExactCode, type VerdictSnapshot } from './verdict-snapshot.ts';

/** What the matcher is built from. */
export interface DomainMatcherInput {
  desired: DesiredState;
  /** The personal blocks on the server now (`GET /api/v1/domain_blocks`), lowercase punycode. */
  personalBlocks: Iterable<string>;
  /** The server's own blocks (`GET /api/v1/instance/domain_blocks`), possibly obfuscated. */
  serverBlocks: readonly ServerDomainBlock[];
}

const ACTION_CODE: Readonly<Record<DesiredDomain['action'], ExactCode>> = { block: 'b', limit: 'l', listed: 'i', allow: 'a' };

/** A source's name as a tooltip shows it; the background passes one in the user's language. */
type SourceNamer = (source: SourceRef) => string;

/**
 * A short "why" for the content script: source names, then labels, those whose rule decided
 * (the user's choice by labels) first, so the tooltip names them even when a list has many.
 */
function reasonOf(provenance: readonly Provenance[], nameOf: SourceNamer): string {
  const names = [...new Set(provenance.map((item) => nameOf(item.source)))];
  const labels = [...new Set([...provenance.flatMap((item) => item.ruleLabels ?? []), ...provenance.flatMap((item) => item.labels)])].slice(0, 8);
  return labels.length === 0 ? names.join(', ') : `${names.join(', ')} · ${labels.join(', ')}`;
}

/**
 * The compact, serialisable form of the same verdicts, for the content
 * script: it carries no provenance objects, only a short reason per domain.
 */
export function toVerdictSnapshot(input: DomainMatcherInput, nameOf: SourceNamer = (source) => source.name): VerdictSnapshot {
  const exact: VerdictSnapshot['exact'] = {};
  for (const [domain, wish] of input.desired) {
    // The user's own limit gets its own code, so the web UI can say so; the reason names the lists beside it.
    const others = wish.provenance.filter((item) => item.source.id !== OWN_LIMIT_SOURCE_ID);
    const isOwnLimit = wish.action === 'limit' && others.length < wish.provenance.length;
    exact[domain] = isOwnLimit ? ['m', reasonOf(others, nameOf)] : [ACTION_CODE[wish.action], reasonOf(wish.provenance, nameOf)];
  }
  // A personal block on the server counts even when no source wants it any more.
  for (const blocked of input.personalBlocks) {
    const domain = toLookupForm(blocked);
    exact[domain] = ['b', exact[domain]?.[1] ?? ''];
  }
  const server: VerdictSnapshot['server'] = {};
  const serverDigests: VerdictSnapshot['serverDigests'] = {};
  for (const block of input.serverBlocks) {
    // An obfuscated name (`*` inside) is known by the digest of the real one only.
    if (block.domain.includes('*')) serverDigests[block.digest.toLowerCase()] = [block.severity, block.comment ?? '', block.domain];
    else server[toLookupForm(block.domain)] = [block.severity, block.comment ?? ''];
  }
  return { version: 1, exact, server, serverDigests };
}
