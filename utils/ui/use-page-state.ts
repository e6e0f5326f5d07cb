/**
 * What every options section does with the background, in one place: an
 * intent's failure goes to the page's list of errors, and a plan the
 * background answers with (unsubscribe, unblock, undo, a preview) waits here
 * until the person confirms or discards it. Data a section shows as soon as it
 * opens comes through `useIntentData` (./use-intent-data.ts) instead.
 */
import { useState } from 'preact/hooks';
import type { HedgeError, IntentMap, IntentOf, IntentType, PlanPreview, Reply, ReplyValue } from '../protocol';
import type { SendIntent } from './intents';

/** The intents the background answers with a plan to confirm. */
export type PlanIntentType = { [K in IntentType]: IntentMap[K]['reply'] extends PlanPreview ? K : never }[IntentType];

export interface PageState {
  /** Sends `intent`; a failure is handed to the page's errors. The reply either way, for what follows a success. */
  act: <K extends IntentType>(intent: IntentOf<K>) => Promise<Reply<ReplyValue<K>>>;
  /** The plan waiting for Confirm or Cancel, or null. */
  plan: PlanPreview | null;
  /** Whether a plan has been asked for and not answered yet. */
  isAskingPlan: boolean;
  /** Asks for a plan with `intent` and keeps it in `plan`; the plan, or null when it failed (and the old plan stays). */
  askPlan: <K extends PlanIntentType>(intent: IntentOf<K>) => Promise<PlanPreview | null>;
  /** Lets the plan go: it was confirmed or discarded. */
  closePlan: () => void;
}

/** The state of one options section that talks to the background through `send`, failures going to `onError`. */
export function usePageState(send: SendIntent, onError: (error: HedgeError) => void): PageState {
  const [plan, setPlan] = useState<PlanPreview | null>(null);
  const [isAskingPlan, setAskingPlan] = useState(false);

  async function act<K extends IntentType>(intent: IntentOf<K>): Promise<Reply<ReplyValue<K>>> {
    const reply = await send<K>(intent);
    if (!reply.ok) onError(reply.error);
    return reply;
  }

  async function askPlan<K extends PlanIntentType>(intent: IntentOf<K>): Promise<PlanPreview | null> {
    setAskingPlan(true);
    const reply = await act<K>(intent);
    setAskingPlan(false);
    if (!reply.ok) return null;
    setPlan(reply.value);
    return reply.value;
  }

  return { act, plan, isAskingPlan, askPlan, closePlan: () => setPlan(null) };
}
