/**
 * Every intent, by name: the pages and the content script send
 * `{ type: 'hedge/…', …fields }`, and the background answers with a
 * `Reply` of the intent's value. Each feature declares its own intents
 * beside its views; this module puts them together.
 */
import type { AccountIntents } from './accounts';
import type { HistoryIntents } from './history';
import type { LimitIntents } from './limits';
import type { ListIntents } from './lists';
import type { MarkedSiteIntents } from './marked-sites';
import type { PageActionIntents } from './page-actions';
import type { PlanIntents } from './plans';
import type { StateIntents } from './state';

/** Every intent's fields (besides `type`) and the value its reply carries. */
export interface IntentMap extends StateIntents, AccountIntents, ListIntents, PlanIntents, HistoryIntents, PageActionIntents, LimitIntents, MarkedSiteIntents {}

/** The name of an intent. */
export type IntentType = keyof IntentMap;

/** An intent of one type: `{ type, ...fields }`. */
export type IntentOf<K extends IntentType> = { type: K } & IntentMap[K]['fields'];

/** Any intent. */
export type Intent = { [K in IntentType]: IntentOf<K> }[IntentType];

/** What the reply to an intent of type K carries. */
export type ReplyValue<K extends IntentType> = IntentMap[K]['reply'];
