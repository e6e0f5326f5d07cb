import { useState } from 'preact/hooks';
import type { HedgeError } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount } from '../utils/i18n/translate';
import { useIntentData } from '../utils/ui/use-intent-data';
import { ErrorNotice } from './ErrorNotice';
import { LostAccounts } from './LostAccounts';
import './PageBlockConfirm.css';

interface PageBlockConfirmProps {
  /** The waiting plan of the page's block (`?plan=` of the window's address). */
  planId: string;
  send: SendIntent;
  /**
   * Closes the window: after Confirm has started the run, after Cancel, or on Close. (The background
   * closes it too once answered, utils/background/page-block-window.ts.)
   */
  onClose: () => void;
}

/**
 * Hedge's window for "Block domain with Hedge" on a Mastodon page when the block cuts follows or
 * followers: whom, by picture, name and handle linked to the profile, both sides, and Confirm or
 * Cancel. Only this window confirms; the page cannot (utils/background/page-block-window.ts).
 */
export function PageBlockConfirm({ planId, send, onClose }: PageBlockConfirmProps) {
  const view = useIntentData(send, { type: 'hedge/page-block-confirmation', planId }, planId);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<HedgeError | null>(null);

  async function confirm(): Promise<void> {
    setBusy(true);
    const reply = await send({ type: 'hedge/confirm-page-block', planId });
    setBusy(false);
    if (reply.ok) onClose();
    else setError(reply.error);
  }

  async function cancel(): Promise<void> {
    setBusy(true);
    const reply = await send({ type: 'hedge/cancel-page-block', planId });
    setBusy(false);
    // A plan that could not be discarded is still never confirmed, and closing the window discards it too.
    if (reply.ok) onClose();
    else setError(reply.error);
  }

  const shown = error ?? view.error;
  const notice = shown ? <ErrorNotice error={shown} onDismiss={error ? () => setError(null) : view.dismissError} /> : null;
  const value = view.value;
  if (!value) {
    return (
      <main class="page-confirm stack">
        {notice}
        {view.error ? (
          <div class="row">
            <button type="button" class="button button--quiet" onClick={onClose}>
              {t('close')}
            </button>
          </div>
        ) : null}
      </main>
    );
  }
  const cut = t('bg_cutBoth', tCount('bg_cutFollowing', value.followingCount), tCount('bg_cutFollowers', value.followersCount));
  return (
    <main class="page-confirm stack" aria-labelledby="page-confirm-title">
      <h1 id="page-confirm-title">{t('confirmPageBlockTitle', value.domain)}</h1>
      <p class="no-margin">{t('confirmPageBlockImpact', `@${value.account}`, value.domain, cut)}</p>
      <LostAccounts groups={value.groups.map((group) => ({ ...group, key: group.domain }))} title={t('lostTitle')} />
      {notice}
      <div class="row page-confirm__actions">
        <button type="button" class="button" disabled={isBusy} onClick={() => void confirm()}>
          {t('confirmPageBlockButton', value.domain)}
        </button>
        <button type="button" class="button button--quiet" disabled={isBusy} onClick={() => void cancel()}>
          {t('cancel')}
        </button>
      </div>
    </main>
  );
}
