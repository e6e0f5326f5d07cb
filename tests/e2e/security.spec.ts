/**
 * The content script's world never holds an access token.
 *
 * Hedge's content script runs in an isolated world inside the Mastodon page's renderer. Whatever that
 * world can reach, a page that broke out of its own world could reach too, so the access token must be
 * out of its reach by every road: no storage area or database it may read holds it, no reply to any message it may
 * send carries it, and none of its globals keeps it. The page's own token (Mastodon puts the session's
 * `access_token` in the initial state, app/helpers/application_helper.rb `render_initial_state`) must
 * never travel to the background either.
 *
 * Playwright's `page.evaluate` runs in the page's main world; the isolated world is reached through the
 * DevTools protocol: `Runtime.enable` reports every execution context, the content script's with
 * `auxData.type === 'isolated'` and the extension's origin.
 */
import type { CDPSession, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { signIn } from './helpers';

/** The extension API as the service worker sees it: the `serviceWorker.evaluate` callbacks below run there. */
declare const chrome: {
  storage: Record<'local' | 'session', { get(keys: null): Promise<Record<string, unknown>> }>;
  runtime: { onMessage: { addListener(listener: (message: unknown, sender: { url?: string }) => undefined): void } };
};

const PAGE_TOKEN = 'page-session-token-7f3c9e1d0b2a4c6e8f';

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean };
}

/** Every intent type of utils/protocol/, as a content script could try them. */
const EVERY_INTENT: Array<Record<string, unknown>> = [
  { type: 'hedge/get-state' },
  { type: 'hedge/sign-in', instance: 'http://127.0.0.1:1' },
  { type: 'hedge/sign-out', accountKey: 'x' },
  { type: 'hedge/switch-account', accountKey: 'x' },
  { type: 'hedge/sign-in-wanted', instance: 'http://127.0.0.1:1' },
  { type: 'hedge/cancel-sign-in' },
  { type: 'hedge/sign-in-outcome-seen' },
  { type: 'hedge/set-preset', presetId: 'threads', enabled: true },
  { type: 'hedge/preview' },
  { type: 'hedge/confirm-plan', planId: 'x', excludeDomains: [] },
  { type: 'hedge/discard-plan', planId: 'x' },
  { type: 'hedge/run-control', action: 'pause' },
  { type: 'hedge/resolve-conflict', domain: 'threads.net', resolution: 'keep-unblocked' },
  { type: 'hedge/subscription-add', source: { kind: 'url', url: 'https://example.org/list.csv' } },
  { type: 'hedge/fires-datasets', serverUrl: 'https://example.org' },
  { type: 'hedge/subscription-remove', subscriptionId: 'x' },
  { type: 'hedge/subscription-update', subscriptionId: 'x', silenceAs: 'block' },
  { type: 'hedge/subscription-refresh' },
  { type: 'hedge/parse-report', subscriptionId: 'x' },
  { type: 'hedge/list-overlap' },
  { type: 'hedge/set-consensus', consensus: null },
  { type: 'hedge/set-refresh-interval', hours: 12 },
  { type: 'hedge/manual-entry', domain: 'threads.net', list: 'always-block', action: 'add' },
  { type: 'hedge/list-blocks' },
  { type: 'hedge/unblock', domain: 'threads.net' },
  { type: 'hedge/list-runs' },
  { type: 'hedge/undo-run', runId: 'x' },
  { type: 'hedge/list-relationship-snapshots' },
  { type: 'hedge/relationship-snapshot-csv', snapshotId: 'x' },
  { type: 'hedge/export', format: 'plain-text' },
  { type: 'hedge/dismiss-error' },
  { type: 'hedge/get-verdict-snapshot' },
  { type: 'hedge/page-block-confirmation', planId: 'x' },
  { type: 'hedge/confirm-page-block', planId: 'x' },
  { type: 'hedge/cancel-page-block', planId: 'x' },
];

/** The intents utils/protocol/page-actions.ts `CONTENT_SCRIPT_INTENTS` lets a content script send (of the ones tried here, and its own report). */
const ALLOWED_FROM_PAGE = new Set(['hedge/get-verdict-snapshot', 'hedge/block-domain-from-page', 'hedge/report-seen-subdomains']);

/** Every secret the background keeps: access tokens and OAuth client secrets, read in the service worker. */
async function backgroundSecrets(serviceWorker: Worker): Promise<string[]> {
  return serviceWorker.evaluate(async () => {
    const found: string[] = [];
    const visit = (value: unknown, key: string): void => {
      if (typeof value === 'string' && /token|secret/i.test(key) && value.length >= 16) found.push(value);
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
    };
    visit(await chrome.storage.local.get(null), '');
    visit(await chrome.storage.session.get(null), '');
    const databases = await indexedDB.databases();
    for (const { name } of databases) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(storeName).objectStore(storeName).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        visit(rows, storeName);
      }
      db.close();
    }
    return found;
  });
}

/** The content script's isolated world in `page`'s main frame. */
async function isolatedWorld(page: Page, extensionId: string): Promise<{ session: CDPSession; contextId: number }> {
  const session = await page.context().newCDPSession(page);
  const contexts: ExecutionContext[] = [];
  session.on('Runtime.executionContextCreated', (event: { context: ExecutionContext }) => contexts.push(event.context));
  // Enabling the domain reports every context that already exists.
  await session.send('Runtime.enable');
  await expect.poll(() => contexts.some((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`)).toBe(true);
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`);
  if (!world) throw new Error('no isolated world of Hedge in the page');
  return { session, contextId: world.id };
}

/** Evaluates an async expression in the isolated world and returns its JSON value. */
async function evaluateIn<T>(world: { session: CDPSession; contextId: number }, expression: string): Promise<T> {
  const result = (await world.session.send('Runtime.evaluate', {
    expression,
    contextId: world.contextId,
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } };
  if (result.exceptionDetails) {
    throw new Error(`isolated world: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
  }
  return result.result.value as T;
}

test('the content script’s world cannot obtain the access token by storage, by message or from its globals', async ({
  context,
  serviceWorker,
  extensionId,
  openExtensionPage,
  mastodon,
}) => {
  // Every message the Mastodon page's tab sends to the background, as the background receives it.
  await serviceWorker.evaluate((origin) => {
    const seen: string[] = [];
    (globalThis as unknown as { __hedgeTabMessages: string[] }).__hedgeTabMessages = seen;
    chrome.runtime.onMessage.addListener((message, sender) => {
      if (sender.url !== undefined && new URL(sender.url).origin === origin) seen.push(JSON.stringify(message));
      return undefined;
    });
  }, mastodon.url);

  const popup = await openExtensionPage('popup.html');
  await signIn(popup, mastodon);

  const secrets = await backgroundSecrets(serviceWorker);
  expect(secrets.length, 'the background keeps the access token and the client secret').toBeGreaterThanOrEqual(2);
  // They live in the extension's IndexedDB (utils/db/secrets.ts), not in storage.local, which Firefox
  // lets content scripts read whatever setAccessLevel says.
  const backgroundLocal = await serviceWorker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
  expect(backgroundLocal).toContain('"acct":"demo"');
  for (const secret of secrets) expect(backgroundLocal, 'storage.local seen from the background').not.toContain(secret);

  // Mastodon's web page with its own session token in the initial state, as the real one has.
  const page = await context.newPage();
  await page.route(`${mastodon.url}/home`, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('"meta":{', `"meta":{"access_token":"${PAGE_TOKEN}",`);
    expect(body).toContain(PAGE_TOKEN);
    await route.fulfill({ response, body });
  });
  await page.goto(`${mastodon.url}/home`);
  const readTabMessages = (): Promise<string[]> =>
    serviceWorker.evaluate(() => (globalThis as unknown as { __hedgeTabMessages: string[] }).__hedgeTabMessages);
  // The content script runs: it asks for the verdicts of its origin.
  await expect.poll(async () => (await readTabMessages()).length).toBeGreaterThan(0);

  const world = await isolatedWorld(page, extensionId);

  // 1. Storage: every area the content script's `chrome.storage` offers.
  const storage = await evaluateIn<Record<string, { value?: string; error?: string }>>(
    world,
    `(async () => {
      const out = {};
      for (const area of ['local', 'sync', 'session', 'managed']) {
        try { out[area] = { value: JSON.stringify(await chrome.storage[area].get(null)) }; }
        catch (error) { out[area] = { error: String(error && error.message || error) }; }
      }
      return out;
    })()`,
  );
  for (const [area, outcome] of Object.entries(storage)) {
    for (const secret of secrets) expect(outcome.value ?? '', `storage.${area} seen from the content script`).not.toContain(secret);
    expect(outcome.value ?? '', `storage.${area} seen from the content script`).not.toMatch(/"token"|client_secret/);
  }
  // storage.local holds Hedge's settings and accounts: the content script may not read it at all.
  expect(storage.local?.error, JSON.stringify(storage.local)).toMatch(/not allowed|access/i);

  // 1b. IndexedDB: the content script's `indexedDB` is the page's origin's, not the extension's, so
  // opening Hedge's database by its name finds an empty one of the page's own.
  const pageDatabases = await evaluateIn<{ names: string[]; hedgeStores: string[]; rows: string }>(
    world,
    `(async () => {
      const open = (name) => new Promise((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const readAll = (db, store) => new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const names = (await indexedDB.databases()).map((database) => database.name);
      const rows = [];
      for (const name of names) {
        const db = await open(name);
        for (const store of Array.from(db.objectStoreNames)) rows.push(await readAll(db, store));
        db.close();
      }
      const hedge = await open('hedge');
      const hedgeStores = Array.from(hedge.objectStoreNames);
      hedge.close();
      if (!names.includes('hedge')) indexedDB.deleteDatabase('hedge');
      return { names, hedgeStores, rows: JSON.stringify(rows) };
    })()`,
  );
  expect(pageDatabases.hedgeStores, 'Hedge’s database as the content script sees it').toEqual([]);
  for (const secret of secrets) expect(pageDatabases.rows).not.toContain(secret);

  const ownMessages = await readTabMessages();

  // 2. Messages: every intent, as the content script's world could send it.
  const replies = await evaluateIn<Array<{ type: string; reply: string }>>(
    world,
    `(async () => {
      const intents = ${JSON.stringify(EVERY_INTENT)};
      const out = [];
      for (const intent of intents) {
        try { out.push({ type: intent.type, reply: JSON.stringify(await chrome.runtime.sendMessage(intent)) }); }
        catch (error) { out.push({ type: intent.type, reply: 'error: ' + String(error && error.message || error) }); }
      }
      return out;
    })()`,
  );
  expect(replies).toHaveLength(EVERY_INTENT.length);
  for (const { type, reply } of replies) {
    for (const secret of secrets) expect(reply, type).not.toContain(secret);
    expect(reply, type).not.toMatch(/"token"|access_token|client_secret/);
    if (!ALLOWED_FROM_PAGE.has(type)) expect(JSON.parse(reply), type).toMatchObject({ ok: false, error: { kind: 'denied' } });
  }
  expect(JSON.parse(replies.find((r) => r.type === 'hedge/get-verdict-snapshot')?.reply ?? 'null')).toMatchObject({
    ok: true,
    value: { origin: mastodon.url },
  });

  // 3. Globals: nothing the content script's world keeps holds a secret or the page's token.
  const globalsText = await evaluateIn<string>(
    world,
    `(() => {
      const parts = [];
      for (const key of Object.getOwnPropertyNames(globalThis)) {
        let value;
        try { value = globalThis[key]; } catch { continue; }
        if (typeof value === 'function' || value === globalThis || typeof value === 'object' && value instanceof Node) continue;
        try { parts.push(key + '=' + JSON.stringify(value)); } catch { parts.push(key + '=?'); }
      }
      return parts.join('\\n');
    })()`,
  );
  for (const secret of [...secrets, PAGE_TOKEN]) expect(globalsText).not.toContain(secret);

  // 4. What the content script itself sent: only intent types and domains, never the page's token.
  const tabMessages = await readTabMessages();
  expect(ownMessages.length, 'the content script asked for verdicts').toBeGreaterThan(0);
  for (const text of tabMessages) {
    expect(text).not.toContain(PAGE_TOKEN);
    const message = JSON.parse(text) as Record<string, unknown>;
    for (const key of Object.keys(message)) expect(['type', 'domain', 'instance', 'accountKey', 'presetId', 'enabled', 'planId', 'excludeDomains', 'action', 'resolution', 'source', 'serverUrl', 'subscriptionId', 'silenceAs', 'consensus', 'hours', 'list', 'runId', 'snapshotId', 'format']).toContain(key);
  }
  for (const text of ownMessages) {
    const message = JSON.parse(text) as Record<string, unknown>;
    expect(ALLOWED_FROM_PAGE.has(String(message.type)), text).toBe(true);
    const fields = message.type === 'hedge/report-seen-subdomains' ? ['type', 'domains'] : ['type', 'domain'];
    expect(Object.keys(message).every((key) => fields.includes(key)), text).toBe(true);
  }

  // 5. The page's main world has no extension API at all.
  expect(await page.evaluate(() => typeof (globalThis as { chrome?: { storage?: unknown } }).chrome?.storage)).toBe('undefined');
  await world.session.detach();
});
