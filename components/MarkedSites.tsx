import { useRef, useState } from 'preact/hooks';
import type { HedgeError, HedgeState } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, type MessageKey } from '../utils/i18n/translate';
import { instanceOrigin, type InstanceInputProblem } from '../utils/ui/instance-origin';
import { ErrorNotice } from './ErrorNotice';

const PROBLEM_MESSAGE: Record<InstanceInputProblem, MessageKey> = {
  empty: 'markedSitesProblemEmpty',
  'not-an-address': 'markedSitesProblemAddress',
  insecure: 'markedSitesProblemInsecure',
};

interface MarkedSitesProps {
  state: HedgeState;
  send: SendIntent;
  /** Asks for host access to the server's origin: the first thing the click does, inside the user's gesture. */
  requestPermission: (origin: string) => Promise<boolean>;
}

/**
 * Options › Accounts › GoToSocial pages: the GoToSocial servers whose own web pages Hedge marks with
 * one account's lists (utils/background/marked-sites.ts), a form to add one, and "Stop marking".
 */
export function MarkedSites({ state, send, requestPermission }: MarkedSitesProps) {
  const [address, setAddress] = useState('');
  const [accountKey, setAccountKey] = useState<string | null>(null);
  const [problem, setProblem] = useState<InstanceInputProblem | null>(null);
  const [error, setError] = useState<HedgeError | null>(null);
  const [checking, setChecking] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const attempt = useRef(0);
  const sites = state.markedSites ?? [];
  const chosenKey = state.accounts.some((account) => account.key === accountKey) ? accountKey : (state.activeAccountKey ?? state.accounts[0]?.key ?? null);
  const handleOf = (key: string): string => state.accounts.find((account) => account.key === key)?.handle ?? key;

  function submit(event: Event): void {
    event.preventDefault();
    const parsed = instanceOrigin(address);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    if (chosenKey === null) return;
    setProblem(null);
    setError(null);
    setAdded(null);
    const host = new URL(parsed.origin).host;
    const current = ++attempt.current;
    setChecking(host);
    // Nothing is awaited before `permissions.request`, so the browser's prompt stays inside the click.
    const permission = requestPermission(parsed.origin);
    void (async () => {
      const isGranted = await permission.catch(() => false);
      const reply = isGranted
        ? await send({ type: 'hedge/add-marked-site', address: parsed.origin, accountKey: chosenKey })
        : { ok: false as const, error: { kind: 'permission-missing' as const, message: t('bg_markedSiteNeedsPermission', host) } };
      if (attempt.current !== current) return;
      setChecking(null);
      if (reply.ok) {
        setAddress('');
        setAdded(reply.value.host);
      } else {
        setError(reply.error);
      }
    })();
  }

  /** Asks for the access again in this click; once granted, the background checks the server and marks it again. */
  function allowAgain(origin: string, siteAccountKey: string): void {
    setError(null);
    setAdded(null);
    const host = new URL(origin).hostname;
    const permission = requestPermission(origin);
    void (async () => {
      const isGranted = await permission.catch(() => false);
      const reply = isGranted
        ? await send({ type: 'hedge/add-marked-site', address: origin, accountKey: siteAccountKey })
        : { ok: false as const, error: { kind: 'permission-missing' as const, message: t('bg_markedSiteNeedsPermission', host) } };
      if (!reply.ok) setError(reply.error);
    })();
  }

  async function remove(origin: string): Promise<void> {
    setAdded(null);
    const reply = await send({ type: 'hedge/remove-marked-site', origin });
    if (!reply.ok) setError(reply.error);
  }

  return (
    <section class="card stack" aria-labelledby="marked-sites-title">
      <h2 id="marked-sites-title">{t('markedSitesTitle')}</h2>
      <p class="muted">{t('markedSitesIntro')}</p>
      {sites.length === 0 ? null : (
        <ul class="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {sites.map((site) => (
            <li key={site.origin} class="row row--spread">
              <div>
                <span dir="auto">{t('markedSiteRow', site.host, handleOf(site.accountKey))}</span>
                {site.hasAccess === false ? <p class="field-problem no-margin">{t('markedSiteNoAccess', site.host)}</p> : null}
              </div>
              <div class="row">
                {site.hasAccess === false ? (
                  <button type="button" class="button button--small" onClick={() => allowAgain(site.origin, site.accountKey)}>
                    {t('markedSiteAllowAgain')}
                  </button>
                ) : null}
                <button type="button" class="button button--quiet button--small" aria-label={t('markedSiteRemoveNamed', site.host)} onClick={() => void remove(site.origin)}>
                  {t('markedSiteRemove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {state.accounts.length === 0 ? (
        <p>{t('markedSitesNeedAccount')}</p>
      ) : (
        <form class="stack" onSubmit={submit} noValidate>
          <label class="stack">
            <span>{t('markedSitesAddress')}</span>
            <input
              type="text"
              inputMode="url"
              autoComplete="off"
              spellcheck={false}
              placeholder="gts.example"
              value={address}
              aria-invalid={problem !== null}
              aria-describedby={problem === null ? undefined : 'marked-sites-problem'}
              onInput={(event) => setAddress((event.target as HTMLInputElement).value)}
            />
          </label>
          {problem === null ? null : (
            <p id="marked-sites-problem" class="field-problem no-margin" role="alert">
              {t(PROBLEM_MESSAGE[problem])}
            </p>
          )}
          {state.accounts.length > 1 ? (
            <label class="stack">
              <span>{t('markedSitesAccount')}</span>
              <select value={chosenKey ?? ''} onChange={(event) => setAccountKey((event.target as HTMLSelectElement).value)}>
                {state.accounts.map((account) => (
                  <option key={account.key} value={account.key}>
                    {account.handle}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div class="row">
            <button type="submit" class="button" disabled={checking !== null}>
              {t('markedSitesAdd')}
            </button>
            <span role="status">{checking !== null ? t('markedSitesChecking', checking) : added !== null ? t('markedSitesAdded', added) : ''}</span>
          </div>
          {error === null ? null : <ErrorNotice error={error} onDismiss={() => setError(null)} />}
        </form>
      )}
    </section>
  );
}
