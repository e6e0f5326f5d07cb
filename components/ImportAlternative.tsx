import { useState } from 'preact/hooks';
import type { HedgeError, ImportOutcome, PlanPreview } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount } from '../utils/i18n/translate';
import { downloadFile } from '../utils/ui/download';

interface ImportAlternativeProps {
  plan: PlanPreview;
  send: SendIntent;
  /** Domains the person left out of the plan (Options › Preview): left out of the file too. */
  excludeDomains?: string[];
  onError: (error: HedgeError) => void;
}

/**
 * Mastodon's own import instead of a long run (issue 4 §3): the plan's new
 * blocks as blocked_domains.csv (utils/background/import-alternative.ts), how
 * to import it with "Merge" (never "Overwrite", which removes every existing
 * block: mastodon-facts.md), and "I have imported it", after which Hedge counts
 * those blocks as its own (utils/background/import-offers.ts).
 */
export function ImportAlternative({ plan, send, excludeDomains = [], onError }: ImportAlternativeProps) {
  const [isBusy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  if (!plan.importAlternative) return null;

  async function download(): Promise<void> {
    setBusy(true);
    const reply = await send({ type: 'hedge/import-alternative', planId: plan.planId, excludeDomains });
    setBusy(false);
    if (reply.ok) downloadFile(reply.value);
    else onError(reply.error);
  }

  async function imported(): Promise<void> {
    setBusy(true);
    const reply = await send({ type: 'hedge/import-alternative-done', planId: plan.planId });
    setBusy(false);
    if (reply.ok) setOutcome(reply.value);
    else onError(reply.error);
  }

  return (
    <div class="stack import-alternative">
      <p class="muted no-margin">
        {tCount('planImportAlternative', plan.importAlternative.domainCount)}
      </p>
      <p class="muted no-margin">
        {t('importAfterwards')}
      </p>
      <div class="row">
        <button type="button" class="button button--small" disabled={isBusy} onClick={() => void download()}>
          {t('importDownload')}
        </button>
        <button type="button" class="button button--quiet button--small" disabled={isBusy} onClick={() => void imported()}>
          {t('importDone')}
        </button>
      </div>
      {outcome ? (
        <p class="no-margin" role="status">
          {[tCount('importFound', outcome.found), ...(outcome.missing > 0 ? [tCount('importMissing', outcome.missing)] : [])].join(' ')}
        </p>
      ) : null}
    </div>
  );
}
