/**
 * The background's answers to intents (utils/protocol/). Each feature owns its
 * slice of the handler table, in its own module beside this one; here they
 * are put together into the one table that answers every intent. Each handler
 * checks its fields, does its work through utils/, and answers a `Reply`.
 * Failures become `HedgeError`s in words; the ones the user may not see at
 * once (the popup closes while the consent window is open) are kept as the
 * state's `lastError` until dismissed.
 */
import { t } from '../../i18n/translate';
import {
  CONTENT_SCRIPT_INTENTS,
  type AccountIntents,
  type HedgeError,
  type HistoryIntents,
  type Intent,
  type IntentOf,
  type IntentType,
  type LimitIntents,
  type ListIntents,
  type MarkedSiteIntents,
  type PageActionIntents,
  type PlanIntents,
  type Reply,
  type StateIntents,
} from '../../protocol';
import { toHedgeError } from '../reply-error';
import { lastErrorItem } from '../settings';
import { ACCOUNT_HANDLERS } from './accounts';
import type { Handler, HandlerContext } from './context';
import { HISTORY_HANDLERS } from './history';
import { LIMIT_HANDLERS } from './limits';
import { LIST_HANDLERS } from './lists';
import { MARKED_SITE_HANDLERS } from './marked-sites';
import { PAGE_ACTION_HANDLERS } from './page-actions';
import { PLAN_HANDLERS } from './plans';
import { STATE_HANDLERS } from './state';

export type { HandlerContext, IntentSender } from './context';

/** The features' intents, each declared by one feature of utils/protocol/. */
type Features = [StateIntents, AccountIntents, ListIntents, PlanIntents, HistoryIntents, PageActionIntents, LimitIntents, MarkedSiteIntents];

/** The intents two of `F` both declare; never when each intent has one feature. */
type SharedIntents<F extends unknown[]> = F extends [infer First, ...infer Rest]
  ? (keyof First & { [I in keyof Rest]: keyof Rest[I] }[number]) | SharedIntents<Rest>
  : never;

/** Compiles only when `T` is `never`; otherwise the error names what `T` is. */
type MustBeNone<T extends never> = T;

/**
 * Every intent has exactly one handler: each slice holds exactly its feature's intents (its type
 * allows no other), the table below needs every intent, and no intent belongs to two features.
 */
type _EachIntentInOneFeature = MustBeNone<SharedIntents<Features>>;

const HANDLERS: { readonly [K in IntentType]: Handler<K> } = {
  ...STATE_HANDLERS,
  ...ACCOUNT_HANDLERS,
  ...LIST_HANDLERS,
  ...PLAN_HANDLERS,
  ...HISTORY_HANDLERS,
  ...PAGE_ACTION_HANDLERS,
  ...LIMIT_HANDLERS,
  ...MARKED_SITE_HANDLERS,
};

/** Whether a message is one of Hedge's intents (its fields are checked by its handler). */
export function isIntent(message: unknown): message is Intent {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(HANDLERS, type);
}

/** Answers one intent. Never throws: every failure is a `{ ok: false, error }` reply. */
export async function handleIntent(intent: Intent, context: HandlerContext): Promise<Reply<unknown>> {
  if (context.sender.isContentScript && !CONTENT_SCRIPT_INTENTS.has(intent.type)) {
    return { ok: false, error: { kind: 'denied', message: t('bg_notForWebPages') } };
  }
  const handler = HANDLERS[intent.type] as Handler<IntentType>;
  try {
    return { ok: true, value: await handler(intent as IntentOf<IntentType>, context) };
  } catch (cause) {
    const error = toHedgeError(cause);
    if (isWorthKeeping(intent.type, error)) {
      await lastErrorItem.setValue({ ...error, at: Date.now() });
      await context.onStateChanged();
    }
    return { ok: false, error };
  }
}

/** Sign-in failures are kept: the popup is usually closed by the consent window by then. */
function isWorthKeeping(type: IntentType, error: HedgeError): boolean {
  return type === 'hedge/sign-in' && error.kind !== 'invalid-input';
}
