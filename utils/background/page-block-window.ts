/**
 * Hedge's own window that confirms a block asked for on a Mastodon page when
 * the block would cut follows or followers (utils/background/page-block.ts).
 * It shows whom the block cuts, by name and picture, and only a click in it
 * confirms: the page shows a sentence, and neither the page's own scripts nor
 * the content script can reach the window or the confirmation (an extension
 * page's intents are refused from a tab, utils/protocol/page-actions.ts).
 *
 * `windows.create` needs no permission in Chrome or Firefox
 * (developer.chrome.com/docs/extensions/reference/api/windows: "no permission
 * is needed" for the API itself; MDN windows.create). A window closed without
 * an answer discards its plan, as Cancel does.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { AccountKey } from '../protocol';
import { discardPendingPlan } from './plans';

/** A page's block waiting for the window's answer. */
export interface WaitingPageBlock {
  accountKey: AccountKey;
  /** The domain the page asked to block, lowercase punycode. */
  domain: string;
  /** The window that asks; absent until the browser has opened it. */
  windowId?: number;
}

/** The window's size: room for the names of one domain's follows and followers without scrolling much. */
const WINDOW_SIZE = { width: 480, height: 640 } as const;

/**
 * The page blocks waiting in a window, by plan id. In the session area, which content scripts
 * cannot read and which outlives the service worker's idle stops; the plans themselves are in
 * IndexedDB (utils/db/pending-plans.ts).
 */
const waitingItem = storage.defineItem<Record<string, WaitingPageBlock>>('session:pageBlockConfirmations', { fallback: {} });

/** The waiting records, leaving out any of another shape (an earlier version kept times here). */
async function readWaiting(): Promise<Record<string, WaitingPageBlock>> {
  const stored = await waitingItem.getValue();
  return Object.fromEntries(Object.entries(stored).filter(([, waiting]) => typeof waiting === 'object' && waiting !== null));
}

/** The page block waiting for `planId`'s window, or null when it was answered, replaced or never asked. */
export async function getWaitingPageBlock(planId: string): Promise<WaitingPageBlock | null> {
  return (await readWaiting())[planId] ?? null;
}

/** Forgets the waiting record of `planId` (its plan is confirmed or discarded by the caller). */
export async function forgetWaitingPageBlock(planId: string): Promise<void> {
  const { [planId]: _answered, ...others } = await readWaiting();
  await waitingItem.setValue(others);
}

/**
 * Opens the window that asks about `planId`. An account has one page block waiting at a time (the
 * plans keep one `page-block` plan per account, utils/background/plans.ts): an earlier window of the
 * same account, whose plan the new one replaced, is closed.
 */
export async function openPageBlockWindow(accountKey: AccountKey, domain: string, planId: string): Promise<void> {
  const waiting = await readWaiting();
  const earlier = Object.values(waiting).filter((record) => record.accountKey === accountKey);
  const others = Object.fromEntries(Object.entries(waiting).filter(([, record]) => record.accountKey !== accountKey));
  await waitingItem.setValue({ ...others, [planId]: { accountKey, domain } });
  for (const { windowId } of earlier) if (windowId !== undefined) await closeWindow(windowId);
  const url = `${browser.runtime.getURL('/confirm.html')}?plan=${encodeURIComponent(planId)}`;
  const created = await browser.windows.create({ type: 'popup', url, ...WINDOW_SIZE });
  const current = await readWaiting();
  const record = current[planId];
  if (record && created?.id !== undefined) await waitingItem.setValue({ ...current, [planId]: { ...record, windowId: created.id } });
}

/**
 * Closes the window of an answered page block. The background does it itself, whether or not the
 * window's own `window.close()` ran after the answer; one closed already is no failure.
 */
export async function closeWindow(windowId: number): Promise<void> {
  try {
    await browser.windows.remove(windowId);
  } catch (error) {
    console.info('Hedge: an earlier confirmation window was closed already', error);
  }
}

/** A confirmation window closed without an answer: its plan is discarded, nothing is sent. */
async function onWindowRemoved(windowId: number): Promise<void> {
  const waiting = await readWaiting();
  const closed = Object.entries(waiting).filter(([, record]) => record.windowId === windowId);
  if (closed.length === 0) return;
  await waitingItem.setValue(Object.fromEntries(Object.entries(waiting).filter(([, record]) => record.windowId !== windowId)));
  for (const [planId] of closed) await discardPendingPlan(planId);
}

/** Listens for confirmation windows closing; added synchronously at the background's start, as MV3 requires. */
export function registerPageBlockWindowListener(): void {
  browser.windows.onRemoved.addListener((windowId) => {
    onWindowRemoved(windowId).catch((error: unknown) => console.warn('Hedge: could not discard the block of a closed confirmation window', error));
  });
}
