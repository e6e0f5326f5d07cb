import { useEffect, useRef, useState } from 'preact/hooks';
import type { SubscriptionSource } from '../utils/protocol';
import { readSharedListLink } from '../utils/core/shared-list-link';
import { sharedLinkErrorMessage } from '../utils/i18n/shared-link-messages';
import { t } from '../utils/i18n/translate';

interface SubscribeOfferProps {
  /** The address "Subscribe with Hedge" on a Mastodon post opened this page with (`?subscribe=`). */
  address: string;
  /** Subscribes as the page's other forms do (host access asked for in the click); true when it worked. */
  onSubscribe: (source: SubscriptionSource) => Promise<boolean>;
  /** The offer is done with: subscribed, or put aside. */
  onClose: () => void;
}

/**
 * Options › Lists, opened from "Subscribe with Hedge" on a post: the list or FIRES dataset the post
 * links, its address as text, and the user's choice. Nothing is read or subscribed before the click;
 * after it, the list is previewed and confirmed as any other. The address came from a web page, so
 * it is read again here and shown only as text.
 */
export function SubscribeOffer({ address, onSubscribe, onClose }: SubscribeOfferProps) {
  const [isBusy, setBusy] = useState(false);
  const region = useRef<HTMLElement>(null);
  const link = readSharedListLink(address);

  // The page opened for this question: the keyboard and screen readers start at it.
  useEffect(() => region.current?.focus(), []);

  if ('error' in link) {
    return (
      <section ref={region} tabIndex={-1} class="card stack" aria-labelledby="offer-title">
        <h2 id="offer-title">{t('offerTitle')}</h2>
        <p role="alert" class="no-margin">
          {t('offerBadLink', sharedLinkErrorMessage(link.error))}
        </p>
        <div>
          <button type="button" class="button button--quiet button--small" onClick={onClose}>
            {t('close')}
          </button>
        </div>
      </section>
    );
  }

  async function subscribe(source: SubscriptionSource): Promise<void> {
    setBusy(true);
    if (await onSubscribe(source)) onClose();
    else setBusy(false);
  }

  return (
    <section ref={region} tabIndex={-1} class="card stack" aria-labelledby="offer-title">
      <h2 id="offer-title">{t('offerTitle')}</h2>
      <p class="no-margin">{link.kind === 'url' ? t('offerList') : t('offerFires', link.serverUrl)}</p>
      <p class="no-margin offer__address" dir="ltr">
        {link.kind === 'url' ? link.url : link.datasetId}
      </p>
      <div class="row">
        <button type="button" class="button" disabled={isBusy} onClick={() => void subscribe(link)}>
          {t('subscribe')}
        </button>
        <button type="button" class="button button--quiet" onClick={onClose}>
          {t('offerDismiss')}
        </button>
      </div>
    </section>
  );
}
