import type { HedgeError, HedgeState, SubdomainOfferView } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t, uiLanguage } from '../utils/i18n/translate';
import { formatNumber } from '../utils/ui/format';
import { useIntentData } from '../utils/ui/use-intent-data';
import { usePageState } from '../utils/ui/use-page-state';
import { DataTable, type DataTableColumn } from './DataTable';
import { DomainName } from './DomainName';
import { ErrorNotice } from './ErrorNotice';
import { PlanConfirm } from './PlanConfirm';

interface SubdomainOffersProps {
  state: HedgeState;
  send: SendIntent;
  onError: (error: HedgeError) => void;
}

/**
 * Options › Blocks: subdomains of the user's blocks among their follows and followers and seen in
 * Mastodon's web UI, which a personal block does not cover, each with where it was found, and
 * "Block these too": one plan, shown with its impact and the names it cuts before anything runs.
 * Nothing shows when there are none.
 */
export function SubdomainOffers({ state, send, onError }: SubdomainOffersProps) {
  const offers = useIntentData(send, { type: 'hedge/subdomain-offers' }, state.builtAt);
  const page = usePageState(send, onError);
  const language = uiLanguage();

  if (page.plan) {
    const done = () => {
      page.closePlan();
      offers.reload();
    };
    return <PlanConfirm plan={page.plan} send={send} title={t('subdomainsPlanTitle')} onDone={done} onError={onError} />;
  }
  if (offers.error) return <ErrorNotice error={offers.error} onDismiss={offers.dismissError} />;
  const rows = offers.value ?? [];
  if (rows.length === 0) return null;

  const columns: Array<DataTableColumn<SubdomainOfferView>> = [
    { key: 'domain', header: t('columnDomain'), cell: (row) => <DomainName domain={row.domain} /> },
    { key: 'parent', header: t('columnBlockedParent'), cell: (row) => <DomainName domain={row.parent} /> },
    { key: 'following', header: t('columnFollowing'), cell: (row) => formatNumber(row.followingCount, language) },
    { key: 'followers', header: t('columnFollowers'), cell: (row) => formatNumber(row.followersCount, language) },
    { key: 'found', header: t('columnFoundAmong'), cell: foundAmong },
  ];
  return (
    <section class="card stack" aria-labelledby="subdomains-title">
      <h2 id="subdomains-title">{t('subdomainsTitle')}</h2>
      <p class="muted no-margin">{t('subdomainsHint')}</p>
      {rows.some((row) => row.isSeen) ? <p class="muted no-margin">{t('subdomainsSeenHint')}</p> : null}
      <DataTable caption={t('subdomainsCaption')} columns={columns} rows={rows} rowKey={(row) => row.domain} />
      <div class="row">
        <button
          type="button"
          class="button"
          disabled={page.isAskingPlan}
          onClick={() => void page.askPlan({ type: 'hedge/block-subdomains', domains: rows.map((row) => row.domain) })}
        >
          {t('subdomainsBlockAll')}
        </button>
      </div>
    </section>
  );
}

/** Where a subdomain was found, in words: among follows and followers, seen in the web UI, or both. */
function foundAmong(row: SubdomainOfferView): string {
  const places = [
    ...(row.followingCount + row.followersCount > 0 ? [t('subdomainsFoundFollows')] : []),
    ...(row.isSeen ? [t('subdomainsFoundSeen')] : []),
  ];
  return places.join(' · ');
}
