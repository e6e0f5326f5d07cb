import { t } from '../utils/i18n/translate';
import { formatDateTime } from '../utils/ui/format';

interface EntryUntilProps {
  /** When the entry stops counting, epoch ms; undefined: kept until removed, and nothing is shown. */
  at: number | undefined;
  language: string;
}

/** "until 12 Dec 2026, 14:03" beside an "always block" entry or own limit kept for a chosen time. */
export function EntryUntil({ at, language }: EntryUntilProps) {
  if (at === undefined) return null;
  return <span class="muted">{t('entryUntil', formatDateTime(at, language))}</span>;
}
