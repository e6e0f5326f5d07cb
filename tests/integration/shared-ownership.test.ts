/**
 * The shared record of Hedge's blocks in sync storage, as two browsers use it: each with its own
 * IndexedDB, both with the same `storage.sync` (the fake browser's), as browser sync joins them.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listLocalOwnedBlocks, listOwnedBlocks, recordOwnedBlocks, forgetOwnedBlocks } from '../../utils/db/owned-blocks.ts';
import { closeHedgeDb } from '../../utils/db/schema.ts';
import { flushSharedOwnership, sharedOwnershipStatusItem } from '../../utils/db/shared-ownership.ts';

const ACCOUNT = 'https://mastodon.example#109302';
const LIST = { kind: 'subscription' as const, id: 'list-1', name: 'Garden Fence' };
const provenance = [{ source: LIST, severity: 'suspend' as const, labels: ['hate'] }];

/** Another browser: a fresh IndexedDB, the same sync storage. */
async function switchBrowser(): Promise<void> {
  await closeHedgeDb();
  globalThis.indexedDB = new IDBFactory();
}

beforeEach(async () => {
  fakeBrowser.reset();
  await switchBrowser();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the shared record of Hedge’s blocks', () => {
  it('a block made in one browser is Hedge’s in the other, with its list; removed in the other, it is nobody’s', async () => {
    await recordOwnedBlocks(ACCOUNT, [{ domain: 'threads.net', addedAt: 1, provenance }]);
    expect(await flushSharedOwnership()).toBe('written');

    await switchBrowser();
    expect(await listLocalOwnedBlocks(ACCOUNT)).toEqual([]);
    expect(await listOwnedBlocks(ACCOUNT)).toEqual([
      { domain: 'threads.net', addedAt: 0, provenance: [{ source: { kind: 'subscription', id: 'list-1', name: '' }, severity: 'suspend', labels: [] }] },
    ]);

    await forgetOwnedBlocks(ACCOUNT, ['threads.net']);
    await flushSharedOwnership();
    await switchBrowser();
    expect(await listOwnedBlocks(ACCOUNT)).toEqual([]);
  });

  it('a block this browser made and another browser removed since is nobody’s here, so it is neither a conflict nor added back', async () => {
    await recordOwnedBlocks(ACCOUNT, [{ domain: 'flip.example.org', addedAt: Date.now() - 1000, provenance }]);
    // This browser has read its records since it was updated (its popup, a plan): they are in the shared record.
    expect(await listOwnedBlocks(ACCOUNT)).toHaveLength(1);
    await flushSharedOwnership();
    await closeHedgeDb();
    const browserA = globalThis.indexedDB;

    globalThis.indexedDB = new IDBFactory();
    await forgetOwnedBlocks(ACCOUNT, ['flip.example.org']);
    await flushSharedOwnership();

    await closeHedgeDb();
    globalThis.indexedDB = browserA;
    expect(await listOwnedBlocks(ACCOUNT)).toEqual([]);
    expect(await listLocalOwnedBlocks(ACCOUNT)).toEqual([]);
  });

  it('records kept before the shared record existed are copied into it once', async () => {
    // An earlier version's records: in IndexedDB, nothing in sync (the write to sync is lost with the change queue).
    await recordOwnedBlocks(ACCOUNT, [{ domain: 'poa.st', addedAt: 1, provenance }]);
    await fakeBrowser.storage.sync.clear();
    await fakeBrowser.storage.local.remove('sharedOwnershipPending');

    expect((await listOwnedBlocks(ACCOUNT)).map((block) => block.domain)).toEqual(['poa.st']);
    await flushSharedOwnership();
    await switchBrowser();
    expect((await listOwnedBlocks(ACCOUNT)).map((block) => block.domain)).toEqual(['poa.st']);
  });

  it('over the sync quota: the user is told, the change waits, and the other browser treats the block as the user’s', async () => {
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    await recordOwnedBlocks(ACCOUNT, [{ domain: 'threads.net', addedAt: 1, provenance }]);
    expect(await flushSharedOwnership()).toBe('over-quota');
    expect(await sharedOwnershipStatusItem.getValue()).toBe('over-quota');
    expect(await fakeBrowser.storage.local.get('sharedOwnershipPending')).not.toEqual({});

    await closeHedgeDb();
    const here = globalThis.indexedDB;
    globalThis.indexedDB = new IDBFactory();
    expect(await listOwnedBlocks(ACCOUNT)).toEqual([]);

    // Room again: the waiting change is written, and the status clears.
    vi.restoreAllMocks();
    await closeHedgeDb();
    globalThis.indexedDB = here;
    expect(await flushSharedOwnership()).toBe('written');
    expect(await sharedOwnershipStatusItem.getValue()).toBe('ok');
    await switchBrowser();
    expect((await listOwnedBlocks(ACCOUNT)).map((block) => block.domain)).toEqual(['threads.net']);
  });

  it('a browser without sync storage keeps its own records, as before', async () => {
    const storage = fakeBrowser.storage as { sync?: unknown };
    const sync = storage.sync;
    storage.sync = undefined;
    try {
      await recordOwnedBlocks(ACCOUNT, [{ domain: 'threads.net', addedAt: 1, provenance }]);
      expect(await flushSharedOwnership()).toBe('unavailable');
      expect((await listOwnedBlocks(ACCOUNT)).map((block) => block.domain)).toEqual(['threads.net']);
    } finally {
      storage.sync = sync;
    }
  });
});
