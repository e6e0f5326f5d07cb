/**
 * The background as the pages see it, for tests of confirming, undoing and
 * resolving: intents through handleIntent (replies through JSON, as across the
 * message channel), runs configured as background.ts does, the local Mastodon.
 */
import { expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeMastodon, type FakeMastodon, type MastodonVersion } from '../fake-mastodon/index';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import { handleIntent, isIntent, type HandlerContext, type IntentSender } from '../../utils/background/handlers';
import type { SignInEnvironment } from '../../utils/background/sign-in';
import type { AccountView, Intent, Reply, RunSummary } from '../../utils/protocol';
import { installFakeScripting, testEnvironment } from './oauth-helpers';

/** Resets the fake browser and configures runs; call in `beforeEach`. */
export function resetBackground(): void {
  fakeBrowser.reset();
  installFakeScripting();
  configureRuns(accountRunEnvironment());
}

/** A Hedge page's sender. */
export const PAGE: IntentSender = { isContentScript: false };

/** Sends intents like a page would. */
export function backgroundFor(env: SignInEnvironment) {
  const send = async <T>(intent: Intent, sender: IntentSender = PAGE): Promise<Reply<T>> => {
    expect(isIntent(intent)).toBe(true);
    const context: HandlerContext = { env, sender, onStateChanged: async () => undefined };
    return JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<T>;
  };
  const value = async <T>(intent: Intent, sender?: IntentSender): Promise<T> => {
    const reply = await send<T>(intent, sender);
    if (!reply.ok) throw new Error(`${intent.type} failed: ${reply.error.kind}: ${reply.error.message}`);
    return reply.value;
  };
  return { send, value };
}

/** The background of one test. */
export type TestBackground = ReturnType<typeof backgroundFor>;

/** Waits until the active account's runs are all finished (not running, not paused). */
export async function runsSettled(background: TestBackground): Promise<RunSummary[]> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const runs = await background.value<RunSummary[]>({ type: 'hedge/list-runs' });
    if (runs.length > 0 && runs.every((run) => run.status !== 'running' && run.status !== 'paused')) return runs;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the run did not finish');
}

/** Starts a local Mastodon and signs in to it. */
export async function signedIn(version: MastodonVersion, options: Parameters<typeof startFakeMastodon>[0] = {}) {
  const mastodon: FakeMastodon = await startFakeMastodon({ version, autoApprove: true, ...options });
  const background = backgroundFor(testEnvironment());
  const account = await background.value<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url });
  return { mastodon, background, account };
}
