import type { SendIntent } from '../utils/ui/intents';
import { t } from '../utils/i18n/translate';
import { useIntentData } from '../utils/ui/use-intent-data';
import { ErrorNotice } from './ErrorNotice';
import { LostAccounts } from './LostAccounts';

interface PendingLostAccountsProps {
  /** A scheduled refresh's plan, held for the user's word. */
  planId: string;
  send: SendIntent;
}

/** Whom a refresh held for confirmation would cut, by name, asked of the background when it shows. */
export function PendingLostAccounts({ planId, send }: PendingLostAccountsProps) {
  const lost = useIntentData(send, { type: 'hedge/plan-lost-accounts', planId }, planId);
  if (lost.error) return <ErrorNotice error={lost.error} onDismiss={lost.dismissError} />;
  if (!lost.value) return null;
  return <LostAccounts groups={lost.value.map((group) => ({ ...group, key: group.domain }))} title={t('lostTitle')} />;
}
