/**
 * A run the user confirms in this browser while another browser signed in to the same account is
 * applying one (utils/background/sync/run-claims.ts): the other browser's claim in sync storage is
 * read at the confirmation, the run is refused in words before anything is taken or sent, and the
 * plan stays to be confirmed once that run has ended. (The claim is dropped when a run ends, in
 * utils/background/setup.ts; tests/e2e/two-browsers.spec.ts runs that wiring.)
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { FakeMastodon } from '../fake-mastodon/index';
import { fnv1a } from '../../utils/core/shared-ownership';
import type { PlanPreview } from '../../utils/protocol';
import { resetBackground, runsSettled, signedIn } from './confirm-harness';

const REFUSED = 'Another browser signed in to this account is applying changes to it right now. Confirm again once it has finished.';

let server: FakeMastodon | undefined;
beforeEach(() => resetBackground());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The sync item of an account's run claim (`run/<hash of the account key>`). */
const claimKey = (accountKey: string) => `run/${fnv1a(accountKey).toString(36)}`;

async function start() {
  const signed = await signedIn('4.3');
  server = signed.mastodon;
  return signed;
}

function domainBlockWrites(mastodon: FakeMastodon) {
  return mastodon.state.requests.filter((request) => request.path === '/api/v1/domain_blocks' && request.method !== 'GET');
}

describe('a run confirmed while another browser applies one on the same account', () => {
  it('is refused in words with nothing sent, and the same plan applies once the other run has ended', async () => {
    const { mastodon, background, account } = await start();
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    await fakeBrowser.storage.sync.set({ [claimKey(account.key)]: { by: 'the other browser', at: Date.now() } });

    const refused = await background.send({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'busy', message: REFUSED } });
    expect(domainBlockWrites(mastodon)).toEqual([]);

    // The other browser's run ends and drops its claim.
    await fakeBrowser.storage.sync.remove(claimKey(account.key));
    await background.value({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).toContain('bsky.brid.gy');
    expect(domainBlockWrites(mastodon)).toHaveLength(1);
  });

  it('claims the account for this browser, so the other browsers’ refreshes hold back while it runs', async () => {
    const { background, account } = await start();
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    await background.value({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    const claim = (await fakeBrowser.storage.sync.get(claimKey(account.key)))[claimKey(account.key)];
    expect(claim).toEqual({ by: (await fakeBrowser.storage.local.get('browserId')).browserId, at: expect.any(Number) });
    await runsSettled(background);
  });

  it('a claim left by a browser closed mid-run holds nothing back after ten minutes', async () => {
    const { mastodon, background, account } = await start();
    const on = await background.value<PlanPreview>({ type: 'hedge/set-preset', presetId: 'bluesky-bridge', enabled: true });
    await fakeBrowser.storage.sync.set({ [claimKey(account.key)]: { by: 'the other browser', at: Date.now() - 11 * 60_000 } });
    await background.value({ type: 'hedge/confirm-plan', planId: on.planId, excludeDomains: [] });
    await runsSettled(background);
    expect(mastodon.state.domainBlocks()).toContain('bsky.brid.gy');
  });
});
