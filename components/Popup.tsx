import { useState } from 'preact/hooks';
import type { HedgeError, HedgeState } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { pageAccountDomain } from '../utils/ui/page-account';
import { t } from '../utils/i18n/translate';
import { AccountBar } from './AccountBar';
import { ErrorNotice } from './ErrorNotice';
import { PageLimit } from './PageLimit';
import { PendingConfirmations } from './PendingConfirmations';
import { DueListPrompt } from './DueListPrompt';
import { PresetList } from './PresetList';
import { RunProgressBar } from './RunProgressBar';
import { SignInForm } from './SignInForm';
import { SignInOutcomeNotice, SignInWaiting } from './SignInStatus';
import { StatusPanel } from './StatusPanel';
import './Popup.css';

interface PopupProps {
  /** The last known state (possibly from the cache); null only before the very first one. */
  state: HedgeState | null;
  send: SendIntent;
  requestPermission: (origin: string) => Promise<boolean>;
  /** Opens the options page, at a section (`preview`, `lists`…) when given. */
  openOptions: (section?: string) => void;
  now: number;
  /** The active tab's address when the browser lets Hedge read it (only on servers it may access); null otherwise. */
  pageUrl?: string | null;
}

/** The toolbar popup: sign in, the account, "Block Threads" and the other presets, status and progress. */
export function Popup({ state, send, requestPermission, openOptions, now, pageUrl = null }: PopupProps) {
  const [error, setError] = useState<HedgeError | null>(null);
  const [isAddingAccount, setAddingAccount] = useState(false);
  // A sign-in made in this popup shows its own answer; the kept outcome is for a popup opened later.
  // Set when the attempt starts: the state naming the new account may arrive before the answer does.
  const [hasTriedSignInHere, setTriedSignInHere] = useState(false);

  const header = (
    <header class="popup__header">
      <img src="/icon/32.png" alt="" width={24} height={24} />
      <h1>{t('extName')}</h1>
      <button type="button" class="button button--quiet button--small popup__settings" onClick={() => openOptions()}>
        {t('openSettings')}
      </button>
    </header>
  );

  if (state === null) {
    return (
      <main class="popup stack">
        {header}
        <p role="status">{t('loading')}</p>
      </main>
    );
  }

  async function sendAndShowFailure(intent: Parameters<SendIntent>[0]): Promise<void> {
    const reply = await send(intent);
    if (!reply.ok) setError(reply.error);
  }

  // A sign-in the background carried on after an earlier popup closed: where it stands, or how it ended.
  const pendingSignIn = state.signIn?.pending ?? null;
  const outcome = state.signIn?.outcome ?? null;
  // A failed sign-in is also the state's last error (utils/background/handlers/index.ts): one notice, not two.
  const isOutcomeLastError = outcome !== null && !outcome.ok && state.lastError?.message === outcome.error.message;
  const signInOutcome = outcome ? (
    <SignInOutcomeNotice outcome={outcome} onDismiss={() => void sendAndShowFailure({ type: 'hedge/sign-in-outcome-seen' })} />
  ) : null;

  const active = state.accounts.find((account) => account.key === state.activeAccountKey) ?? state.accounts[0];
  if (!active || isAddingAccount) {
    return (
      <main class="popup stack">
        {header}
        {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
        <SignInForm
          send={send}
          requestPermission={requestPermission}
          pending={pendingSignIn}
          earlierOutcome={signInOutcome}
          onAttempt={() => setTriedSignInHere(true)}
          onSignedIn={() => setAddingAccount(false)}
        />
        {isAddingAccount ? (
          <button type="button" class="button button--quiet" onClick={() => setAddingAccount(false)}>
            {t('cancel')}
          </button>
        ) : null}
      </main>
    );
  }

  // A remote account shown on the active account's own server: the popup offers to limit its domain.
  const pageDomain = pageAccountDomain(pageUrl, active.origin);

  async function switchAccount(accountKey: string): Promise<void> {
    await sendAndShowFailure({ type: 'hedge/switch-account', accountKey });
  }

  async function dismissStateError(): Promise<void> {
    await sendAndShowFailure({ type: 'hedge/dismiss-error' });
    if (isOutcomeLastError) await sendAndShowFailure({ type: 'hedge/sign-in-outcome-seen' });
  }

  return (
    <main class="popup stack">
      {header}
      <AccountBar accounts={state.accounts} active={active} onSwitch={(key) => void switchAccount(key)} />
      {isOutcomeLastError || hasTriedSignInHere ? null : signInOutcome}
      {pendingSignIn && active.status !== 'signed-out-by-server' ? (
        <div class="card">
          <SignInWaiting
            host={pendingSignIn.host}
            phase={pendingSignIn.phase}
            onCancel={() => void sendAndShowFailure({ type: 'hedge/cancel-sign-in' })}
          />
        </div>
      ) : null}
      {active.status === 'signed-out-by-server' ? (
        <div class="card stack popup__warning" role="alert">
          <p class="no-margin">{t('accountSignedOutByServer', active.handle)}</p>
          <SignInForm
            key={active.key}
            send={send}
            requestPermission={requestPermission}
            initialInstance={active.origin}
            pending={pendingSignIn}
            onAttempt={() => setTriedSignInHere(true)}
          />
        </div>
      ) : null}
      {state.lastError ? <ErrorNotice error={state.lastError} onDismiss={() => void dismissStateError()} /> : null}
      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
      <PendingConfirmations
        items={state.pendingConfirmations}
        send={send}
        now={now}
        onReview={() => openOptions('preview')}
        onError={setError}
      />
      <DueListPrompt items={state.dueFromLists} send={send} onError={setError} />
      {state.run ? <RunProgressBar run={state.run} send={send} onError={setError} /> : null}
      <PresetList presets={state.presets} send={send} isRunning={state.run !== null} onError={setError} />
      {pageDomain ? <PageLimit domain={pageDomain} isLimited={state.ownLimits?.includes(pageDomain) === true} send={send} onError={setError} /> : null}
      <StatusPanel state={state} now={now} />
      <footer class="row popup__footer">
        <button type="button" class="button button--quiet button--small" onClick={() => openOptions('lists')}>
          {t('manageLists')}
        </button>
        <button type="button" class="button button--quiet button--small" onClick={() => setAddingAccount(true)}>
          {t('addAccount')}
        </button>
      </footer>
    </main>
  );
}
