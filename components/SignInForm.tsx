import { useState } from 'preact/hooks';
import type { AccountView, HedgeError } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, type MessageKey } from '../utils/i18n/translate';
import { instanceOrigin, type InstanceInputProblem } from '../utils/ui/instance-origin';
import { ErrorNotice } from './ErrorNotice';

const PROBLEM_MESSAGE: Record<InstanceInputProblem, MessageKey> = {
  empty: 'signInProblemEmpty',
  'not-an-address': 'signInProblemAddress',
  insecure: 'signInProblemInsecure',
};

interface SignInFormProps {
  send: SendIntent;
  /**
   * Asks for host access to the instance's origin. It must be the first thing
   * the click does: browsers only show the prompt inside a user gesture.
   */
  requestPermission: (origin: string) => Promise<boolean>;
  /** Prefilled, e.g. to sign in again to an instance that signed Hedge out. */
  initialInstance?: string;
  onSignedIn?: (account: AccountView) => void;
}

/** The instance field and "Sign in"; the failure in words stays until dismissed. */
export function SignInForm({ send, requestPermission, initialInstance = '', onSignedIn }: SignInFormProps) {
  const [instance, setInstance] = useState(initialInstance);
  const [problem, setProblem] = useState<InstanceInputProblem | null>(null);
  const [error, setError] = useState<HedgeError | null>(null);
  const [isBusy, setBusy] = useState(false);

  function submit(event: Event): void {
    event.preventDefault();
    const parsed = instanceOrigin(instance);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    setError(null);
    setBusy(true);
    // Called before any await, so the permission prompt stays inside the click.
    const permission = requestPermission(parsed.origin);
    void finish(parsed.origin, permission);
  }

  async function finish(origin: string, permission: Promise<boolean>): Promise<void> {
    let isGranted: boolean;
    try {
      isGranted = await permission;
    } catch (cause) {
      setBusy(false);
      setError({ kind: 'permission-missing', message: cause instanceof Error ? cause.message : String(cause) });
      return;
    }
    if (!isGranted) {
      setBusy(false);
      setError({ kind: 'permission-missing', message: t('signInPermissionRefused', new URL(origin).host) });
      return;
    }
    const reply = await send({ type: 'hedge/sign-in', instance: origin });
    setBusy(false);
    if (reply.ok) onSignedIn?.(reply.value);
    else setError(reply.error);
  }

  return (
    <form class="stack sign-in" onSubmit={submit} noValidate>
      <p class="no-margin">{t('signInIntro')}</p>
      <div class="stack" style={{ gap: '0.25rem' }}>
        <label for="instance">{t('signInInstanceLabel')}</label>
        <input
          id="instance"
          type="text"
          inputMode="url"
          autoComplete="url"
          spellcheck={false}
          placeholder="mastodon.social"
          value={instance}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'instance-problem' : undefined}
          onInput={(event) => setInstance((event.target as HTMLInputElement).value)}
        />
        {problem ? (
          <p id="instance-problem" class="field-problem no-margin" role="alert">
            {t(PROBLEM_MESSAGE[problem])}
          </p>
        ) : null}
      </div>
      <button type="submit" class="button" disabled={isBusy}>
        {isBusy ? t('signInBusy') : t('signIn')}
      </button>
      {isBusy ? (
        <p class="muted no-margin" role="status">
          {t('signInWaiting')}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : null}
    </form>
  );
}
