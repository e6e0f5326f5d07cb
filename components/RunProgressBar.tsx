import type { HedgeError, RunProgress } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, uiLanguage } from '../utils/i18n/translate';
import { formatDuration, formatDateTime } from '../utils/ui/format';

interface RunProgressBarProps {
  run: RunProgress;
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/** The running apply: done of total, failures, time left, and Pause/Resume and Cancel. */
export function RunProgressBar({ run, send, onError }: RunProgressBarProps) {
  const language = uiLanguage();
  async function control(action: 'pause' | 'resume' | 'cancel'): Promise<void> {
    const reply = await send({ type: 'hedge/run-control', action });
    if (!reply.ok) onError(reply.error);
  }
  return (
    <section class="card stack run-progress" aria-labelledby="run-progress-title">
      <h2 id="run-progress-title">{run.isPaused ? t('runPausedTitle') : t('runTitle')}</h2>
      <progress max={Math.max(run.total, 1)} value={run.done} aria-labelledby="run-progress-title" aria-describedby="run-progress-text" />
      <p id="run-progress-text" class="no-margin" aria-live="polite">
        {t('runDoneOfTotal', run.done, run.total)}
        {run.failed > 0 ? ` ${t('runFailed', run.failed)}` : ''}
        {!run.isPaused && run.done < run.total ? ` ${t('runTimeLeft', formatDuration(run.etaMs, language))}` : ''}
      </p>
      {run.waitingUntil ? <p class="muted no-margin">{t('runWaitingRateLimit', formatDateTime(run.waitingUntil, language))}</p> : null}
      <div class="row">
        {run.isPaused ? (
          <button type="button" class="button" onClick={() => void control('resume')}>
            {t('runResume')}
          </button>
        ) : (
          <button type="button" class="button button--quiet" onClick={() => void control('pause')}>
            {t('runPause')}
          </button>
        )}
        <button type="button" class="button button--quiet" onClick={() => void control('cancel')}>
          {t('runCancel')}
        </button>
      </div>
    </section>
  );
}
