import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { AccountView, HedgeError, PendingSignIn } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, type MessageKey } from '../utils/i18n/translate';
import { instanceOrigin, type InstanceInputProblem } from '../utils/ui/instance-origin';
import { ErrorNotice } from './ErrorNotice';
import { SignInWaiting } from './SignInStatus';

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
  /** The sign-in the background carries on (the state's `signIn.pending`), e.g. from before the popup closed. */
  pending?: PendingSignIn | null;
  /**
   * How a sign-in the background carried on ended, for a popup opened after it. Once this form has
   * made its own attempt, that attempt's answer is what it shows, and this is not shown again.
   */
  earlierOutcome?: ComponentChildren;
  /** A valid address was submitted: this form's own attempt starts, and its answer is what it shows. */
  onAttempt?: () => void;
  onSignedIn?: (account: AccountView) => void;
}

/** What this form is waiting for: the browser's permission prompt, then the server's consent window. */
type Waiting = { host: string; phase: PendingSignIn['phase'] };

/** The instance field and "Sign in"; the failure in words stays until dismissed. */
export function SignInForm({ send, requestPermission, initialInstance = '', pending = null, earlierOutcome = null, onAttempt, onSignedIn }: SignInFormProps) {
  const [instance, setInstance] = useState(initialInstance);
  const [problem, setProblem] = useState<InstanceInputProblem | null>(null);
  const [error, setError] = useState<HedgeError | null>(null);
  const [ownWaiting, setOwnWaiting] = useState<Waiting | null>(null);
  // Counts attempts: a cancelled one's late answer changes nothing on screen.
  const attempt = useRef(0);
  // This popup's own attempt first; else what the background carries on from an earlier popup.
  const waiting: Waiting | null = ownWaiting ?? (pending ? { host: pending.host, phase: pending.phase } : null);
  const isBusy = waiting !== null;

  function submit(event: Event): void {
    event.preventDefault();
    const parsed = instanceOrigin(instance);
    if (!parsed.ok) {
      setProblem(parsed.problem);
      return;
    }
    setProblem(null);
    setError(null);
    onAttempt?.();
    const host = new URL(parsed.origin).host;
    const current = ++attempt.current;
    setOwnWaiting({ host, phase: 'permission' });
    // The background is told first, so that it signs in by itself when the grant comes even if this
    // popup has closed by then (Firefox closes it on a click into the prompt). Neither call awaits
    // anything before `permissions.request`, so the prompt stays inside the click.
    const wanted = send({ type: 'hedge/sign-in-wanted', instance: parsed.origin });
    const permission = requestPermission(parsed.origin);
    void finish(parsed.origin, current, wanted, permission);
  }

  async function finish(origin: string, current: number, wanted: ReturnType<SendIntent>, permission: Promise<boolean>): Promise<void> {
    const host = new URL(origin).host;
    const stop = (failure: HedgeError): void => {
      if (attempt.current !== current) return;
      setOwnWaiting(null);
      setError(failure);
    };
    // Without the background's record the sign-in still works while this popup stays open: the
    // explicit `hedge/sign-in` below answers any failure in words.
    const announced = await wanted;
    if (!announced.ok) console.warn('Hedge: the background did not record the wanted sign-in', announced.error);
    let isGranted: boolean;
    try {
      isGranted = await permission;
    } catch (cause) {
      void send({ type: 'hedge/cancel-sign-in' });
      stop({ kind: 'permission-missing', message: cause instanceof Error ? cause.message : String(cause) });
      return;
    }
    if (!isGranted) {
      void send({ type: 'hedge/cancel-sign-in' });
      stop({ kind: 'permission-missing', message: t('signInPermissionRefused', host) });
      return;
    }
    if (attempt.current !== current) return;
    setOwnWaiting({ host, phase: 'consent' });
    const reply = await send({ type: 'hedge/sign-in', instance: origin });
    if (attempt.current !== current) return;
    // Shown here, so the outcome the background keeps for a closed popup is not shown again.
    void send({ type: 'hedge/sign-in-outcome-seen' });
    setOwnWaiting(null);
    if (reply.ok) onSignedIn?.(reply.value);
    else setError(reply.error);
  }

  function cancel(): void {
    attempt.current += 1;
    setOwnWaiting(null);
    void send({ type: 'hedge/cancel-sign-in' }).then((reply) => {
      if (!reply.ok) setError(reply.error);
    });
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
      {waiting ? <SignInWaiting host={waiting.host} phase={waiting.phase} onCancel={cancel} /> : null}
      {error ? <ErrorNotice error={error} onDismiss={() => setError(null)} /> : attempt.current === 0 ? earlierOutcome : null}
    </form>
  );
}
