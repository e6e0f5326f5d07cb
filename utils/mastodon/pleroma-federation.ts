/**
 * The server's own blocks on Pleroma and Akkoma, which have no `/api/v1/instance/domain_blocks`:
 * with MRF transparency on (Pleroma's default), `GET /api/v1/instance` lists them under
 * `pleroma.metadata.federation` (`InstanceView.federation`, `SimplePolicy.describe`;
 * docs/other-servers.md): `mrf_simple.reject` (nothing from there arrives, as a Mastodon suspension)
 * and `mrf_simple.federated_timeline_removal` (kept off the public timelines, as a Mastodon limit),
 * with reasons in `mrf_simple_info.<action>.<domain>.reason`. Without `mrf_simple` the admin hides them.
 */
import type { ServerDomainBlock, ServerDomainBlocks } from '../core/model';

/** Reads the blocks out of a `/api/v1/instance` answer; `hidden` when it does not carry them. */
export async function serverBlocksOfPleromaInstance(instance: unknown): Promise<ServerDomainBlocks> {
  const federation = field(field(field(instance, 'pleroma'), 'metadata'), 'federation');
  const simple = field(federation, 'mrf_simple');
  if (simple === undefined) return { visibility: 'hidden', blocks: [] };
  const info = field(federation, 'mrf_simple_info');
  const severities = new Map<string, { severity: ServerDomainBlock['severity']; comment?: string }>();
  // A suspension outranks a limit of the same domain: rejects are read last and replace.
  for (const [action, severity] of [['federated_timeline_removal', 'silence'], ['reject', 'suspend']] as const) {
    const domains = field(simple, action);
    if (!Array.isArray(domains)) continue;
    for (const entry of domains) {
      if (typeof entry !== 'string') continue;
      const reason = field(field(field(info, action), entry), 'reason');
      // `*.example.com` covers the domain and its subdomains (MRF.subdomains_regex), as a Mastodon block does.
      const domain = entry.trim().toLowerCase().replace(/^\*\./, '');
      if (domain === '' || domain.includes('*')) continue;
      severities.set(domain, { severity, ...(typeof reason === 'string' && reason !== '' ? { comment: reason } : {}) });
    }
  }
  const blocks: ServerDomainBlock[] = [];
  for (const [domain, { severity, comment }] of severities) {
    blocks.push({ domain, digest: await sha256Hex(domain), severity, ...(comment === undefined ? {} : { comment }) });
  }
  return { visibility: 'shown', blocks };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

/** Mastodon's `digest` of a block: the SHA-256 of the domain, in hex. */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
