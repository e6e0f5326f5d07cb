/**
 * Entries that expire, against the local fake Mastodon: an "always block" entry kept for a day is
 * taken away when the clock passes its time, and the plan that follows removes only the blocks
 * Hedge made that no other source still wants; the user's own block and a list's stay. The clock is
 * passed in (`runExpiry(now)`); nothing waits for real time.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { EXPIRY_ALARM, registerExpiryListeners, runExpiry, scheduleExpiryAlarm } from '../../utils/background/expiry';
import { updateAccountSources } from '../../utils/background/sources';
import type { ExpiredEntryView, HedgeState, PlanPreview } from '../../utils/protocol';
import { expectFailure, generatedDomains, runsSettled, startWorld, type World } from './subscriptions-helpers';

const DAY = 24 * 60 * 60_000;
/** A block the user made in Mastodon before Hedge wanted it: never Hedge's to remove. */
const HAND_MADE = 'hand-made.hedge-test.social';
const LIST = 'expiry-list.txt';

let world: World | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await world?.close();
  world = undefined;
});

const state = (w: World) => w.background.value<HedgeState>({ type: 'hedge/get-state' });

async function alwaysBlock(w: World, domain: string, duration?: { kind: 'day' | 'week' | 'month' | 'forever' }): Promise<void> {
  await w.background.value({ type: 'hedge/manual-entry', domain, list: 'always-block', action: 'add', ...(duration ? { duration } : {}) });
}

async function applyEverything(w: World): Promise<void> {
  const plan = await w.background.value<PlanPreview>({ type: 'hedge/preview' });
  await w.background.value({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains: [] });
  await runsSettled(w.background);
}

describe('entries that expire', () => {
  it('a day later, removes only the blocks Hedge made for them: the user’s own block and a list’s block stay', async () => {
    const w = await startWorld({ seed: 'demo' });
    world = w;
    w.mastodon.state.addDomainBlock(HAND_MADE);
    const listUrl = w.publish(LIST, 'still-listed.hedge-test.social\n', 60);
    await w.background.value({ type: 'hedge/subscription-add', source: { kind: 'url', url: listUrl } });
    for (const domain of ['for-a-day.hedge-test.social', 'still-listed.hedge-test.social', HAND_MADE]) await alwaysBlock(w, domain, { kind: 'day' });
    await alwaysBlock(w, 'for-ever.hedge-test.social');
    await w.background.value({ type: 'hedge/own-limit', domain: 'noisy.hedge-test.social', action: 'add', duration: { kind: 'week' } });
    await applyEverything(w);
    expect(w.mastodon.state.domainBlocks()).toEqual(
      expect.arrayContaining(['for-a-day.hedge-test.social', 'still-listed.hedge-test.social', 'for-ever.hedge-test.social', HAND_MADE]),
    );
    const listed = await state(w);
    expect(Object.keys(listed.entryExpiry?.alwaysBlock ?? {}).sort()).toEqual(['for-a-day.hedge-test.social', HAND_MADE, 'still-listed.hedge-test.social']);
    expect(Object.keys(listed.entryExpiry?.limit ?? {})).toEqual(['noisy.hedge-test.social']);

    // Nothing is due yet.
    expect(await runExpiry()).toEqual([]);

    const [report] = await runExpiry(() => Date.now() + DAY + 60_000);
    expect(report?.expired.map((entry) => entry.domain).sort()).toEqual(['for-a-day.hedge-test.social', HAND_MADE, 'still-listed.hedge-test.social']);
    expect(report?.result.kind).toBe('applied');
    await runsSettled(w.background);
    const blocks = w.mastodon.state.domainBlocks();
    expect(blocks).not.toContain('for-a-day.hedge-test.social');
    expect(blocks).toEqual(expect.arrayContaining([HAND_MADE, 'still-listed.hedge-test.social', 'for-ever.hedge-test.social']));
    const after = await state(w);
    expect(after.manualEntries?.alwaysBlock).toEqual(['for-ever.hedge-test.social']);
    // The limit has a week: it stays.
    expect(after.ownLimits).toEqual(['noisy.hedge-test.social']);

    const history = await w.background.value<ExpiredEntryView[]>({ type: 'hedge/list-expired' });
    expect(history.map((entry) => [entry.list, entry.domain]).sort()).toEqual([
      ['always-block', 'for-a-day.hedge-test.social'],
      ['always-block', HAND_MADE],
      ['always-block', 'still-listed.hedge-test.social'],
    ]);
    expect(history.every((entry) => entry.expiredAt > Date.now() + DAY - 60_000)).toBe(true);
  });

  it('a limit just stops when its time is up: nothing is sent to the server', async () => {
    const w = await startWorld({ seed: 'demo' });
    world = w;
    await w.background.value({ type: 'hedge/own-limit', domain: 'noisy.hedge-test.social', action: 'add', duration: { kind: 'day' } });
    expect(await fakeBrowser.alarms.get(EXPIRY_ALARM)).toBeUndefined();
    await scheduleExpiryAlarm();
    expect((await fakeBrowser.alarms.get(EXPIRY_ALARM))?.scheduledTime).toBeGreaterThan(Date.now() + DAY - 60_000);
    const requests = w.mastodon.state.requests.length;
    const [report] = await runExpiry(() => Date.now() + 2 * DAY);
    expect(report?.result.kind).toBe('nothing-to-send');
    expect(w.mastodon.state.requests.length).toBe(requests);
    expect((await state(w)).ownLimits).toEqual([]);
    expect(await w.background.value<ExpiredEntryView[]>({ type: 'hedge/list-expired' })).toMatchObject([{ list: 'limit', domain: 'noisy.hedge-test.social' }]);
    // No entry expires any more: the alarm is cleared.
    expect(await fakeBrowser.alarms.get(EXPIRY_ALARM)).toBeUndefined();
  });

  it('many blocks due at once wait for the user like a held refresh, and go once confirmed', async () => {
    const w = await startWorld({ seed: 'demo' });
    world = w;
    // The fake browser has no permissions API: the badge alone tells the user.
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => false) as typeof fakeBrowser.permissions.contains);
    const domains = generatedDomains(60);
    for (const domain of domains) await alwaysBlock(w, domain, { kind: 'day' });
    await applyEverything(w);
    const [report] = await runExpiry(() => Date.now() + 2 * DAY);
    expect(report?.result.kind).toBe('confirm');
    const [pending] = (await state(w)).pendingConfirmations;
    expect(pending?.reasons.join(' ')).toMatch(/The time you chose for blocking spam-0000\.hedge-test\.social, .* is up/);
    expect(pending?.reasons.join(' ')).toMatch(/unblock 60 domains \(more than 50\)/);
    expect(w.mastodon.state.domainBlocks()).toEqual(expect.arrayContaining(domains));

    await w.background.value({ type: 'hedge/confirm-plan', planId: pending?.planId ?? '', excludeDomains: [] });
    await runsSettled(w.background);
    expect(w.mastodon.state.domainBlocks().filter((domain) => domains.includes(domain))).toEqual([]);
  });

  it('a later expiry while one waits for the user carries both: the waiting removals are not dropped', async () => {
    const w = await startWorld({ seed: 'demo' });
    world = w;
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => false) as typeof fakeBrowser.permissions.contains);
    const many = generatedDomains(60);
    for (const domain of many) await alwaysBlock(w, domain, { kind: 'day' });
    const later = 'a-week.hedge-test.social';
    await alwaysBlock(w, later, { kind: 'week' });
    await applyEverything(w);
    expect((await runExpiry(() => Date.now() + 2 * DAY))[0]?.result.kind).toBe('confirm');

    // A week on, the last entry's time is up too: its plan takes the waiting one's place, with all 61.
    const [report] = await runExpiry(() => Date.now() + 8 * DAY);
    expect(report?.result.kind).toBe('confirm');
    const pending = (await state(w)).pendingConfirmations;
    expect(pending).toHaveLength(1);
    expect(pending[0]?.reasons.join(' ')).toMatch(/unblock 61 domains \(more than 50\)/);
    await w.background.value({ type: 'hedge/confirm-plan', planId: pending[0]?.planId ?? '', excludeDomains: [] });
    await runsSettled(w.background);
    expect(w.mastodon.state.domainBlocks().filter((domain) => [...many, later].includes(domain))).toEqual([]);
  });

  it('the service worker’s start and the expiry alarm find entries whose time came while it was stopped', async () => {
    const w = await startWorld({ seed: 'empty' });
    world = w;
    const past = Date.now() - DAY;
    // Entries whose time passed while the browser was closed, written as sync or an older start left them.
    await updateAccountSources(w.account.key, (current) => ({ ...current, limit: ['closed.hedge-test.social'], limitUntil: { 'closed.hedge-test.social': past } }));
    const changed = vi.fn(async () => undefined);
    registerExpiryListeners(changed);
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1));
    expect((await state(w)).ownLimits).toEqual([]);

    await updateAccountSources(w.account.key, (current) => ({ ...current, limit: ['later.hedge-test.social'], limitUntil: { 'later.hedge-test.social': past } }));
    await fakeBrowser.alarms.onAlarm.trigger({ name: EXPIRY_ALARM, scheduledTime: Date.now() } as Parameters<typeof fakeBrowser.alarms.onAlarm.trigger>[0]);
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(2));
    expect((await state(w)).ownLimits).toEqual([]);
    expect((await w.background.value<ExpiredEntryView[]>({ type: 'hedge/list-expired' })).map((entry) => entry.domain)).toEqual([
      'later.hedge-test.social',
      'closed.hedge-test.social',
    ]);
  });

  it.each([
    ['a past date', { kind: 'date', date: '2001-01-01' }, 'That date has already passed. Choose today or a later day.'],
    ['a day that does not exist', { kind: 'date', date: '2030-02-31' }, 'Hedge could not read that date. Choose a day in the calendar.'],
    ['an unknown duration', { kind: 'fortnight' }, 'Choose how long to keep the entry: until you remove it, a day, a week, a month, or until a date.'],
  ])('refuses %s in words, and keeps nothing', async (_what, duration, message) => {
    const w = await startWorld({ seed: 'empty' });
    world = w;
    const reply = await w.background.send({ type: 'hedge/manual-entry', domain: 'x.hedge-test.social', list: 'always-block', action: 'add', duration } as never);
    expect(expectFailure(reply, 'invalid-input')).toBe(message);
    const limit = await w.background.send({ type: 'hedge/own-limit', domain: 'x.hedge-test.social', action: 'add', duration } as never);
    expect(expectFailure(limit, 'invalid-input')).toBe(message);
    expect((await state(w)).manualEntries?.alwaysBlock).toEqual([]);
    expect((await state(w)).ownLimits).toEqual([]);
  });
});
