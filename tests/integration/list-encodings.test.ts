/**
 * Lists saved as UTF-16 (Windows Notepad's "Unicode", Excel's "Unicode text"),
 * by address and as imported files, through the background: accepted with
 * every domain, and every later read (state, preview, parse report, refresh,
 * unsubscribing) works. A kept copy that can no longer be read makes that one
 * list fail in words and count as empty; the rest of Hedge goes on.
 *
 * The lists are real fixtures (tests/fixtures/lists/SOURCES.md) re-encoded
 * here; the expected domains come from parsing the UTF-8 fixture.
 */
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdbListCache } from '../../utils/db/list-cache';
import { parseList } from '../../utils/core/lists/index';
import { bytesToBase64 } from '../../utils/protocol/list-bytes';
import type { HedgeState, ParseReportView, PlanPreview, SubscriptionView } from '../../utils/protocol';
import { expectFailure, fixture, startWorld, type World } from './subscriptions-helpers';

type Encoding = 'utf-16le' | 'utf-16be' | 'utf-16le-no-bom';

function encode(text: string, encoding: Encoding): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') body.swap16();
  const bom = encoding === 'utf-16le' ? [0xff, 0xfe] : encoding === 'utf-16be' ? [0xfe, 0xff] : [];
  return new Uint8Array([...bom, ...body]);
}

const CASES: Array<[string, Encoding]> = [
  ['gardenfence.txt', 'utf-16le'],
  ['iftas-dni-2024-06.csv', 'utf-16be'],
  ['oliphant-2022-12-user-export-blocked_domains.csv', 'utf-16le-no-bom'],
];

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Everything a user does with a list after adding it, each answered. */
async function expectUsable(current: World, added: SubscriptionView, domains: Set<string>): Promise<void> {
  const { background } = current;
  expect(added.entryCount).toBe(domains.size);
  const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
  expect(state.subscriptions.map((subscription) => subscription.id)).toEqual([added.id]);
  const report = await background.value<ParseReportView>({ type: 'hedge/parse-report', subscriptionId: added.id });
  expect(report.entryCount).toBe(domains.size);
  const plan = await background.value<PlanPreview>({ type: 'hedge/preview' });
  expect(plan.add.length).toBeGreaterThan(0);
  for (const change of plan.add) expect(domains.has(change.domain), change.domain).toBe(true);
  await background.value({ type: 'hedge/discard-plan', planId: plan.planId });
  const unsubscribe = await background.value<PlanPreview>({ type: 'hedge/subscription-remove', subscriptionId: added.id });
  expect(unsubscribe.add).toEqual([]);
}

describe.each(CASES)('%s saved as %s', (name, encoding) => {
  const text = fixture(name);
  const domains = new Set(parseList(text, { fileName: name }).entries.map((entry) => entry.domain));

  it('by address: subscribed with every domain, then read, previewed, refreshed and removed', async () => {
    world = await startWorld({ seed: 'empty' });
    writeFileSync(join(world.listsDir, name), encode(text, encoding));
    const added = await world.background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.listUrl(name) } });
    // A refresh by hand: the server answers 304 and the kept copy is read again.
    await world.background.value({ type: 'hedge/subscription-refresh', subscriptionId: added.id });
    const state = await world.background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(state.subscriptions[0]?.lastFetch?.result).toBe('not-modified');
    await expectUsable(world, added, domains);
  });

  it('as an imported file, its bytes sent for the parser to decode', async () => {
    world = await startWorld({ seed: 'empty' });
    const bytes = encode(text, encoding);
    const added = await world.background.value<SubscriptionView>({
      type: 'hedge/subscription-add',
      source: { kind: 'file', fileName: name, base64: bytesToBase64(bytes) },
    });
    await expectUsable(world, added, domains);
  });
});

describe('a kept copy that cannot be read', () => {
  /** What an earlier version kept of a UTF-16 list: its bytes decoded as UTF-8. */
  function misreadCopy(text: string): string {
    return new TextDecoder().decode(encode(text, 'utf-16le'));
  }

  it('fails that list in words and counts it as empty; state, preview, report, refresh and removal answer', async () => {
    world = await startWorld({ seed: 'empty' });
    const { background } = world;
    const good = await background.value<SubscriptionView>({
      type: 'hedge/subscription-add',
      source: { kind: 'url', url: world.publish('threads-only.csv', fixture('sally3125-user-import-blocked_domains_threadsonly.csv')) },
    });
    const name = 'gardenfence.txt';
    writeFileSync(join(world.listsDir, name), encode(fixture(name), 'utf-16le'));
    const broken = await background.value<SubscriptionView>({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.listUrl(name) } });
    const cache = createIdbListCache();
    const kept = await cache.get(`url:${broken.id}`);
    if (!kept) throw new Error('no copy kept');
    await cache.put({ ...kept, text: misreadCopy(fixture(name)) });

    const state = await background.value<HedgeState>({ type: 'hedge/get-state' });
    const failed = state.subscriptions.find((subscription) => subscription.id === broken.id);
    expect(failed?.lastFetch?.result).toBe('failed');
    expect(failed?.lastFetch?.message).toMatch(/gardenfence.*cannot be read.*not a text file.*Refresh it or remove it/);

    const plan = await background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(plan.add.map((change) => change.domain)).toEqual(['threads.instagram.com', 'threads.net']);
    await background.value({ type: 'hedge/discard-plan', planId: plan.planId });
    expect(expectFailure(await background.send({ type: 'hedge/parse-report', subscriptionId: broken.id }), 'list-error')).toMatch(/cannot be read/);
    expect((await background.value<ParseReportView>({ type: 'hedge/parse-report', subscriptionId: good.id })).entryCount).toBe(2);

    // A refresh by hand asks for the whole list again (no If-None-Match that would keep the broken copy).
    await background.value({ type: 'hedge/subscription-refresh', subscriptionId: broken.id });
    const refreshed = (await background.value<HedgeState>({ type: 'hedge/get-state' })).subscriptions.find((s) => s.id === broken.id);
    expect(refreshed?.lastFetch?.result).toBe('ok');
    expect((await background.value<ParseReportView>({ type: 'hedge/parse-report', subscriptionId: broken.id })).entryCount).toBe(refreshed?.entryCount);

    await cache.put({ ...((await cache.get(`url:${broken.id}`)) ?? kept), text: misreadCopy(fixture(name)), fetchedAt: 1 });
    const removal = await background.value<PlanPreview>({ type: 'hedge/subscription-remove', subscriptionId: broken.id });
    expect(removal.remove).toEqual([]);
    const after = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(after.subscriptions.map((subscription) => subscription.id)).toEqual([good.id]);
  });
});
