import type { PendingSignIn, SignInOutcome } from '../utils/protocol';
import { t } from '../utils/i18n/translate';
import { ErrorNotice } from './ErrorNotice';

interface SignInWaitingProps {
  host: string;
  phase: PendingSignIn['phase'];
  onCancel: () => void;
}

/**
 * What a sign-in waits for, in words: the browser's own host-permission prompt
 * first, then the consent window the server opened. The background carries on
 * when the popup closes (utils/background/pending-sign-in.ts), and says so.
 */
export function SignInWaiting({ host, phase, onCancel }: SignInWaitingProps) {
  return (
    <div class="stack" style={{ gap: '0.25rem' }}>
      <p class="muted no-margin" role="status">
        {phase === 'permission' ? t('signInWaitingPermission', host) : t('signInWaiting')}
      </p>
      <p class="muted no-margin">{t('signInContinuesInBackground', host)}</p>
      <button type="button" class="button button--quiet button--small" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  );
}

interface SignInOutcomeNoticeProps {
  outcome: SignInOutcome;
  onDismiss: () => void;
}

/** How a sign-in the popup did not see end went: the account signed in, or the failure in words. */
export function SignInOutcomeNotice({ outcome, onDismiss }: SignInOutcomeNoticeProps) {
  if (!outcome.ok) return <ErrorNotice error={outcome.error} onDismiss={onDismiss} />;
  return (
    <div class="card row" role="status">
      <p class="no-margin">{t('signInSucceeded', outcome.handle)}</p>
      <button type="button" class="button button--quiet button--small" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}
