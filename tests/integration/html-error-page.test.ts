/**
 * A proxy's HTML error page in front of Mastodon (the local Mastodon's `html-5xx` fault): masto.js
 * cannot read it and throws its own TypeError. The run's reason says in words that the server
 * answered with an error page, not "could not be reached (Cannot destructure property 'error'…)".
 */
import { createRestAPIClient } from 'masto';
import { afterEach, describe, expect, it } from 'vitest';
import { applyRun } from '../../utils/core/apply/engine';
import { createRun } from '../../utils/core/apply/create-run';
import { createDomainBlockAdapter } from '../../utils/mastodon/domain-blocks';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { FakeClock, MemoryJournal } from '../unit/helpers/apply-fakes';
import { DOMAIN_BLOCKS_PATH } from './run-invariants';

const SOURCE = { source: { kind: 'subscription' as const, id: 'faults', name: 'Fault list' }, severity: 'suspend' as const, labels: [] };
const DOMAINS = ['fault-001.blocklist-fixture.net', 'fault-002.blocklist-fixture.net'];

let mastodon: FakeMastodon | undefined;
afterEach(async () => {
  await mastodon?.close();
  mastodon = undefined;
});

async function adapterBehindErrorPages(afterRequests: number) {
  mastodon = await startFakeMastodon({ version: '4.3', seed: 'empty' });
  // Every request to the blocks after the first `afterRequests` meets the proxy's page, whatever the retries.
  mastodon.faults.set({ kind: 'html-5xx', status: 502, afterRequests, match: DOMAIN_BLOCKS_PATH });
  const client = createRestAPIClient({ url: mastodon.url, accessToken: mastodon.demoToken });
  return createDomainBlockAdapter(client, { host: new URL(mastodon.url).host, apiVersion: 2 });
}

async function interruptedReason(afterRequests: number): Promise<string | undefined> {
  const api = await adapterBehindErrorPages(afterRequests);
  const clock = new FakeClock();
  const journal = new MemoryJournal();
  const { run, entries } = createRun('run-1', 'social.example/1', DOMAINS.map((domain) => ({ kind: 'add', domain, provenance: [SOURCE] })), clock.now());
  journal.runs.set(run.id, run);
  for (const entry of entries) journal.entries.set(`${entry.runId}:${entry.seq}`, entry);
  const result = await applyRun('run-1', { api, journal, clock, concurrency: 1 });
  expect(result.run.state).toBe('interrupted');
  return result.run.reason;
}

describe('an HTML error page from the proxy in front of Mastodon', () => {
  it('is reported by the adapter as an error page, without masto.js’s words', async () => {
    const api = await adapterBehindErrorPages(0);
    const answer = await api.create(DOMAINS[0] ?? '');
    expect(answer).toMatchObject({ status: 0, isErrorPage: true });
    expect(answer.error).toBeUndefined();
  });

  it.each([
    ['on the operations', 1],
    ['on the read of the blocks before them', 0],
  ])('interrupts the run with a reason in words, %s', async (_where, afterRequests) => {
    const reason = await interruptedReason(afterRequests);
    expect(reason).toContain("Your server answered with an error page instead of Mastodon's answer");
    expect(reason).not.toMatch(/destructure|undefined|could not be reached/i);
  }, 30_000);
});
