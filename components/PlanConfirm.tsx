import { useState } from 'preact/hooks';
import type { HedgeError, PlanPreview } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t } from '../utils/i18n/translate';
import { PlanSummary } from './PlanSummary';

interface PlanConfirmProps {
  plan: PlanPreview;
  send: SendIntent;
  /** Domains the person left out of the plan (Options › Preview). */
  excludeDomains?: string[];
  /** The heading the panel is announced by. */
  title: string;
  /** Called once the plan is confirmed (the run has started) or discarded. */
  onDone: (outcome: 'confirmed' | 'discarded') => void;
  onError: (error: HedgeError) => void;
}

/** A plan in words with Confirm and Cancel; nothing runs until Confirm. */
export function PlanConfirm({ plan, send, excludeDomains = [], title, onDone, onError }: PlanConfirmProps) {
  const [isBusy, setBusy] = useState(false);
  const headingId = `plan-${plan.planId}-title`;

  async function confirm(): Promise<void> {
    setBusy(true);
    const reply = await send({ type: 'hedge/confirm-plan', planId: plan.planId, excludeDomains });
    setBusy(false);
    if (reply.ok) onDone('confirmed');
    else onError(reply.error);
  }

  async function cancel(): Promise<void> {
    setBusy(true);
    const reply = await send({ type: 'hedge/discard-plan', planId: plan.planId });
    setBusy(false);
    // A plan that could not be discarded is simply never confirmed: the panel closes either way.
    if (!reply.ok) onError(reply.error);
    onDone('discarded');
  }

  const hasWork = plan.operationCount > 0;
  return (
    <section class="card stack plan-confirm" role="region" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <PlanSummary plan={plan} send={send} onError={onError} />
      <div class="row">
        {hasWork ? (
          <button type="button" class="button" disabled={isBusy} onClick={() => void confirm()}>
            {t('confirm')}
          </button>
        ) : null}
        <button type="button" class="button button--quiet" disabled={isBusy} onClick={() => void cancel()}>
          {hasWork ? t('cancel') : t('close')}
        </button>
      </div>
    </section>
  );
}
