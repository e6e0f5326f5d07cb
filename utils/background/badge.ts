/**
 * The toolbar badge, decided in one place from the state: an unfinished
 * run's progress (operations left, "1.2k" above 999; `II` when paused; `!`
 * when it needs the user or the network), else `?` while a scheduled refresh
 * waits for the user's word (utils/background/refresh.ts) or a list's domains
 * are due to be asked about (utils/background/lists/list-due.ts), else nothing.
 * Runs update it as they go (utils/background/runs/legs.ts); a refresh held
 * for confirmation, or one discarded, updates it too.
 */
import { browser } from 'wxt/browser';
import type { RunState } from '../core/apply/types';
import { getAccountsState } from '../db/accounts';
import type { RunProgress } from '../protocol';
import { listOwnedBlocks } from '../db/owned-blocks';
import { dueListGroups } from './lists/list-due';
import { listSubscriptions } from './lists/subscription-store';
import { listPendingConfirmations } from './plans';
import { unfinishedRun } from './runs/progress';

/** What the badge shows: its text and background colour. */
export interface Badge {
  text: string;
  color: string;
}

const RUN_COLOR = '#5b6ee1';

/** The badge while a refresh waits for the user (a run's own badge takes precedence). */
export const PENDING_BADGE: Badge = { text: '?', color: '#b9770e' };

/**
 * The badge for a run's progress, or, with no unfinished run, for the refreshes waiting for the user.
 * @param progress - the unfinished run's progress, or null when there is none.
 * @param state - that run's state.
 * @param waitingConfirmations - scheduled refreshes waiting for the user's word, over every account.
 */
export function badgeFor(progress: RunProgress | null, state?: RunState, waitingConfirmations = 0): Badge {
  if (!progress) return waitingConfirmations > 0 ? PENDING_BADGE : { text: '', color: RUN_COLOR };
  if (state === 'unauthorized' || state === 'interrupted') return { text: '!', color: '#c0392b' };
  if (progress.isPaused) return { text: 'II', color: '#7f8c8d' };
  const left = Math.max(0, progress.total - progress.done - progress.failed);
  const text = left < 1000 ? String(left) : `${(left / 1000).toFixed(left < 10_000 ? 1 : 0)}k`;
  return { text, color: RUN_COLOR };
}

/**
 * Sets the badge from the state as it is now.
 * @param known - the unfinished run as the caller just read it (null: none), or undefined to read it here.
 */
export async function updateBadge(known?: Awaited<ReturnType<typeof unfinishedRun>>): Promise<void> {
  const unfinished = known === undefined ? await unfinishedRun() : known;
  const badge = badgeFor(unfinished?.progress ?? null, unfinished?.run.state, unfinished ? 0 : await countWaitingConfirmations());
  const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  if (!action) return;
  await action.setBadgeText({ text: badge.text });
  await action.setBadgeBackgroundColor({ color: badge.color });
}

async function countWaitingConfirmations(): Promise<number> {
  const { accounts } = await getAccountsState();
  let waiting = 0;
  for (const account of accounts) {
    waiting += (await listPendingConfirmations(account.key)).length;
    // A list's domains that are due wait for the user's word too (lists/list-due.ts); the daily refresh sets the badge again.
    waiting += dueListGroups(await listSubscriptions(account.key), await listOwnedBlocks(account.key), Date.now()).length;
  }
  return waiting;
}
