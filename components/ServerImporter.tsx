import { useState } from 'preact/hooks';
import type { HedgeError, ImporterCheck, ImporterOutcome, PlanPreview } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount } from '../utils/i18n/translate';

interface ServerImporterProps {
  plan: PlanPreview;
  send: SendIntent;
  /** Domains the person left out of the plan (Options › Preview): not sent either. */
  excludeDomains: string[];
  /** The import ended (the plan is used up): the page shows the outcome and builds the preview again. */
  onSent: (outcome: ImporterOutcome) => void;
  onError: (error: HedgeError) => void;
}

/**
 * A long plan's new blocks through Mastodon's own importer in one click
 * (utils/background/importer/send-import.ts). First Hedge looks at the
 * instance's import page, and says who is logged in there; nothing is sent
 * until the person confirms. When the page is not ready (logged out, another
 * account, a form Hedge does not know), the error says so and the file and
 * Hedge's own run stay as they were.
 */
export function ServerImporter({ plan, send, excludeDomains, onSent, onError }: ServerImporterProps) {
  const [step, setStep] = useState<'idle' | 'checking' | 'sending'>('idle');
  const [check, setCheck] = useState<ImporterCheck | null>(null);
  if (!plan.importAlternative) return null;

  async function look(): Promise<void> {
    setStep('checking');
    const reply = await send({ type: 'hedge/importer-check', planId: plan.planId, excludeDomains });
    setStep('idle');
    if (reply.ok) setCheck(reply.value);
    else onError(reply.error);
  }

  async function sendNow(): Promise<void> {
    setStep('sending');
    const reply = await send({ type: 'hedge/importer-send', planId: plan.planId, excludeDomains });
    setStep('idle');
    setCheck(null);
    if (reply.ok) onSent(reply.value);
    else onError(reply.error);
  }

  return (
    <div class="stack server-importer">
      {check === null ? (
        <>
          <p class="muted no-margin">{t('importerOffer')}</p>
          <div class="row">
            <button type="button" class="button button--small" disabled={step !== 'idle'} onClick={() => void look()}>
              {t('importerCheck')}
            </button>
            {step === 'checking' ? <span role="status">{t('importerChecking')}</span> : null}
          </div>
        </>
      ) : (
        <>
          <p class="no-margin">{tCount('importerConfirm', check.domainCount, check.acct, check.host)}</p>
          <div class="row">
            <button type="button" class="button button--small" disabled={step !== 'idle'} onClick={() => void sendNow()}>
              {t('importerSend')}
            </button>
            <button type="button" class="button button--quiet button--small" disabled={step !== 'idle'} onClick={() => setCheck(null)}>
              {t('cancel')}
            </button>
            {step === 'sending' ? <span role="status">{t('importerSending')}</span> : null}
          </div>
        </>
      )}
    </div>
  );
}

/** The outcome in sentences: what arrived, and why the rest did not. */
export function importerOutcomeText(outcome: ImporterOutcome): string {
  return [
    ...(outcome.found > 0 ? [tCount('importerDone', outcome.found)] : []),
    ...(outcome.problem ? [outcome.problem] : []),
    ...(outcome.missing > 0 ? [tCount('importerRest', outcome.missing)] : []),
  ].join(' ');
}
