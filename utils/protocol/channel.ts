/**
 * The pages' end of the channel to the background: sending an intent and
 * hearing the state it broadcasts.
 */
import { browser } from 'wxt/browser';
import { t } from '../i18n/translate';
import { isBroadcast } from './broadcasts';
import type { Reply } from './errors';
import { unpackReply } from './plan-rows';
import type { IntentOf, IntentType, ReplyValue } from './intents';
import type { HedgeState } from './state';

/**
 * Sends an intent to the background and returns its reply. A broken channel
 * (the background could not be reached) becomes a `server` error in words,
 * never a thrown exception.
 */
export async function sendIntent<K extends IntentType>(intent: IntentOf<K>): Promise<Reply<ReplyValue<K>>> {
  try {
    const reply: unknown = await browser.runtime.sendMessage(intent);
    if (isReply(reply)) return unpackReply(reply as Reply<ReplyValue<K>>);
    return {
      ok: false,
      error: { kind: 'server', message: t('bg_backgroundSilent') },
    };
  } catch (cause) {
    return {
      ok: false,
      error: {
        kind: 'server',
        message: t('bg_backgroundUnreachable', cause instanceof Error ? cause.message : String(cause)),
      },
    };
  }
}

/** Calls `listener` with every state the background broadcasts; returns a function that stops listening. */
export function onStateChanged(listener: (state: HedgeState) => void): () => void {
  const onMessage = (message: unknown): undefined => {
    if (isBroadcast(message) && message.type === 'hedge/state-changed') listener(message.state);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  return () => browser.runtime.onMessage.removeListener(onMessage);
}

function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
