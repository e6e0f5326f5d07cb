/**
 * Signing in, out, and switching accounts (`AccountIntents`, utils/protocol/accounts.ts).
 */
import { switchAccount, toAccountView } from '../../db/accounts';
import { t } from '../../i18n/translate';
import { normalizeInstance } from '../../mastodon/instance';
import type { AccountIntents } from '../../protocol';
import { ReplyError } from '../reply-error';
import { lastErrorItem } from '../settings';
import { cancelPendingSignIn, forgetSignInOutcome, runSignIn, wantSignIn } from '../pending-sign-in';
import { signOutAccount } from '../sign-in';
import { requireString } from './checks';
import type { HandlerSlice } from './context';

export const ACCOUNT_HANDLERS: HandlerSlice<AccountIntents> = {
  'hedge/sign-in': async (intent, context) => {
    const instance = requireString(intent.instance, 'bg_needsServerAddress');
    const address = normalizeInstance(instance);
    if ('error' in address) throw new ReplyError('invalid-input', address.error.message);
    // Joins the flow the permission grant may have started already (utils/background/pending-sign-in.ts).
    const account = await runSignIn(address.origin, context.env, context.onStateChanged);
    await lastErrorItem.setValue(null);
    await context.onStateChanged();
    return toAccountView(account);
  },

  'hedge/sign-in-wanted': async (intent, context) => {
    await wantSignIn(requireString(intent.instance, 'bg_needsServerAddress'), context.env.now());
    await context.onStateChanged();
    return null;
  },

  'hedge/cancel-sign-in': async (_intent, context) => {
    await cancelPendingSignIn();
    await context.onStateChanged();
    return null;
  },

  'hedge/sign-in-outcome-seen': async (_intent, context) => {
    await forgetSignInOutcome();
    await context.onStateChanged();
    return null;
  },

  'hedge/sign-out': async (intent, context) => {
    const outcome = await signOutAccount(requireString(intent.accountKey, 'bg_needsAccount'), context.env);
    if (outcome.revokeFailed) {
      await lastErrorItem.setValue({ kind: outcome.revokeFailed.kind, message: t('bg_signedOutRevokeFailed', outcome.host), at: Date.now() });
    }
    await context.onStateChanged();
    return null;
  },

  'hedge/switch-account': async (intent, context) => {
    if (!(await switchAccount(requireString(intent.accountKey, 'bg_needsAccount')))) {
      throw new ReplyError('not-found', t('bg_accountGone'));
    }
    await context.onStateChanged();
    return null;
  },
};
