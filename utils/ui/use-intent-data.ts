/**
 * Loads what a section shows (blocks, runs, snapshots) with one intent, and
 * reloads it when the background says the state changed.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { HedgeError, IntentOf, IntentType, ReplyValue } from '../protocol';
import type { SendIntent } from './intents';

export interface IntentData<T> {
  value: T | null;
  error: HedgeError | null;
  isLoading: boolean;
  reload: () => void;
  dismissError: () => void;
}

/** The reply to `intent`, fetched now and again whenever `version` changes. */
export function useIntentData<K extends IntentType>(send: SendIntent, intent: IntentOf<K>, version: unknown): IntentData<ReplyValue<K>> {
  const [value, setValue] = useState<ReplyValue<K> | null>(null);
  const [error, setError] = useState<HedgeError | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(intent);

  useEffect(() => {
    let isCurrent = true;
    setLoading(true);
    void send<K>(intent).then((reply) => {
      if (!isCurrent) return;
      setLoading(false);
      if (reply.ok) setValue(reply.value);
      else setError(reply.error);
    });
    return () => {
      isCurrent = false;
    };
    // `intent` is compared by its JSON text so that a literal in the caller does not reload on every render.
  }, [send, key, version, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const dismissError = useCallback(() => setError(null), []);
  return { value, error, isLoading, reload, dismissError };
}
