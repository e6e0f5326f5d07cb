/**
 * Mastodon's own import as the alternative to a plan of more than 300
 * requests (issue 4 §3): the file served is the plan's new blocks (not the
 * server's current ones), in parts Mastodon's import takes (20,000 rows), and
 * once the user has imported it with "Merge", Hedge counts those blocks as its
 * own: when the user says so, or at the next plan that sees them on the server.
 * Blocks the user had before stay theirs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BlockRow, DownloadFile, PlanPreview, SubscriptionView } from '../../utils/protocol';
import { expectFailure, generatedDomains, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The user's own block from before: never in the file, never Hedge's. */
const HAND_BLOCK = 'hand-made.hedge-test.social';

/** A world with a list of `count` domains subscribed and previewed. */
async function longPlan(count: number): Promise<{ current: World; plan: PlanPreview; list: SubscriptionView; domains: string[] }> {
  const current = await startWorld({ seed: 'empty' });
  world = current;
  current.mastodon.state.addDomainBlock(HAND_BLOCK);
  const domains = [...generatedDomains(count), HAND_BLOCK];
  const list = await current.background.value<SubscriptionView>({
    type: 'hedge/subscription-add',
    source: { kind: 'url', url: current.publish('long.txt', `${domains.join('\n')}\n`) },
  });
  const plan = await current.background.value<PlanPreview>({ type: 'hedge/preview' });
  return { current, plan, list, domains: generatedDomains(count) };
}

function linesOf(file: DownloadFile): string[] {
  return file.text.split('\n').filter((line) => line !== '');
}

/** What the user does in Mastodon: Import, "Domain blocks", "Merge", with these files. */
function importInMastodon(current: World, files: DownloadFile[]): void {
  for (const file of files) for (const domain of linesOf(file)) current.mastodon.state.addDomainBlock(domain);
}

describe('the import alternative', () => {
  it('serves the plan’s new blocks, without the domains left out, not the server’s current blocks', async () => {
    const { current, plan, domains } = await longPlan(350);
    expect(plan.importAlternative).toEqual({ fileName: 'blocked_domains.csv', domainCount: 350 });
    const leftOut = domains.slice(0, 5);
    const file = await current.background.value<DownloadFile>({ type: 'hedge/import-alternative', planId: plan.planId, excludeDomains: leftOut });
    expect(file.fileName).toBe('blocked_domains.csv');
    expect(file.mimeType).toMatch(/^text\/csv/);
    expect(file.moreParts).toBeUndefined();
    expect(linesOf(file).sort()).toEqual(domains.slice(5).sort());
    expect(linesOf(file)).not.toContain(HAND_BLOCK);
  });

  it('splits more than 20,000 new blocks into parts Mastodon’s import takes', async () => {
    const { current, plan, domains } = await longPlan(20_050);
    const file = await current.background.value<DownloadFile>({ type: 'hedge/import-alternative', planId: plan.planId });
    const parts = [file, ...(file.moreParts ?? [])];
    expect(parts.map((part) => part.fileName)).toEqual(['blocked_domains-1-of-2.csv', 'blocked_domains-2-of-2.csv']);
    expect(parts.map((part) => linesOf(part).length)).toEqual([20_000, 50]);
    expect(parts.flatMap(linesOf).sort()).toEqual([...domains].sort());
  }, 60_000);

  it('after the import and the user’s word, Hedge owns those blocks; the user’s own block stays theirs', async () => {
    const { current, plan, list } = await longPlan(350);
    const file = await current.background.value<DownloadFile>({ type: 'hedge/import-alternative', planId: plan.planId });
    importInMastodon(current, [file]);
    const outcome = await current.background.value({ type: 'hedge/import-alternative-done', planId: plan.planId });
    expect(outcome).toEqual({ found: 350, missing: 0 });

    const blocks = await current.background.value<BlockRow[]>({ type: 'hedge/list-blocks' });
    expect(blocks.filter((block) => block.origin === 'hedge')).toHaveLength(350);
    expect(blocks.find((block) => block.domain === HAND_BLOCK)?.origin).toBe('user');
    expect(blocks.find((block) => block.origin === 'hedge')?.sources).toEqual([{ kind: 'subscription', id: list.id, name: list.name }]);

    // Unsubscribing now takes back what the import added, and only that.
    const unsubscribe = await current.background.value<PlanPreview>({ type: 'hedge/subscription-remove', subscriptionId: list.id });
    expect(unsubscribe.remove).toHaveLength(350);
    expect(unsubscribe.remove.map((change) => change.domain)).not.toContain(HAND_BLOCK);
  });

  it('a part imported so far: what is on the server is Hedge’s, the rest waits for the next word', async () => {
    const { current, plan, domains } = await longPlan(350);
    const file = await current.background.value<DownloadFile>({ type: 'hedge/import-alternative', planId: plan.planId });
    const firstHalf = linesOf(file).slice(0, 200);
    importInMastodon(current, [{ ...file, text: `${firstHalf.join('\n')}\n` }]);
    expect(await current.background.value({ type: 'hedge/import-alternative-done', planId: plan.planId })).toEqual({ found: 200, missing: 150 });
    importInMastodon(current, [file]);
    expect(await current.background.value({ type: 'hedge/import-alternative-done', planId: plan.planId })).toEqual({ found: 350, missing: 0 });
    const blocks = await current.background.value<BlockRow[]>({ type: 'hedge/list-blocks' });
    expect(blocks.filter((block) => block.origin === 'hedge').map((block) => block.domain).sort()).toEqual([...domains].sort());
  });

  it('without the user’s word, the next plan that sees the imported blocks counts them as Hedge’s', async () => {
    const { current, plan } = await longPlan(350);
    importInMastodon(current, [await current.background.value<DownloadFile>({ type: 'hedge/import-alternative', planId: plan.planId })]);
    const next = await current.background.value<PlanPreview>({ type: 'hedge/preview' });
    expect(next.add).toEqual([]);
    expect(next.importAlternative).toBeNull();
    const blocks = await current.background.value<BlockRow[]>({ type: 'hedge/list-blocks' });
    expect(blocks.filter((block) => block.origin === 'hedge')).toHaveLength(350);
    expect(blocks.find((block) => block.domain === HAND_BLOCK)?.origin).toBe('user');
  });

  it.each([
    ['a plan that is gone', async (_current: World) => ({ type: 'hedge/import-alternative' as const, planId: 'no-such-plan' }), 'not-found', /no longer|outdated|again/i],
    ['the word before any file was downloaded', async (current: World) => {
      const plan = await current.background.value<PlanPreview>({ type: 'hedge/preview' });
      return { type: 'hedge/import-alternative-done' as const, planId: plan.planId };
    }, 'not-found', /Download blocked_domains\.csv/],
    ['a plan with no new block', async (current: World) => {
      await current.background.value({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'hand.txt', text: `${HAND_BLOCK}\n` } });
      const plan = await current.background.value<PlanPreview>({ type: 'hedge/preview' });
      return { type: 'hedge/import-alternative' as const, planId: plan.planId };
    }, 'invalid-input', /blocks nothing new/],
  ])('refuses %s in words', async (_name, intent, kind, says) => {
    const current = await startWorld({ seed: 'empty' });
    world = current;
    current.mastodon.state.addDomainBlock(HAND_BLOCK);
    const message = expectFailure(await current.background.send(await intent(current)), kind);
    expect(message).toMatch(says);
  });
});
