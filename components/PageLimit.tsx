import { useState } from 'preact/hooks';
import type { HedgeError } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t } from '../utils/i18n/translate';
import { DomainName } from './DomainName';

interface PageLimitProps {
  /** The domain of the account the active Mastodon tab shows (lowercase punycode). */
  domain: string;
  isLimited: boolean;
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/**
 * The popup on a Mastodon page of the signed-in server that shows a remote account: limit its
 * domain, or stop limiting it. Nothing is sent to the server; the page's marks follow at once.
 */
export function PageLimit({ domain, isLimited, send, onError }: PageLimitProps) {
  const [isBusy, setBusy] = useState(false);
  async function change(): Promise<void> {
    setBusy(true);
    const reply = await send({ type: 'hedge/own-limit', domain, action: isLimited ? 'remove' : 'add' });
    setBusy(false);
    if (!reply.ok) onError(reply.error);
  }
  return (
    <section class="card stack" aria-labelledby="page-limit-title">
      <h2 id="page-limit-title" class="no-margin">
        {t('popupPageTitle')}
      </h2>
      <DomainName domain={domain} />
      <p class="muted no-margin">{isLimited ? t('popupLimited') : t('popupLimitHint')}</p>
      <button type="button" class={isLimited ? 'button button--quiet button--small' : 'button button--small'} disabled={isBusy} onClick={() => void change()}>
        {isLimited ? t('popupStopLimiting') : t('popupLimit')}
      </button>
    </section>
  );
}
