/**
 * The active account's own limits from the extension's pages (`LimitIntents`,
 * utils/protocol/limits.ts): Options › Blocks › Limited by you, and the popup
 * on a Mastodon page. Nothing is sent to the server.
 */
import { t } from '../../i18n/translate';
import type { LimitIntents } from '../../protocol';
import { addOwnLimit, removeOwnLimit } from '../own-limits';
import { ReplyError } from '../reply-error';
import { requireActiveAccount, requireExpiry, requireString } from './checks';
import type { HandlerSlice } from './context';

export const LIMIT_HANDLERS: HandlerSlice<LimitIntents> = {
  'hedge/own-limit': async (intent, context) => {
    const account = await requireActiveAccount();
    if (intent.action !== 'add' && intent.action !== 'remove') throw new ReplyError('invalid-input', t('bg_chooseAddOrRemove'));
    const text = requireString(intent.domain, 'bg_needsDomain');
    const expiresAt = intent.action === 'add' ? requireExpiry(intent.duration, Date.now()) : undefined;
    const domain = intent.action === 'add' ? await addOwnLimit(account, text, expiresAt) : await removeOwnLimit(account.key, text);
    await context.onStateChanged();
    return { domain };
  },
};
