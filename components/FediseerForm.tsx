import { useState } from 'preact/hooks';
import type { SubscriptionSource } from '../utils/protocol';
import { t } from '../utils/i18n/translate';
import { requestListPermission } from '../utils/permissions/list-permission';
import type { PageState } from '../utils/ui/use-page-state';

/** Fediseer's public server; the user may name another. */
const DEFAULT_FEDISEER = 'https://fediseer.com';

interface FediseerFormProps {
  /** Subscribes to `source`; true when it worked, so the form can be cleared. */
  onAdd: (source: SubscriptionSource) => Promise<boolean>;
  act: PageState['act'];
}

/**
 * Options › Lists › Add a list › Fediseer: the servers the user trusts and how
 * many of them must agree. "Suggest" asks the background for the user's own
 * server and the servers it endorses on Fediseer.
 */
export function FediseerForm({ onAdd, act }: FediseerFormProps) {
  const [baseUrl, setBaseUrl] = useState(DEFAULT_FEDISEER);
  const [servers, setServers] = useState('');
  const [threshold, setThreshold] = useState('1');
  const [reasons, setReasons] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function suggest(): Promise<void> {
    // Host access to Fediseer must be asked for within the click, before any await the page does.
    await askPermission(baseUrl.trim());
    const reply = await act({ type: 'hedge/fediseer-suggest', baseUrl: baseUrl.trim() });
    if (reply.ok) setServers(reply.value.servers.join(', '));
  }

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const names = servers.split(/[\s,]+/).filter((name) => name !== '');
    if (!URL.canParse(baseUrl.trim()) || names.length === 0) {
      setProblem(t('fediseerProblem'));
      return;
    }
    setProblem(null);
    // The background checks the threshold against the servers and says what is wrong in words.
    const filters = reasons.split(',').map((reason) => reason.trim()).filter((reason) => reason !== '');
    const source: SubscriptionSource = { kind: 'fediseer', baseUrl: baseUrl.trim(), servers: names, threshold: Number(threshold), ...(filters.length === 0 ? {} : { reasons: filters }) };
    if (await onAdd(source)) setServers('');
  }

  return (
    <form class="stack card" aria-labelledby="fediseer-title" onSubmit={(event) => void submit(event)} noValidate>
      <h3 id="fediseer-title" class="no-margin">
        {t('fediseerTitle')}
      </h3>
      <p class="no-margin">{t('fediseerIntro')}</p>
      <label for="fediseer-address">{t('fediseerAddressLabel')}</label>
      <input id="fediseer-address" type="url" value={baseUrl} onInput={(event) => setBaseUrl((event.target as HTMLInputElement).value)} />
      <label for="fediseer-servers">{t('fediseerServersLabel')}</label>
      <input id="fediseer-servers" type="text" value={servers} onInput={(event) => setServers((event.target as HTMLInputElement).value)} />
      <label for="fediseer-threshold">{t('fediseerThresholdLabel')}</label>
      <input
        id="fediseer-threshold"
        type="number"
        min={1}
        step={1}
        value={threshold}
        onInput={(event) => setThreshold((event.target as HTMLInputElement).value)}
      />
      <label for="fediseer-reasons">{t('fediseerReasonsLabel')}</label>
      <input id="fediseer-reasons" type="text" value={reasons} onInput={(event) => setReasons((event.target as HTMLInputElement).value)} />
      <div class="row">
        <button type="button" class="button button--quiet" onClick={() => void suggest()}>
          {t('fediseerSuggest')}
        </button>
        <button type="submit" class="button">
          {t('fediseerAdd')}
        </button>
      </div>
      {problem ? (
        <p role="alert" class="field-problem no-margin">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

/** Asks for host access to Fediseer; a refusal is not an error here (the background explains if reading fails). */
async function askPermission(url: string): Promise<void> {
  try {
    await requestListPermission(url);
  } catch (error) {
    console.warn('Hedge: could not ask for access to Fediseer', error);
  }
}
