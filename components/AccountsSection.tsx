import { useState } from 'preact/hooks';
import type { HedgeError, HedgeState } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, uiLanguage } from '../utils/i18n/translate';
import { formatDate } from '../utils/ui/format';
import { otherServerLabel } from '../utils/ui/server-label';
import { usePageState } from '../utils/ui/use-page-state';
import { MarkedSites } from './MarkedSites';
import { SignInForm } from './SignInForm';

interface AccountsSectionProps {
  state: HedgeState;
  send: SendIntent;
  requestPermission: (origin: string) => Promise<boolean>;
  onError: (error: HedgeError) => void;
}

/** Options › Accounts: every signed-in account, make one active, sign out, add another. */
export function AccountsSection({ state, send, requestPermission, onError }: AccountsSectionProps) {
  const [isAdding, setAdding] = useState(false);
  // With no account left (the last one signed out), the only thing to do here is to sign in.
  const isSignInShown = isAdding || state.accounts.length === 0;
  const language = uiLanguage();
  const page = usePageState(send, onError);

  return (
    <div class="stack">
      <ul class="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {state.accounts.map((account) => {
          const isActive = account.key === state.activeAccountKey;
          return (
            <li key={account.key} class="card row row--spread">
              <div class="row">
                <img src={account.avatarUrl} alt="" width={40} height={40} style={{ borderRadius: 'var(--radius)' }} />
                <div>
                  <strong>{account.displayName || account.acct}</strong>
                  <div class="muted" dir="ltr">
                    {account.handle}
                  </div>
                  <div class="muted">
                    {otherServerLabel(account) === null
                      ? t('accountDetails', account.serverVersion, formatDate(account.signedInAt, language))
                      : t('accountDetailsOther', otherServerLabel(account) ?? '', formatDate(account.signedInAt, language))}
                    {isActive ? ` · ${t('accountActive')}` : ''}
                    {account.status === 'signed-out-by-server' ? ` · ${t('accountNeedsSignIn')}` : ''}
                  </div>
                </div>
              </div>
              <div class="row">
                {isActive ? null : (
                  <button type="button" class="button button--quiet button--small" aria-label={t('accountUseNamed', account.handle)} onClick={() => void page.act({ type: 'hedge/switch-account', accountKey: account.key })}>
                    {t('accountUse')}
                  </button>
                )}
                <button type="button" class="button button--danger button--small" aria-label={t('signOutNamed', account.handle)} onClick={() => void page.act({ type: 'hedge/sign-out', accountKey: account.key })}>
                  {t('signOut')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {isSignInShown ? (
        <div class="card">
          <SignInForm send={send} requestPermission={requestPermission} onSignedIn={() => setAdding(false)} />
        </div>
      ) : (
        <div>
          <button type="button" class="button" onClick={() => setAdding(true)}>
            {t('addAccount')}
          </button>
        </div>
      )}
      <MarkedSites state={state} send={send} requestPermission={requestPermission} />
    </div>
  );
}
