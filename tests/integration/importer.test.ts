/**
 * A long plan's new blocks through Mastodon's own importer (utils/background/importer/): the
 * page steps run in Chromium on the local Mastodon's import pages (importer-page.ts), the rest in
 * the background as in the extension. Each fallback says why in words, and every ending, an
 * interruption at any step included, leaves the server equal to the plan once the next preview
 * is applied, with no block sent twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setImporterDeps } from '../../utils/background/importer/send-import';
import type { ImportPage } from '../../utils/background/importer/import-tab';
import type { BlockRow, ImporterCheck, ImporterOutcome, PlanPreview } from '../../utils/protocol';
import type { ImporterFaults } from '../fake-mastodon/index';
import { launchImportBrowser, type ImportBrowser } from './importer-page';
import { expectFailure, generatedDomains, runsSettled, startWorld, type World } from './subscriptions-helpers';

const COUNT = 320;
const HAND_BLOCK = 'hand-made.hedge-test.social';

let world: World | undefined;
let browser: ImportBrowser | undefined;
afterEach(async () => {
  setImporterDeps();
  await browser?.close();
  browser = undefined;
  await world?.close();
  world = undefined;
});

async function longPlan(): Promise<{ current: World; plan: PlanPreview; domains: string[] }> {
  // Short rate-limit windows, so the API engine's share of a test takes seconds.
  const current = await startWorld({ seed: 'empty', windowMs: 1_000 });
  world = current;
  current.mastodon.state.addDomainBlock(HAND_BLOCK);
  const domains = generatedDomains(COUNT);
  await current.background.value({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'long.txt', text: `${[...domains, HAND_BLOCK].join('\n')}\n` } });
  const plan = await current.background.value<PlanPreview>({ type: 'hedge/preview' });
  expect(plan.importAlternative?.domainCount).toBe(COUNT);
  browser = await launchImportBrowser(current.mastodon);
  setImporterDeps({ openPage: browser.openPage, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))) });
  return { current, plan, domains };
}

const apiWrites = (current: World) => current.mastodon.state.requests.filter((request) => request.method === 'POST' && request.path === '/api/v1/domain_blocks');

/** Applies whatever the next preview holds through the API engine; the server must then equal the plan, each block sent once. */
async function finishThroughApi(current: World, domains: string[], plan?: PlanPreview): Promise<void> {
  const onServerBefore = new Set(current.mastodon.state.domainBlocks());
  const next = plan ?? (await current.background.value<PlanPreview>({ type: 'hedge/preview' }));
  expect(next.add.every((change) => !onServerBefore.has(change.domain))).toBe(true);
  if (next.add.length > 0) {
    await current.background.value({ type: 'hedge/confirm-plan', planId: next.planId, excludeDomains: [] });
    await runsSettled(current.background);
  }
  expect(current.mastodon.state.domainBlocks().sort()).toEqual([...domains, HAND_BLOCK].sort());
  const sent = apiWrites(current).map((request) => request.domain ?? '');
  expect(new Set(sent).size).toBe(sent.length);
  expect(sent.filter((domain) => onServerBefore.has(domain))).toEqual([]);
  const blocks = await current.background.value<BlockRow[]>({ type: 'hedge/list-blocks' });
  expect(blocks.filter((block) => block.origin === 'hedge').map((block) => block.domain).sort()).toEqual([...domains].sort());
  expect(blocks.find((block) => block.domain === HAND_BLOCK)?.origin).toBe('user');
}

describe("Mastodon's importer in one click", () => {
  it('checks who is logged in, sends the new blocks with Merge, follows the job, and owns what it added', async () => {
    const { current, plan, domains } = await longPlan();
    await browser?.signIn();
    const check = await current.background.value<ImporterCheck>({ type: 'hedge/importer-check', planId: plan.planId });
    expect(check).toEqual({ acct: 'demo', host: new URL(current.mastodon.url).host, domainCount: COUNT });

    const outcome = await current.background.value<ImporterOutcome>({ type: 'hedge/importer-send', planId: plan.planId });
    expect(outcome).toEqual({ found: COUNT, missing: 0, problem: null });
    const [bulk] = current.mastodon.importer.imports();
    expect(bulk).toMatchObject({ type: 'domain_blocking', overwrite: false, state: 'finished', totalItems: COUNT, importedItems: COUNT, fileName: 'blocked_domains.csv' });
    expect(apiWrites(current)).toEqual([]);
    expect(browser?.openTabs()).toBe(0);
    // The plan is used up: applying it through the API now would send blocks the server has.
    expectFailure(await current.background.send({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] }), 'not-found');
    await finishThroughApi(current, domains);
    expect(apiWrites(current)).toEqual([]);
  }, 60_000);

  it.each<[string, ImporterFaults | 'signed-out', RegExp]>([
    ['not logged in', 'signed-out', /You are not logged in to .* in this browser, so Hedge sent nothing/],
    ['a form other than the source describes', { formDiffers: true }, /is not the one Hedge knows \(it lacks form_import\[type\]=domain_blocking\)/],
  ])('%s: says so before anything is sent, and the plan stays for the API engine or the file', async (_name, fault, says) => {
    const { current, plan, domains } = await longPlan();
    if (fault !== 'signed-out') {
      await browser?.signIn();
      current.mastodon.importer.setFaults(fault);
    }
    expect(expectFailure(await current.background.send({ type: 'hedge/importer-check', planId: plan.planId }), 'denied')).toMatch(says);
    expect(expectFailure(await current.background.send({ type: 'hedge/importer-send', planId: plan.planId }), 'denied')).toMatch(says);
    expect(current.mastodon.importer.imports()).toEqual([]);
    expect(browser?.openTabs()).toBe(0);
    await finishThroughApi(current, domains, plan);
  }, 60_000);

  it.each<[string, ImporterFaults, RegExp, number]>([
    ['the upload refused', { refuseUpload: 'Import is not possible right now.' }, /Your server refused the import: “Import is not possible right now\.”/, 0],
    ['the session ended at the upload', { signOutAt: 'upload' }, /not logged in/, 0],
    ['the session ended before the confirmation', { signOutAt: 'confirm' }, /logged out of your server's web page during the import/, 0],
    ['the job failing halfway', { failAfterRows: 150 }, /stopped before it finished \(0 of 320 counted\)/, 150],
    ['the session ended while the job ran', { signOutAt: 'progress' }, /logged out of your server's web page during the import/, -1],
  ])('%s: says why, owns what arrived, and the next preview holds only the rest', async (_name, fault, says, arrived) => {
    const { current, plan, domains } = await longPlan();
    await browser?.signIn();
    current.mastodon.importer.setFaults(fault);
    const outcome = await current.background.value<ImporterOutcome>({ type: 'hedge/importer-send', planId: plan.planId });
    expect(outcome.problem).toMatch(says);
    await current.mastodon.state.jobsDone();
    if (arrived >= 0) expect(outcome).toMatchObject({ found: arrived, missing: COUNT - arrived });
    expect(outcome.found + outcome.missing).toBe(COUNT);
    expect(browser?.openTabs()).toBe(0);
    await finishThroughApi(current, domains);
  }, 60_000);

  it.each(['inspect', 'send', 'progress', 'close'] as const)('a tab cut off at %s ends with the server equal to the plan, nothing sent twice', async (step) => {
    const { current, plan, domains } = await longPlan();
    await browser?.signIn();
    const open = browser?.openPage ?? (() => Promise.reject(new Error('no browser')));
    setImporterDeps({
      openPage: async (origin) => {
        const page = await open(origin);
        const cut = <T>(name: typeof step, run: () => Promise<T>) => async () => {
          const result = await run();
          if (name === step) {
            await page.close();
            throw new Error(`Tab closed after ${name}`);
          }
          return result;
        };
        const wrapped: ImportPage = {
          inspect: cut('inspect', () => page.inspect()),
          send: (csv, name) => cut('send', () => page.send(csv, name))(),
          progress: (id) => cut('progress', () => page.progress(id))(),
          close: cut('close', () => page.close()),
        };
        return wrapped;
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
    });
    const reply = await current.background.send({ type: 'hedge/importer-send', planId: plan.planId });
    await current.mastodon.state.jobsDone();
    expect(browser?.openTabs()).toBe(0);
    await finishThroughApi(current, domains);
    // Cut off after the upload was confirmed: the server's job did the work, the API sent nothing.
    if (step === 'send' || step === 'progress') expect(apiWrites(current)).toEqual([]);
    void reply;
  }, 60_000);

  it.each(['send', 'progress'] as const)('the background stopped for good at %s (the browser closed): the next preview adopts what arrived and plans the rest', async (step) => {
    const { current, plan, domains } = await longPlan();
    await browser?.signIn();
    const open = browser?.openPage ?? (() => Promise.reject(new Error('no browser')));
    const never = new Promise<never>(() => undefined);
    setImporterDeps({
      openPage: async (origin) => {
        const page = await open(origin);
        return {
          inspect: () => page.inspect(),
          // The step runs in the page; its answer never reaches a background that is gone.
          send: step === 'send' ? async (csv, name) => page.send(csv, name).then(() => never) : (csv, name) => page.send(csv, name),
          progress: () => never,
          close: () => page.close(),
        };
      },
    });
    void current.background.send({ type: 'hedge/importer-send', planId: plan.planId });
    await expect.poll(() => current.mastodon.importer.imports()[0]?.state, { timeout: 20_000 }).toBe('finished');
    // The old plan cannot be applied through the API any more; the next preview starts from the server.
    expectFailure(await current.background.send({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] }), 'not-found');
    await finishThroughApi(current, domains);
    expect(apiWrites(current)).toEqual([]);
  }, 60_000);
});
