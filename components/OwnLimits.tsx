import { useState } from 'preact/hooks';
import type { HedgeState } from '../utils/protocol';
import { t, uiLanguage } from '../utils/i18n/translate';
import { FOREVER, durationOf, localDay, type DurationChoice } from '../utils/ui/duration';
import { displayDomain } from '../utils/ui/domain-display';
import type { PageState } from '../utils/ui/use-page-state';
import { DomainName } from './DomainName';
import { DurationPicker } from './DurationPicker';
import { EntryUntil } from './EntryUntil';

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
  const [duration, setDuration] = useState<DurationChoice>(FOREVER);
  async function change(target: string, action: 'add' | 'remove'): Promise<boolean> {
    // "Until I remove it" sends no duration.
    const chosen = action === 'add' ? durationOf(duration) : undefined;
    return (await act({ type: 'hedge/own-limit', domain: target, action, ...(chosen ? { duration: chosen } : {}) })).ok;
  }
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    // A blank field is sent too: the background's answer says a domain is needed.
    if (await change(domain.trim(), 'add')) {
      setDomain('');
      setDuration(FOREVER);
    }
  }
  const limits = state.ownLimits ?? [];
  const language = uiLanguage();
  return (
    <section class="card stack" aria-labelledby="own-limits-title">
      <h2 id="own-limits-title">{t('ownLimitsTitle')}</h2>
      <p class="muted no-margin">{t('ownLimitsHint')}</p>
      {/* noValidate: a past date is refused by the background in Hedge's words and language, not by the browser's bubble. */}
      <form class="row" noValidate onSubmit={(event) => void submit(event)}>
        <label for="own-limit-domain">{t('ownLimitsDomain')}</label>
        <input id="own-limit-domain" type="text" spellcheck={false} value={domain} onInput={(event) => setDomain((event.target as HTMLInputElement).value)} />
        <DurationPicker id="own-limit" value={duration} onChange={setDuration} today={localDay(state.builtAt)} />
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
              <EntryUntil at={state.entryExpiry?.limit[entry]} language={language} />
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
