import { useEffect, useRef, useState } from 'preact/hooks';
import type { HedgeError, HedgeState } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { PRIVACY_POLICY_URL } from '../utils/ui/links';
import { t, type MessageKey } from '../utils/i18n/translate';
import { AccountsSection } from './AccountsSection';
import { BlocksSection } from './BlocksSection';
import { ErrorNotice } from './ErrorNotice';
import { DueListPrompt } from './DueListPrompt';
import { ExportSection } from './ExportSection';
import { HistorySection } from './HistorySection';
import { ListsSection } from './ListsSection';
import { PreviewSection } from './PreviewSection';
import { RunProgressBar } from './RunProgressBar';
import './OptionsApp.css';

/** The sections of the options page, in tab order; the id is also the URL hash (`options.html#preview`). */
export const OPTIONS_SECTIONS = ['lists', 'preview', 'blocks', 'history', 'export', 'accounts'] as const;
export type OptionsSection = (typeof OPTIONS_SECTIONS)[number];

const SECTION_LABEL: Record<OptionsSection, MessageKey> = {
  lists: 'sectionLists',
  preview: 'sectionPreview',
  blocks: 'sectionBlocks',
  history: 'sectionHistory',
  export: 'sectionExport',
  accounts: 'sectionAccounts',
};

/** Sections that need a signed-in account. */
const NEEDS_ACCOUNT: ReadonlySet<OptionsSection> = new Set(['preview', 'blocks', 'history', 'export']);

interface OptionsAppProps {
  state: HedgeState | null;
  send: SendIntent;
  requestPermission: (origin: string) => Promise<boolean>;
  copyText: (text: string) => Promise<void>;
  section: OptionsSection;
  onSectionChange: (section: OptionsSection) => void;
  /** The address of a list a Mastodon post shared, which Lists asks about first (`options.html?subscribe=…`). */
  offeredList?: string | null;
  onOfferClosed?: () => void;
}

/** Whether `value` names a section (for the URL hash). */
export function isOptionsSection(value: string): value is OptionsSection {
  return (OPTIONS_SECTIONS as readonly string[]).includes(value);
}

/**
 * The options page: a tab per section (arrow keys move between tabs, as the
 * WAI-ARIA tabs pattern describes), the running apply on top, and every error
 * kept on screen until dismissed.
 */
export function OptionsApp({ state, send, requestPermission, copyText, section, onSectionChange, offeredList, onOfferClosed }: OptionsAppProps) {
  const [errors, setErrors] = useState<Array<HedgeError & { id: number }>>([]);
  const nextId = useRef(0);
  const tabRefs = useRef(new Map<OptionsSection, HTMLButtonElement>());
  const focusTab = useRef<OptionsSection | null>(null);

  useEffect(() => {
    if (focusTab.current) tabRefs.current.get(focusTab.current)?.focus();
    focusTab.current = null;
  }, [section]);

  function addError(error: HedgeError): void {
    nextId.current += 1;
    const id = nextId.current;
    setErrors((current) => [...current, { ...error, id }]);
  }

  function onTabKey(event: KeyboardEvent): void {
    const index = OPTIONS_SECTIONS.indexOf(section);
    const last = OPTIONS_SECTIONS.length - 1;
    const target =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (target === null) return;
    event.preventDefault();
    const next = OPTIONS_SECTIONS[target]!;
    focusTab.current = next;
    onSectionChange(next);
  }

  const active = state?.accounts.find((account) => account.key === state.activeAccountKey);

  async function dismissStateError(): Promise<void> {
    const reply = await send({ type: 'hedge/dismiss-error' });
    if (!reply.ok) addError(reply.error);
  }

  return (
    <div class="options">
      <header class="options__header">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <h1>{t('optionsTitle')}</h1>
        {active ? (
          <span class="muted" dir="ltr">
            {active.handle}
          </span>
        ) : null}
      </header>
      <main>
        <div class="stack options__notices">
          {state?.lastError ? <ErrorNotice error={state.lastError} onDismiss={() => void dismissStateError()} /> : null}
          {errors.map((error) => (
            <ErrorNotice key={error.id} error={error} onDismiss={() => setErrors((current) => current.filter((item) => item.id !== error.id))} />
          ))}
          {state?.run ? <RunProgressBar run={state.run} send={send} onError={addError} /> : null}
          <DueListPrompt items={state?.dueFromLists} send={send} onError={addError} />
        </div>
        <div role="tablist" aria-label={t('optionsTitle')} class="options__tabs" onKeyDown={onTabKey}>
          {OPTIONS_SECTIONS.map((id) => (
            <button
              key={id}
              ref={(element) => {
                if (element) tabRefs.current.set(id, element);
              }}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-selected={id === section}
              aria-controls={`panel-${id}`}
              tabIndex={id === section ? 0 : -1}
              class="options__tab"
              onClick={() => onSectionChange(id)}
            >
              {t(SECTION_LABEL[id])}
            </button>
          ))}
        </div>
        <div id={`panel-${section}`} role="tabpanel" aria-labelledby={`tab-${section}`} tabIndex={0} class="options__panel">
          {state === null ? (
            <p role="status">{t('loading')}</p>
          ) : NEEDS_ACCOUNT.has(section) && !active ? (
            <div class="stack">
              <p>{t('signInFirst')}</p>
              <div>
                <button type="button" class="button" onClick={() => onSectionChange('accounts')}>
                  {t('sectionAccounts')}
                </button>
              </div>
            </div>
          ) : (
            renderSection(section)
          )}
        </div>
      </main>
      <footer class="options__footer muted">
        {t('privacyFooter')}{' '}
        <a href={PRIVACY_POLICY_URL} target="_blank" rel="noreferrer">
          {t('privacyPolicy')}
        </a>
      </footer>
    </div>
  );

  function renderSection(id: OptionsSection) {
    const current = state!;
    switch (id) {
      case 'lists':
        return <ListsSection state={current} send={send} onError={addError} offeredList={offeredList} onOfferClosed={onOfferClosed} />;
      case 'preview':
        return <PreviewSection send={send} onError={addError} />;
      case 'blocks':
        return <BlocksSection state={current} send={send} onError={addError} />;
      case 'history':
        return <HistorySection state={current} send={send} onError={addError} />;
      case 'export':
        return <ExportSection send={send} onError={addError} copyText={copyText} />;
      case 'accounts':
        return <AccountsSection state={current} send={send} requestPermission={requestPermission} onError={addError} />;
    }
  }
}
