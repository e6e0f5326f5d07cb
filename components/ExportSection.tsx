import { useState } from 'preact/hooks';
import type { HedgeError, IntentMap } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, type MessageKey } from '../utils/i18n/translate';
import { downloadFile } from '../utils/ui/download';
import { usePageState } from '../utils/ui/use-page-state';

type ExportFormat = IntentMap['hedge/export']['fields']['format'];

const FORMATS: Array<{ format: ExportFormat; title: MessageKey; hint: MessageKey }> = [
  { format: 'blocked-domains-csv', title: 'exportBlockedDomains', hint: 'exportBlockedDomainsHint' },
  { format: 'admin-csv', title: 'exportAdminCsv', hint: 'exportAdminCsvHint' },
  { format: 'plain-text', title: 'exportPlainText', hint: 'exportPlainTextHint' },
];

interface ExportSectionProps {
  send: SendIntent;
  onError: (error: HedgeError) => void;
  /** Writes text to the clipboard; `navigator.clipboard.writeText` in the page. */
  copyText: (text: string) => Promise<void>;
}

/** Options › Export and share: Mastodon's own import file, the admin CSV, plain text, and how to publish a list. */
export function ExportSection({ send, onError, copyText }: ExportSectionProps) {
  const page = usePageState(send, onError);
  const [copied, setCopied] = useState(false);

  async function download(format: ExportFormat): Promise<void> {
    const reply = await page.act({ type: 'hedge/export', format });
    if (reply.ok) downloadFile(reply.value);
  }

  async function copyAdminCsv(): Promise<void> {
    const reply = await page.act({ type: 'hedge/export', format: 'admin-csv' });
    if (!reply.ok) return;
    try {
      await copyText(reply.value.text);
      setCopied(true);
    } catch (cause) {
      onError({ kind: 'invalid-input', message: t('copyFailed', cause instanceof Error ? cause.message : String(cause)) });
    }
  }

  return (
    <div class="stack">
      <section class="stack" aria-labelledby="export-title">
        <h2 id="export-title">{t('exportTitle')}</h2>
        {FORMATS.map(({ format, title, hint }) => (
          <div key={format} class="card row row--spread">
            <div>
              <strong id={`export-${format}`}>{t(title)}</strong>
              <p class="muted no-margin">
                {t(hint)}
              </p>
            </div>
            <button type="button" class="button button--small" aria-describedby={`export-${format}`} onClick={() => void download(format)}>
              {t('download')}
            </button>
          </div>
        ))}
      </section>
      <section class="stack card" aria-labelledby="publish-title">
        <h2 id="publish-title">{t('publishTitle')}</h2>
        <p class="no-margin">{t('publishIntro')}</p>
        <ol class="no-margin">
          <li>{t('publishStep1')}</li>
          <li>{t('publishStep2')}</li>
          <li>{t('publishStep3')}</li>
        </ol>
        <div class="row">
          <button type="button" class="button button--small" onClick={() => void download('admin-csv')}>
            {t('publishDownload')}
          </button>
          <button type="button" class="button button--quiet button--small" onClick={() => void copyAdminCsv()}>
            {t('publishCopy')}
          </button>
          {copied ? <span role="status">{t('copied')}</span> : null}
        </div>
      </section>
    </div>
  );
}
