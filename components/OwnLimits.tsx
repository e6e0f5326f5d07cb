import { useState } from 'preact/hooks';
import type { HedgeState } from '../utils/protocol';
import { t } from '../utils/i18n/translate';
import { displayDomain } from '../utils/ui/domain-display';
import type { PageState } from '../utils/ui/use-page-state';
import { DomainName } from './DomainName';

interface OwnLimitsProps {
  state: HedgeState;
  act: PageState['act'];
}

/**
 * Options › Blocks › Limited by you: the domains the user limits itself, beside its blocks. Adding
 * or removing one sends nothing to the server; the background checks the domain and says what is
 * wrong with it in the page's errors, as for the "always" and "never" entries.
 */
export function OwnLimits({ state, act }: OwnLimitsProps) {
  const [domain, setDomain] = useState('');
  async function change(target: string, action: 'add' | 'remove'): Promise<boolean> {
    return (await act({ type: 'hedge/own-limit', domain: target, action })).ok;
  }
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    // A blank field is sent too: the background's answer says a domain is needed.
    if (await change(domain.trim(), 'add')) setDomain('');
  }
  const limits = state.ownLimits ?? [];
  return (
    <section class="card stack" aria-labelledby="own-limits-title">
      <h2 id="own-limits-title">{t('ownLimitsTitle')}</h2>
      <p class="muted no-margin">{t('ownLimitsHint')}</p>
      <form class="row" onSubmit={(event) => void submit(event)}>
        <label for="own-limit-domain">{t('ownLimitsDomain')}</label>
        <input id="own-limit-domain" type="text" spellcheck={false} value={domain} onInput={(event) => setDomain((event.target as HTMLInputElement).value)} />
        <button type="submit" class="button button--small">
          {t('ownLimitsAdd')}
        </button>
      </form>
      {limits.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <ul>
          {limits.map((entry) => (
            <li key={entry} class="row">
              <DomainName domain={entry} />
              <button
                type="button"
                class="button button--quiet button--small"
                aria-label={t('ownLimitsRemove', displayDomain(entry).unicode)}
                onClick={() => void change(entry, 'remove')}
              >
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
