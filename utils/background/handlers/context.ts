/**
 * What every handler is given, and the shape of a feature's slice of the
 * handler table (utils/background/handlers/index.ts).
 */
import type { IntentOf, IntentType, ReplyValue } from '../../protocol';
import type { SignInEnvironment } from '../sign-in';

/** Who sent an intent. */
export interface IntentSender {
  /** A content script in a tab (not one of Hedge's pages). */
  isContentScript: boolean;
  /** The page's origin for a content script: the instance it runs on. */
  origin?: string;
}

/** What handlers need besides storage. */
export interface HandlerContext {
  env: SignInEnvironment;
  sender: IntentSender;
  /** Called after anything the pages show has changed. */
  onStateChanged(): Promise<void>;
}

/** Answers one intent: checks its fields, does its work through utils/, returns the reply's value or throws. */
export type Handler<K extends IntentType> = (intent: IntentOf<K>, context: HandlerContext) => Promise<ReplyValue<K>>;

/**
 * One feature's handlers: a handler for each intent the feature declares in
 * utils/protocol/ (`AccountIntents`, `ListIntents`, ...), and nothing else.
 */
export type HandlerSlice<FeatureIntents> = { [K in keyof FeatureIntents & IntentType]: Handler<K> };
