import type { HedgeError } from '../utils/protocol';
import { t, type MessageKey } from '../utils/i18n/translate';
import './ErrorNotice.css';

const HEADLINE_BY_KIND: Record<HedgeError['kind'], MessageKey> = {
  unauthorized: 'errorUnauthorized',
  'rate-limited': 'errorRateLimited',
  'invalid-domain': 'errorInvalidDomain',
  network: 'errorNetwork',
  server: 'errorServer',
  'not-mastodon': 'errorNotMastodon',
  denied: 'errorDenied',
  'invalid-input': 'errorInvalidInput',
  'not-signed-in': 'errorNotSignedIn',
  'permission-missing': 'errorPermissionMissing',
  'not-found': 'errorNotFound',
  busy: 'errorBusy',
  'list-error': 'errorListError',
  'not-implemented': 'errorNotImplemented',
};

interface ErrorNoticeProps {
  error: HedgeError;
  /** Errors stay until the person dismisses them. */
  onDismiss: () => void;
}

/**
 * A failure in words: a headline for its kind in the UI language, the
 * background's own sentence (which names the instance or domain), and the
 * server's message when there is one. Rendered as text only.
 */
export function ErrorNotice({ error, onDismiss }: ErrorNoticeProps) {
  return (
    <div class="error-notice" role="alert">
      <div class="error-notice__text">
        <strong>{t(HEADLINE_BY_KIND[error.kind])}</strong>
        <p>{error.message}</p>
        {error.serverMessage ? (
          <p class="error-notice__server">
            {t('errorServerSaid')} <q>{error.serverMessage}</q>
          </p>
        ) : null}
      </div>
      <button type="button" class="button button--quiet" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}
