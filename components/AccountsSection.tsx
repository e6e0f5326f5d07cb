import { useState } from 'preact/hooks';
import type { HedgeError, HedgeState } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, uiLanguage } from '../utils/i18n/translate';
import { formatDate } from '../utils/ui/format';
import { SignInForm } from './SignInForm';

export interface AccountsSectionProps {
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

  async function signOut(accountKey: string): Promise<void> {
    const reply = await send({ type: 'hedge/sign-out', accountKey });
    if (!reply.ok) onError(reply.error);
  }
  async function activate(accountKey: string): Promise<void> {
    const reply = await send({ type: 'hedge/switch-account', accountKey });
    if (!reply.ok) onError(reply.error);
  }

  return (
    <div class="stack">
      <ul class="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {state.accounts.map((account) => {
          const isActive = account.key === state.activeAccountKey;
          return (
            <li key={account.key} class="card row" style={{ justifyContent: 'space-between' }}>
              <div class="row">
                <img src={account.avatarUrl} alt="" width={40} height={40} style={{ borderRadius: 'var(--radius)' }} />
                <div>
                  <strong>{account.displayName || account.acct}</strong>
                  <div class="muted" dir="ltr">
                    {account.handle}
                  </div>
                  <div class="muted">
                    {t('accountDetails', account.serverVersion, formatDate(account.signedInAt, language))}
                    {isActive ? ` · ${t('accountActive')}` : ''}
                    {account.status === 'signed-out-by-server' ? ` · ${t('accountNeedsSignIn')}` : ''}
                  </div>
                </div>
              </div>
              <div class="row">
                {isActive ? null : (
                  <button type="button" class="button button--quiet button--small" aria-label={t('accountUseNamed', account.handle)} onClick={() => void activate(account.key)}>
                    {t('accountUse')}
                  </button>
                )}
                <button type="button" class="button button--danger button--small" aria-label={t('signOutNamed', account.handle)} onClick={() => void signOut(account.key)}>
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
    </div>
  );
}
