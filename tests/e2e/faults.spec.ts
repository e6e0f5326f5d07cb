/**
 * Faults of a user's day in the real browser (issue 7, point 2), each ending with the run
 * invariants checked: a token revoked in Mastodon while Hedge applies a plan, and the browser
 * closed in the middle of a run and started again.
 */
import { extensionWorker, launchWithExtension } from '../../scripts/chromium';
import { expect, test } from './fixtures';
import {
  CUTTING_DOMAINS,
  alwaysBlock,
  confirmPreview,
  domainBlockWrites,
  expectRunInvariants,
  generatedDomains,
  listRuns,
} from './helpers-run';
import { signIn } from './helpers';

test.use({ mastodonOptions: { windowMs: 3000 } });

test('a token revoked mid-run stops the run with nothing lost; signing in again from the popup finishes it', async ({ openExtensionPage, mastodon }) => {
  test.setTimeout(90_000);
  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);
  const domains = generatedDomains(200);
  await alwaysBlock(popup, domains);
  const before = mastodon.state.domainBlocks();
  // The user revokes Hedge under Preferences › Account › Authorized apps while it applies.
  mastodon.faults.set({ kind: 'revoke-token', match: '/api/v1/domain_blocks', afterRequests: 60 });
  const { runId } = await confirmPreview(popup);

  await expect.poll(async () => (await listRuns(popup))[0]?.status, { timeout: 20_000 }).toBe('stopped-unauthorized');
  const [stopped] = await listRuns(popup);
  const blockedSoFar = mastodon.state.domainBlocks().length - before.length;
  expect(stopped?.added).toBe(blockedSoFar);
  expect(blockedSoFar).toBeGreaterThan(0);
  expect(blockedSoFar).toBeLessThan(200);
  mastodon.faults.clear();

  // The popup says the server signed Hedge out and offers to sign in again, on the same server.
  await popup.reload();
  const warning = popup.getByRole('alert');
  await expect(warning).toContainText('@demo@');
  const consentPage = popup.context().waitForEvent('page', { predicate: (page) => page.url().startsWith(`${mastodon.url}/oauth/authorize`) });
  await warning.getByRole('button', { name: 'Sign in', exact: true }).click();
  await (await consentPage).getByRole('button', { name: 'Authorize' }).click();
  await expect(warning).toBeHidden();

  // Nothing else to click: the run continues from where the 401 stopped it.
  await expect.poll(() => mastodon.state.domainBlocks().length, { timeout: 30_000 }).toBe(before.length + 200);
  await expect.poll(async () => (await listRuns(popup))[0]?.status, { timeout: 10_000 }).toBe('done');
  const [done] = await listRuns(popup);
  expect(done).toMatchObject({ runId, added: 200, failures: [] });
  await expectRunInvariants(popup, mastodon, { runId, before, add: domains, cutting: CUTTING_DOMAINS });
});

test('the browser closed mid-run: at the next start the run continues by itself', async ({ mastodon }) => {
  test.setTimeout(90_000);
  const first = await launchWithExtension();
  const extensionId = new URL((await extensionWorker(first.context)).url()).host;
  const popup = await first.context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await signIn(popup, mastodon);
  const domains = generatedDomains(400);
  await alwaysBlock(popup, domains);
  const before = mastodon.state.domainBlocks();
  const { runId } = await confirmPreview(popup);
  await expect.poll(() => domainBlockWrites(mastodon), { timeout: 20_000 }).toBeGreaterThanOrEqual(120);
  await first.context.close();

  const writesAtClose = domainBlockWrites(mastodon);
  expect(writesAtClose).toBeLessThan(400);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(domainBlockWrites(mastodon)).toBe(writesAtClose);

  // The same profile starts again; no page of Hedge's is opened until the server has every block.
  const second = await launchWithExtension({ userDataDir: first.userDataDir });
  try {
    await expect.poll(() => mastodon.state.domainBlocks().length, { timeout: 40_000 }).toBe(before.length + 400);
    const page = await second.context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect.poll(async () => (await listRuns(page))[0]?.status, { timeout: 10_000 }).toBe('done');
    const [summary] = await listRuns(page);
    expect(summary).toMatchObject({ runId, added: 400, failures: [] });
    await expectRunInvariants(page, mastodon, { runId, before, add: domains, cutting: CUTTING_DOMAINS });
  } finally {
    await second.context.close();
  }
});
