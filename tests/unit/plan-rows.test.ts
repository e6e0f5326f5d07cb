/**
 * A plan preview crosses the channel packed (utils/protocol/plan-rows.ts) and
 * the page gets back exactly the preview the background built: same rows, same
 * order, every field, whether rows share a shape or not. The packed form is JSON
 * as the extension messaging sends it, and far smaller for a long plan.
 */
import { describe, expect, it } from 'vitest';
import type { PlannedChangeView, PlanPreview, Reply } from '../../utils/protocol';
import { packReply, unpackReply } from '../../utils/protocol/plan-rows';

const LIST = { kind: 'subscription' as const, id: 'list-1', name: 'Garden Fence' };
const PRESET = { kind: 'preset' as const, id: 'threads', name: 'Threads' };

function row(domain: string, extra: Partial<PlannedChangeView> = {}): PlannedChangeView {
  return {
    domain,
    sources: [LIST],
    severity: 'suspend',
    labels: [],
    comments: [],
    change: 'add',
    impact: { followingCount: 0, followersCount: 0, following: [], followers: [] },
    ...extra,
  };
}

function preview(add: PlannedChangeView[], remove: PlannedChangeView[] = []): PlanPreview {
  return {
    planId: 'plan-1',
    accountKey: 'https://mastodon.hedge-test.social#1',
    createdAt: 1_700_000_000_000,
    summary: 'Blocks 2 domains.',
    add,
    remove,
    unchangedCount: 3,
    conflicts: [],
    operationCount: add.length + remove.length,
    estimatedMs: 300,
    importAlternative: null,
  };
}

/** Through the channel as Chromium sends it: JSON both ways. */
function throughChannel<T>(reply: Reply<T>): Reply<T> {
  return unpackReply(JSON.parse(JSON.stringify(packReply(reply))) as Reply<T>);
}

const MANY = Array.from({ length: 2_000 }, (_, i) => row(`bench-${String(i).padStart(5, '0')}.hedge-test.social`));

describe('plan previews packed for the channel', () => {
  it.each<[string, PlanPreview]>([
    ['an empty plan', preview([])],
    ['rows sharing one shape', preview(MANY.slice(0, 3))],
    [
      'rows that differ in every field',
      preview(
        [
          row('a.example', { labels: ['spam', 'harassment'], comments: ['Spam\u0001farm', 'line\nbreak'] }),
          row('xn--bcher-kva.example', { unicode: 'bücher.example', sources: [LIST, PRESET], severity: 'silence' }),
          row('b.example', {
            impact: {
              followingCount: 2,
              followersCount: 1,
              following: [{ acct: 'ann@b.example', displayName: 'Ann', url: 'https://b.example/@ann' }],
              followers: [],
            },
          }),
          row('c.example', { impact: { followingCount: 4, followersCount: 0 } }),
          row('d.example', { impact: { followingCount: 0, followersCount: 0 } }),
        ],
        [row('e.example', { change: 'remove', impact: null, severity: 'noop' })],
      ),
    ],
  ])('gives back %s as it was', (_name, plan) => {
    expect(throughChannel<PlanPreview>({ ok: true, value: plan })).toEqual({ ok: true, value: plan });
  });

  it('sends 2,000 rows of one list in a small fraction of their plain JSON', () => {
    const plan = preview(MANY);
    const packed = JSON.stringify(packReply({ ok: true, value: plan })).length;
    expect(packed).toBeLessThan(JSON.stringify(plan).length / 4);
  });

  it.each<[string, Reply<unknown>]>([
    ['a failure', { ok: false, error: { kind: 'not-found', message: 'The plan is outdated.' } }],
    ['a value that is not a preview', { ok: true, value: { runId: 'run-1' } }],
    ['null', { ok: true, value: null }],
  ])('leaves %s as it is', (_name, reply) => {
    expect(packReply(reply)).toBe(reply);
    expect(unpackReply(reply)).toBe(reply);
  });
});
