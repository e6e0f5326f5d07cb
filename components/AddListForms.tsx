import { useState } from 'preact/hooks';
import type { SubscriptionSource } from '../utils/protocol';
import { t } from '../utils/i18n/translate';
import { bytesToBase64 } from '../utils/protocol/list-bytes';

interface AddListFormsProps {
  /** Subscribes to `source`; true when it worked, so the form can be cleared. */
  onAdd: (source: SubscriptionSource) => Promise<boolean>;
}

/** Options › Lists › Add a list: by address or from a file (a FIRES dataset is chosen on the catalog's FIRES card). */
export function AddListForms({ onAdd }: AddListFormsProps) {
  return (
    <>
      <AddByUrlForm onAdd={(url) => onAdd({ kind: 'url', url })} />
      <ImportFileForm onAdd={(fileName, base64) => onAdd({ kind: 'file', fileName, base64 })} />
    </>
  );
}

function AddByUrlForm({ onAdd }: { onAdd: (url: string) => Promise<boolean> }) {
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const parsed = URL.canParse(url.trim()) ? new URL(url.trim()) : null;
    if (!parsed || (parsed.protocol !== 'https:' && parsed.hostname !== '127.0.0.1' && parsed.hostname !== 'localhost')) {
      setProblem(t('listUrlProblem'));
      return;
    }
    setProblem(null);
    if (await onAdd(parsed.href)) setUrl('');
  }
  return (
    <form class="stack card" onSubmit={(event) => void submit(event)} noValidate>
      <label for="list-url">{t('listUrlLabel')}</label>
      <div class="row">
        <input id="list-url" type="url" value={url} placeholder="https://" style={{ flex: 1 }} aria-invalid={problem !== null} aria-describedby="list-url-hint list-url-problem" onInput={(event) => setUrl((event.target as HTMLInputElement).value)} />
        <button type="submit" class="button">
          {t('subscribe')}
        </button>
      </div>
      <p id="list-url-hint" class="muted no-margin">
        {t('listUrlHint')}
      </p>
      {problem ? (
        <p id="list-url-problem" role="alert" class="field-problem no-margin">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

/** The largest list file Hedge reads, as Mastodon's own import allows (20 MB: mastodon-facts.md). */
const MAX_LIST_FILE_BYTES = 20 * 1024 * 1024;

/** Sends the file's bytes, not `file.text()` (always UTF-8): the background's parser reads UTF-16 lists too. */
function ImportFileForm({ onAdd }: { onAdd: (fileName: string, base64: string) => Promise<boolean> }) {
  const [problem, setProblem] = useState<string | null>(null);
  async function pick(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > MAX_LIST_FILE_BYTES) {
      setProblem(t('listFileTooLarge', file.name));
      input.value = '';
      return;
    }
    setProblem(null);
    await onAdd(file.name, bytesToBase64(new Uint8Array(await file.arrayBuffer())));
    input.value = '';
  }
  return (
    <div class="stack card">
      <label for="list-file">{t('listFileLabel')}</label>
      <input id="list-file" type="file" accept=".csv,.txt,.json,text/csv,text/plain,application/json" aria-describedby="list-file-hint" onChange={(event) => void pick(event)} />
      <p id="list-file-hint" class="muted no-margin">
        {t('listFileHint')}
      </p>
      {problem ? (
        <p role="alert" class="field-problem no-margin">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
