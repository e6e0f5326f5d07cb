/**
 * What pages need to talk to the background, passed into components as props
 * so a component test can answer intents itself and see what was sent.
 */
import type { sendIntent } from '../protocol';

/** `sendIntent` of utils/protocol/channel.ts, or a stand-in with the same contract. */
export type SendIntent = typeof sendIntent;
