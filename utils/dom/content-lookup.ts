/**
 * The content script's verdict lookup over a snapshot: the decision is
 * `resolveVerdict` of utils/core/verdict-snapshot.ts. Domains are hashed for
 * the server's obfuscated blocks with the browser's own SHA-256
 * (`crypto.subtle`, which is asynchronous) instead of bundling a 2 kB one:
 * `prepare` hashes the domains of a batch before they are looked up. With no
 * obfuscated blocks there is nothing to prepare.
 *
 * A domain that only a blocked parent covers (`parent-blocked`) is told to
 * `onParentBlocked` when it is first decided: a subdomain the personal block
 * leaves open, which Options › Blocks may offer (utils/dom/seen-subdomains.ts).
 */
import { resolveVerdict, toLookupForm, toSnapshotVerdict, type ServerHit, type SnapshotVerdict, type VerdictSnapshot } from '../core/verdict-snapshot';
import type { VerdictLookup } from './marks';

/** A lookup whose answers for `domains` are complete once `prepare(domains)` has resolved. */
export interface ContentLookup extends VerdictLookup {
  /** Resolves when the domains can be looked up; null when nothing needs preparing (no obfuscated blocks, or all hashed). */
  prepare(domains: Iterable<string>): Promise<void> | null;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The domain and every parent of it: `a.b.example` → `a.b.example`, `b.example`, `example`. */
function suffixes(domain: string): string[] {
  const labels = domain.split('.');
  return labels.map((_label, index) => labels.slice(index).join('.'));
}

/** A lookup over `snapshot` for the content script. */
export function createContentLookup(snapshot: VerdictSnapshot, onParentBlocked?: (domain: string) => void): ContentLookup {
  const { exact, server, serverDigests } = snapshot;
  const hasDigests = Object.keys(serverDigests).length > 0;
  const digests = new Map<string, string>();

  const serverOf = (domain: string): ServerHit | undefined => {
    const clear = server[domain];
    if (clear !== undefined) return { severity: clear[0], comment: clear[1], shown: domain };
    const hidden = serverDigests[digests.get(domain) ?? ''];
    return hidden && { severity: hidden[0], comment: hidden[1], shown: hidden[2] };
  };

  // Timelines repeat domains: each is decided once (until new digests arrive).
  const memo = new Map<string, SnapshotVerdict>();

  return {
    lookup(domain) {
      const known = memo.get(domain);
      if (known) return known;
      const verdict = toSnapshotVerdict(resolveVerdict(toLookupForm(domain), (name) => exact[name]?.[0], serverOf), exact);
      memo.set(domain, verdict);
      if (verdict.kind === 'parent-blocked') onParentBlocked?.(domain);
      return verdict;
    },
    prepare(domains) {
      if (!hasDigests) return null;
      const missing = new Set<string>();
      for (const domain of domains) for (const suffix of suffixes(toLookupForm(domain))) if (!digests.has(suffix)) missing.add(suffix);
      // Domains already hashed need no waiting, and the memo stays true until a new digest arrives.
      if (missing.size === 0) return null;
      return Promise.all([...missing].map(async (suffix) => digests.set(suffix, await sha256Hex(suffix)))).then(() => memo.clear());
    },
  };
}
