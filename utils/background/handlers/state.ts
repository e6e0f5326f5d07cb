/**
 * The state the pages render (`StateIntents`, utils/protocol/state.ts).
 */
import type { StateIntents } from '../../protocol';
import { lastErrorItem } from '../settings';
import { buildHedgeState } from '../state';
import type { HandlerSlice } from './context';

export const STATE_HANDLERS: HandlerSlice<StateIntents> = {
  'hedge/get-state': async () => buildHedgeState(),

  'hedge/dismiss-error': async (_intent, context) => {
    await lastErrorItem.setValue(null);
    await context.onStateChanged();
    return null;
  },
};
