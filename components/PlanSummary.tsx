import type { HedgeError, PlanPreview, PlannedChangeView } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, tCount, uiLanguage } from '../utils/i18n/translate';
import { formatDuration } from '../utils/ui/format';
import { displayDomain } from '../utils/ui/domain-display';
import { listFormat } from '../utils/i18n/intl-formats';
import { lostGroupsOfChanges } from '../utils/ui/lost-groups';
import { ImportAlternative } from './ImportAlternative';
import { LostAccounts } from './LostAccounts';

/** How many domains a sentence names before "and N more". */
const NAMED_DOMAINS_MAX = 4;

interface PlanSummaryProps {
  plan: PlanPreview;
  /** With `send` and `onError`, a long plan offers Mastodon's import with its file; without, only says so. */
  send?: SendIntent;
  onError?: (error: HedgeError) => void;
}

/**
 * What a plan will do, in sentences, before anything runs: which domains it
 * blocks and unblocks, whose follows that cuts (Mastodon removes follows both
 * ways when a domain is blocked: app/services/after_block_domain_from_account_service.rb),
 * and how long the run takes at the server's rate limit.
 */
export function PlanSummary({ plan, send, onError }: PlanSummaryProps) {
  const language = uiLanguage();
  const sentences: string[] = [];
  if (plan.add.length > 0) {
    sentences.push(tCount('planBlocks', plan.add.length, nameDomains(plan.add, language)));
    sentences.push(...impactSentences(plan.add, language));
  }
  // A removal without a source is a block the person made themselves, planned because they asked
  // (Options › Blocks › Unblock: utils/background/change-previews.ts previewUnblock). Hedge saved no
  // follows for it, and Mastodon does not restore the follows a domain block removed.
  const hedgeRemovals = plan.remove.filter((change) => change.sources.length > 0);
  const yourRemovals = plan.remove.filter((change) => change.sources.length === 0);
  if (hedgeRemovals.length > 0) sentences.push(tCount('planUnblocks', hedgeRemovals.length, nameDomains(hedgeRemovals, language)));
  if (yourRemovals.length > 0) sentences.push(tCount('planUnblocksYours', yourRemovals.length, nameDomains(yourRemovals, language)));
  if (plan.add.length === 0 && plan.remove.length === 0) sentences.push(t('planNothing'));
  return (
    <div class="plan-summary stack">
      {sentences.map((sentence) => (
        <p key={sentence} class="no-margin">
          {sentence}
        </p>
      ))}
      <LostAccounts groups={lostGroupsOfChanges(plan.add)} title={t('lostTitle')} />
      {plan.conflicts.length > 0 ? (
        <div>
          <p class="no-margin">{tCount('planConflicts', plan.conflicts.length)}</p>
          <ul>
            {plan.conflicts.map((conflict) => (
              <li key={conflict.domain}>{conflict.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {plan.operationCount > 0 ? (
        <p class="muted no-margin">
          {t('planDuration', formatDuration(plan.estimatedMs, language))}
        </p>
      ) : null}
      {plan.importAlternative && send && onError ? <ImportAlternative plan={plan} send={send} onError={onError} /> : null}
      {plan.importAlternative && !(send && onError) ? (
        <p class="muted no-margin">
          {tCount('planImportAlternative', plan.importAlternative.domainCount)}
        </p>
      ) : null}
    </div>
  );
}

function nameDomains(changes: PlannedChangeView[], language: string): string {
  const names = changes.slice(0, NAMED_DOMAINS_MAX).map((change) => shortName(change.domain));
  const rest = changes.length - names.length;
  if (rest > 0) names.push(tCount('andMore', rest));
  return listFormat(language, { type: 'conjunction' }).format(names);
}

function shortName(domain: string): string {
  const shown = displayDomain(domain);
  return shown.isInternational ? `${shown.unicode} (${shown.ascii})` : shown.ascii;
}

function impactSentences(changes: PlannedChangeView[], language: string): string[] {
  const known = changes.filter((change) => change.impact !== null);
  const following = known.filter((change) => (change.impact?.followingCount ?? 0) > 0);
  const followers = known.filter((change) => (change.impact?.followersCount ?? 0) > 0);
  const followingTotal = following.reduce((sum, change) => sum + (change.impact?.followingCount ?? 0), 0);
  const followersTotal = followers.reduce((sum, change) => sum + (change.impact?.followersCount ?? 0), 0);
  const sentences: string[] = [];
  if (followingTotal > 0) sentences.push(tCount('impactFollowing', followingTotal, nameDomains(following, language)));
  if (followersTotal > 0) sentences.push(tCount('impactFollowers', followersTotal, nameDomains(followers, language)));
  if (known.length < changes.length) sentences.push(t('impactUnknown'));
  else if (followingTotal === 0 && followersTotal === 0) sentences.push(t('impactNone'));
  return sentences;
}
