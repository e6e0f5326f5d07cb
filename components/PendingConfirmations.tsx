import type { HedgeError, PendingConfirmation } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount, uiLanguage } from '../utils/i18n/translate';
import { formatRelativeTime } from '../utils/ui/format';
import { PendingLostAccounts } from './PendingLostAccounts';

interface PendingConfirmationsProps {
  items: PendingConfirmation[];
  send: SendIntent;
  now: number;
  onReview: () => void;
  onError: (error: HedgeError) => void;
}

/** Scheduled refreshes that were held because they would change a lot: apply, discard or review each. */
export function PendingConfirmations({ items, send, now, onReview, onError }: PendingConfirmationsProps) {
  if (items.length === 0) return null;
  const language = uiLanguage();
  async function apply(planId: string): Promise<void> {
    const reply = await send({ type: 'hedge/confirm-plan', planId, excludeDomains: [] });
    if (!reply.ok) onError(reply.error);
  }
  async function discard(planId: string): Promise<void> {
    const reply = await send({ type: 'hedge/discard-plan', planId });
    if (!reply.ok) onError(reply.error);
  }
  return (
    <section class="card stack pending" aria-labelledby="pending-title">
      <h2 id="pending-title">{tCount('pendingTitle', items.length)}</h2>
      {items.map((item) => (
        <div key={item.planId} class="stack pending__item">
          <p class="muted no-margin">{t('pendingHeldAt', formatRelativeTime(item.createdAt, now, language))}</p>
          <ul class="no-margin">
            {item.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <PendingLostAccounts planId={item.planId} send={send} />
          <div class="row">
            <button type="button" class="button button--small" onClick={() => void apply(item.planId)}>
              {t('pendingApply')}
            </button>
            <button type="button" class="button button--quiet button--small" onClick={onReview}>
              {t('pendingReview')}
            </button>
            <button type="button" class="button button--quiet button--small" onClick={() => void discard(item.planId)}>
              {t('pendingDiscard')}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
