/**
 * JSON lists:
 * - Mastodon's domain-block APIs: an array of objects, `GET /api/v1/admin/domain_blocks`
 *   (`domain, severity, reject_media, public_comment, private_comment, obfuscate`,
 *   app/serializers/rest/admin/domain_block_serializer.rb) or
 *   `GET /api/v1/instance/domain_blocks` (`domain, digest, severity, comment`,
 *   app/serializers/rest/domain_block_serializer.rb); also the user API
 *   `GET /api/v1/domain_blocks`, an array of domain strings;
 * - RapidBlock (https://rapidblock.org/spec/v1/): `{"@spec", publishedAt,
 *   blocks: {domain: {isBlocked, reason, tags}}}`; `isBlocked: false` is a
 *   request that was turned down, not a block.
 */
import type { Severity } from '../model.ts';
import { ListCollector } from './collector.ts';
import { labelsFromArray, labelsFromComment } from './labels.ts';
import type { ParsedList } from './types.ts';

const SEVERITIES: ReadonlySet<string> = new Set(['suspend', 'silence', 'noop']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawOf(value: unknown): string {
  return (JSON.stringify(value) ?? '').slice(0, 200);
}

/** Whether an array is a Mastodon domain-block answer: objects with a `domain`, or domain strings. */
export function isMastodonJson(value: unknown[]): boolean {
  if (value.length === 0) return true;
  return value.some((item) => typeof item === 'string' || (isRecord(item) && typeof item.domain === 'string'));
}

/** Reads a Mastodon domain-block array. */
export function parseMastodonJson(items: unknown[]): ParsedList {
  const collector = new ListCollector('mastodon-json');
  items.forEach((item, index) => {
    const line = index + 1;
    collector.countRow();
    if (typeof item === 'string') {
      collector.add({ line, raw: item, domain: item, severity: 'suspend', labels: [] });
      return;
    }
    const raw = rawOf(item);
    if (!isRecord(item) || typeof item.domain !== 'string' || item.domain.trim() === '') {
      collector.skip(line, raw, 'malformed', `Item ${line} has no domain, so it is left out.`, { detail: 'item-without-domain', params: [line] });
      return;
    }
    const severityText = typeof item.severity === 'string' ? item.severity.trim().toLowerCase() : '';
    if (severityText !== '' && !SEVERITIES.has(severityText)) {
      collector.skip(
        line,
        raw,
        'malformed',
        `Item ${line}: the severity “${severityText}” is not one Mastodon knows (suspend, silence or noop), so it is left out.`,
        { detail: 'item-unknown-severity', params: [line, severityText] },
      );
      return;
    }
    const severity: Severity = severityText === '' ? 'suspend' : (severityText as Severity);
    const comment = [item.public_comment, item.comment, item.private_comment].find(
      (text): text is string => typeof text === 'string' && text.trim() !== '',
    );
    collector.add({
      line,
      raw,
      domain: item.domain,
      severity,
      comment: comment?.trim(),
      labels: labelsFromComment(comment),
      rejectMedia: typeof item.reject_media === 'boolean' ? item.reject_media : undefined,
    });
  });
  return collector.finish();
}

/** Whether an object is a RapidBlock list. */
export function isRapidBlock(value: Record<string, unknown>): boolean {
  return isRecord(value.blocks) && ('@spec' in value || 'publishedAt' in value || Object.keys(value).length <= 3);
}

/** Reads a RapidBlock list. */
export function parseRapidBlock(value: Record<string, unknown>): ParsedList {
  const collector = new ListCollector('rapidblock-json');
  const blocks = isRecord(value.blocks) ? value.blocks : {};
  let line = 0;
  for (const [domain, block] of Object.entries(blocks)) {
    line += 1;
    collector.countRow();
    const raw = `${domain}: ${rawOf(block)}`.slice(0, 200);
    if (!isRecord(block)) {
      collector.skip(line, raw, 'malformed', `The entry for ${domain} is not a RapidBlock block, so it is left out.`, {
        detail: 'not-rapidblock-block',
        params: [domain],
      });
      continue;
    }
    if (block.isBlocked === false) {
      collector.skip(line, raw, 'not-a-block', `${domain} was asked for but not blocked by the list (isBlocked: false).`, {
        detail: 'not-blocked',
        params: [domain],
      });
      continue;
    }
    const reason = typeof block.reason === 'string' && block.reason.trim() !== '' ? block.reason.trim() : undefined;
    collector.add({ line, raw, domain, severity: 'suspend', comment: reason, labels: labelsFromArray(block.tags) });
  }
  return collector.finish();
}
