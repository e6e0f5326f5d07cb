import type { DueListView, HedgeError } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount, uiLanguage } from '../utils/i18n/translate';
import { formatDate } from '../utils/ui/format';
import { DomainName } from './DomainName';

interface DueListPromptProps {
  items: DueListView[] | undefined;
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/**
 * The domains a list added that are due ("apply for 30 days, then ask me again"), by list and day:
 * keep them for another period, or remove them. Removing goes through a plan with the scheduled
 * refresh's safety catch; a large one then waits in the pending confirmations. In the popup and in Options.
 */
export function DueListPrompt({ items, send, onError }: DueListPromptProps) {
  if (items === undefined || items.length === 0) return null;
  const language = uiLanguage();
  async function answer(item: DueListView, action: 'keep' | 'remove'): Promise<void> {
    const reply = await send({ type: 'hedge/list-due', subscriptionId: item.subscriptionId, domains: item.domains, action });
    if (!reply.ok) onError(reply.error);
  }
  return (
    <section class="card stack pending" aria-labelledby="due-lists-title">
      <h2 id="due-lists-title">{t('dueListsTitle')}</h2>
      {items.map((item) => {
        const id = `due-${item.subscriptionId}-${item.addedAt}`;
        return (
          <div key={id} class="stack pending__item">
            <p id={id} class="no-margin">
              {tCount('dueListQuestion', item.domains.length, item.name, formatDate(item.addedAt, language))}
            </p>
            <details>
              <summary>{t('dueListDomains')}</summary>
              <ul>
                {item.domains.map((domain) => (
                  <li key={domain}>
                    <DomainName domain={domain} />
                  </li>
                ))}
              </ul>
            </details>
            <div class="row">
              <button type="button" class="button button--small" aria-describedby={id} onClick={() => void answer(item, 'keep')}>
                {tCount('dueListKeep', item.days)}
              </button>
              <button type="button" class="button button--quiet button--small" aria-describedby={id} onClick={() => void answer(item, 'remove')}>
                {t('dueListRemove')}
              </button>
            </div>
          </div>
        );
      })}
    </section>
  );
}
