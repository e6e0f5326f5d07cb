/**
 * A list that could not be fetched, in words. Host access: a list lives on
 * any host. The options page asks for optional host permission for the
 * list's origin (`requestListPermission` of utils/permissions/list-permission.ts)
 * in the click that subscribes, which lets the background read it whatever
 * the server's CORS headers say, and later refresh it. Without that
 * permission the fetch still runs and works when the server allows any origin
 * (raw.githubusercontent.com, seirdy.one and connect.iftas.org do); when it
 * fails, the message says what to do.
 */
import { FetchListError } from '../../core/fetch-errors';
import { FiresError } from '../../core/fires/consumer';
import { ListParseError } from '../../core/lists';
import { fetchListErrorMessage, firesErrorMessage, listParseErrorMessage } from '../../i18n/error-messages';
import { t } from '../../i18n/translate';
import { hasListPermission } from '../../permissions/list-permission';
import { ReplyError } from '../reply-error';
import { subscriptionEnvironment } from './environment';
import { hostOf } from './list-names';

/** A fetch failure in words; a network failure without host access says how to grant it. */
export async function explainFetchFailure(error: unknown, url: string): Promise<ReplyError> {
  if (error instanceof ReplyError) return error;
  if (error instanceof FetchListError) {
    if (error.kind === 'bad-url' || error.kind === 'insecure') return new ReplyError('invalid-input', fetchListErrorMessage(error));
    if (error.kind === 'network' && (await hasHostPermission(url)) === false) {
      return new ReplyError('permission-missing', t('bg_listNeedsPermission', hostOf(url)));
    }
    return new ReplyError('list-error', fetchListErrorMessage(error));
  }
  if (error instanceof FiresError) return new ReplyError('list-error', firesErrorMessage(error));
  if (error instanceof ListParseError) return new ReplyError('list-error', listParseErrorMessage(error));
  return new ReplyError('list-error', t('bg_listUnreadable', error instanceof Error ? error.message : String(error)));
}

async function hasHostPermission(url: string): Promise<boolean | undefined> {
  const { hasHostPermission: check } = subscriptionEnvironment();
  if (check) return check(url);
  try {
    return await hasListPermission(url);
  } catch (error) {
    // Outside an extension (a test without the permissions API), the answer is unknown.
    console.warn('Hedge: could not check host permission', error);
    return undefined;
  }
}
