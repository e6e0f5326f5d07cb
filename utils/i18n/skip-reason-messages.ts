import type { SkipReason } from '../core/lists/types';
import type { MessageKey } from './translate';

/**
 * Why a row of a list was left out (utils/core/lists/types.ts `SkipReason`), as a message key.
 * Kept apart from utils/i18n/error-messages.ts so the options page can word a parse report without
 * bundling the core modules that file reads its codes from.
 */
export const SKIP_REASON_MESSAGES: Readonly<Record<SkipReason, MessageKey>> = {
  canary: 'skipReason_canary',
  obfuscated: 'skipReason_obfuscated',
  'invalid-domain': 'skipReason_invalid_domain',
  malformed: 'skipReason_malformed',
  duplicate: 'skipReason_duplicate',
  'not-a-block': 'skipReason_not_a_block',
};
