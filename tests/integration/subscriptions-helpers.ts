/**
 * Shared by the subscription and refresh tests: a signed-in background against
 * the local fake Mastodon, which also publishes lists at /lists/<name> from a
 * temporary folder (fixtures copied in, or lists written by the test).
 */
import 'fake-indexeddb/auto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleIntent, type HandlerContext, type IntentSender } from '../../utils/background/handlers';
import { accountRunEnvironment } from '../../utils/background/run-environment';
import { configureRuns } from '../../utils/background/runs/environment';
import type { AccountView, Intent, Reply, RunSummary } from '../../utils/protocol';
import { startFakeMastodon, type FakeMastodon, type FakeMastodonOptions } from '../fake-mastodon/index';
import { installFakeScripting, testEnvironment } from './oauth-helpers';

export const FIXTURES = join(import.meta.dirname, '../fixtures/lists');

/** A fixture's text. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/**
 * The domains of a Mastodon admin or FediBlockHole CSV by severity, read with
 * a plain split (no quoted commas in the domain column of these files), so the
 * expectations do not come from the parser under test. Reserved canary names are
 * left out, as Mastodon-facts.md says lists use them.
 */
export function domainsOfCsv(text: string): Map<string, string> {
  const rows = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (rows.shift() ?? '').replace(/["#]/g, '').split(',');
  const domainAt = header.indexOf('domain');
  const severityAt = header.indexOf('severity');
  const result = new Map<string, string>();
  for (const row of rows) {
    const cells = row.split(',').map((cell) => cell.replace(/"/g, '').trim());
    const domain = (cells[domainAt] ?? '').toLowerCase();
    if (/(^|\.)(invalid|test|example|localhost)$/.test(domain) || /(^|\.)example\.(com|net|org)$/.test(domain)) continue;
    result.set(domain, cells[severityAt] || 'suspend');
  }
  return result;
}

/** `count` made-up domains under a real TLD, `from` the given index. */
export function generatedDomains(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `spam-${String(from + i).padStart(4, '0')}.hedge-test.social`);
}

const PAGE: IntentSender = { isContentScript: false };

/** The background as a page talks to it (through JSON, as across the message channel). */
export function backgroundFor() {
  const env = testEnvironment();
  const send = async <T>(intent: Intent): Promise<Reply<T>> => {
    const context: HandlerContext = { env, sender: PAGE, onStateChanged: async () => undefined };
    return JSON.parse(JSON.stringify(await handleIntent(intent, context))) as Reply<T>;
  };
  const value = async <T>(intent: Intent): Promise<T> => {
    const reply = await send<T>(intent);
    if (!reply.ok) throw new Error(`${intent.type} failed: ${reply.error.kind}: ${reply.error.message}`);
    return reply.value;
  };
  return { send, value };
}

export type Background = ReturnType<typeof backgroundFor>;

/** A test world: the fake Mastodon with a lists folder, and a signed-in background. */
export interface World {
  mastodon: FakeMastodon;
  background: Background;
  account: AccountView;
  listsDir: string;
  /** The address of a list in the lists folder. */
  listUrl(name: string): string;
  /** Copies a fixture into the lists folder. */
  publishFixture(name: string): string;
  /** Writes a list into the lists folder, dated `secondsAgo` seconds ago (so Last-Modified differs). */
  publish(name: string, text: string, secondsAgo?: number): string;
  close(): Promise<void>;
}

/** Starts the fake Mastodon and signs in; call in each test. */
export async function startWorld(
  options: {
    seed?: 'demo' | 'empty';
    windowMs?: number;
    instanceBlocksVisibility?: FakeMastodonOptions['instanceBlocksVisibility'];
    software?: FakeMastodonOptions['software'];
    beforeSignIn?: (mastodon: FakeMastodon) => void;
  } = {},
): Promise<World> {
  fakeBrowser.reset();
  installFakeScripting();
  configureRuns(accountRunEnvironment());
  const listsDir = mkdtempSync(join(tmpdir(), 'hedge-lists-'));
  const mastodon = await startFakeMastodon({
    version: '4.3',
    autoApprove: true,
    seed: options.seed ?? 'demo',
    listsDir,
    ...(options.windowMs ? { windowMs: options.windowMs } : {}),
    ...(options.instanceBlocksVisibility === undefined ? {} : { instanceBlocksVisibility: options.instanceBlocksVisibility }),
    ...(options.software === undefined ? {} : { software: options.software }),
  });
  options.beforeSignIn?.(mastodon);
  const background = backgroundFor();
  const account = await background.value<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url });
  const listUrl = (name: string) => `${mastodon.url}/lists/${name}`;
  return {
    mastodon,
    background,
    account,
    listsDir,
    listUrl,
    publishFixture(name) {
      copyFileSync(join(FIXTURES, name), join(listsDir, name));
      return listUrl(name);
    },
    publish(name, text, secondsAgo = 0) {
      const path = join(listsDir, name);
      writeFileSync(path, text);
      const at = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(path, at, at);
      return listUrl(name);
    },
    async close() {
      await mastodon.close();
      rmSync(listsDir, { recursive: true, force: true });
    },
  };
}

/** Waits until every run of the active account has ended, and returns them (newest first). */
export async function runsSettled(background: Background): Promise<RunSummary[]> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const runs = await background.value<RunSummary[]>({ type: 'hedge/list-runs' });
    if (runs.length > 0 && runs.every((run) => run.status !== 'running' && run.status !== 'paused')) return runs;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the run did not finish');
}

/** Requests the fake Mastodon answered for a path, with their statuses. */
export function statusesOf(mastodon: FakeMastodon, path: string): number[] {
  return mastodon.state.requests.filter((request) => request.path === path).map((request) => request.status);
}

/** Asserts a reply failed with this kind, and returns its message. */
export function expectFailure(reply: Reply<unknown>, kind: string): string {
  expect(reply.ok).toBe(false);
  if (reply.ok) return '';
  expect(reply.error.kind).toBe(kind);
  return reply.error.message;
}
