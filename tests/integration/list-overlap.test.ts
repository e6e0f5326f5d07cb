/**
 * The lists' overlap through the background's intent: read from the kept
 * copies, with the same numbers the preview and the popup's counts give.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { configureSubscriptions } from '../../utils/background/lists/environment';
import type { HedgeState, ListOverlapView, PlanPreview } from '../../utils/protocol';
import { domainsOfCsv, fixture, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  configureSubscriptions({});
  await world?.close();
  world = undefined;
});

const GARDEN_FENCE = 'gardenfence-mastodon.csv';
const IFTAS_DNI = 'oliphant-mirror-iftas-dni-2026-02.csv';

describe('the lists’ overlap', () => {
  it('counts the two lists, the domains both name, and what each threshold blocks, without fetching a list again', async () => {
    world = await startWorld();
    const { background, mastodon } = world;
    const fence = domainsOfCsv(fixture(GARDEN_FENCE));
    const dni = domainsOfCsv(fixture(IFTAS_DNI));
    const both = [...fence.keys()].filter((domain) => dni.has(domain));
    const union = new Set([...fence.keys(), ...dni.keys()]);
    await background.value({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(GARDEN_FENCE) } });
    await background.value({ type: 'hedge/subscription-add', source: { kind: 'url', url: world.publishFixture(IFTAS_DNI) } });

    const listReads = () => mastodon.state.requests.filter((request) => request.path.startsWith('/lists/')).length;
    const readsBefore = listReads();
    expect(readsBefore).toBeGreaterThan(0);
    const overlap = await background.value<ListOverlapView>({ type: 'hedge/list-overlap' });
    expect(listReads()).toBe(readsBefore);

    expect(overlap.lists.map((list) => [list.name, list.domainCount])).toEqual([
      ['gardenfence-mastodon', fence.size],
      ['oliphant-mirror-iftas-dni-2026-02', dni.size],
    ]);
    expect(overlap.histogram).toEqual([union.size - both.length, both.length]);
    expect(overlap.voters).toBe(2);
    expect(overlap.withoutConsensus.blocked).toBe(union.size);

    // At 2 of 2 lists the chart says what the preview and the popup's counts then say.
    await background.value({ type: 'hedge/set-consensus', consensus: { kind: 'count', min: 2 } });
    const plan = await background.value<PlanPreview>({ type: 'hedge/preview' });
    const { counts } = await background.value<HedgeState>({ type: 'hedge/get-state' });
    expect(overlap.byVotes[1]).toEqual({ blocked: plan.add.length, limited: counts.limited, listed: counts.listed });
    expect(overlap.byVotes[1]?.blocked).toBe(both.length);
    // No domain names travel: the reply stays small whatever the lists' size.
    expect(JSON.stringify(overlap)).not.toContain(both[0]);
  });
});
