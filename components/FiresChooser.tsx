import { useState } from 'preact/hooks';
import type { FiresServerView, Reply } from '../utils/protocol';
import { t, tCount } from '../utils/i18n/translate';

interface FiresChooserProps {
  /** Reads what the server at `serverUrl` offers (the page asks for host access first). */
  browse: (serverUrl: string) => Promise<Reply<FiresServerView>>;
  /** Subscribes to one dataset; true when it worked. */
  onSubscribe: (serverUrl: string, datasetId: string) => Promise<boolean>;
  /** Ids of the datasets already subscribed to (a FIRES subscription's `url`). */
  subscribedIds: ReadonlySet<string | undefined>;
}

/**
 * The FIRES card's chooser: the user names a server, Hedge lists the datasets
 * it publishes (name, summary, size, labels), and each subscribes in one
 * click like the catalog's other lists. Every text from the server is shown as
 * text, never as HTML.
 */
export function FiresChooser({ browse, onSubscribe, subscribedIds }: FiresChooserProps) {
  const [serverUrl, setServerUrl] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isReading, setReading] = useState(false);
  const [server, setServer] = useState<FiresServerView | null>(null);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const address = serverUrl.trim();
    if (!URL.canParse(address) || !/^https?:$/.test(new URL(address).protocol)) {
      setProblem(t('firesProblem'));
      return;
    }
    setProblem(null);
    setServer(null);
    setReading(true);
    const reply = await browse(new URL(address).origin);
    setReading(false);
    if (reply.ok) setServer(reply.value);
    else setProblem(reply.error.message);
  }

  return (
    <div class="stack">
      <p class="no-margin">{t('firesIntro')}</p>
      <form class="stack" onSubmit={(event) => void submit(event)} noValidate>
        <label for="fires-server">{t('firesServerLabel')}</label>
        <div class="row">
          <input
            id="fires-server"
            type="url"
            value={serverUrl}
            placeholder="https://"
            style={{ flex: 1 }}
            aria-invalid={problem !== null}
            aria-describedby="fires-server-problem"
            onInput={(event) => setServerUrl((event.target as HTMLInputElement).value)}
          />
          <button type="submit" class="button button--small" disabled={isReading}>
            {t('firesShowDatasets')}
          </button>
        </div>
      </form>
      {isReading ? <p role="status" class="muted no-margin">{t('firesReading')}</p> : null}
      {problem ? (
        <p id="fires-server-problem" role="alert" class="field-problem no-margin">
          {problem}
        </p>
      ) : null}
      {server ? (
        <section class="stack" aria-labelledby="fires-datasets-title">
          <h4 id="fires-datasets-title" class="no-margin">
            {t('firesDatasetsOf', server.origin)}
          </h4>
          <ul class="fires-datasets">
            {server.datasets.map((dataset, index) => {
              const titleId = `fires-dataset-${index}`;
              const isSubscribed = subscribedIds.has(dataset.id);
              return (
                <li key={dataset.id} class="stack fires-datasets__item" aria-labelledby={titleId}>
                  <div class="row row--spread">
                    <strong id={titleId}>{dataset.name}</strong>
                    <button
                      type="button"
                      class="button button--small"
                      disabled={isSubscribed}
                      aria-describedby={titleId}
                      onClick={() => void onSubscribe(server.origin, dataset.id)}
                    >
                      {isSubscribed ? t('subscribed') : t('subscribe')}
                    </button>
                  </div>
                  {dataset.summary ? <p class="no-margin">{dataset.summary}</p> : null}
                  <p class="muted no-margin">{dataset.entryCount === null ? t('firesSizeUnknown') : tCount('countEntries', dataset.entryCount)}</p>
                  {dataset.labels.length > 0 ? <p class="muted no-margin labels">{t('listLabels', dataset.labels.join(', '))}</p> : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
