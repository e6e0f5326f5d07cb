import type { ComponentChildren } from 'preact';
import type { CatalogList, CatalogMethod } from '../utils/core/catalog';
import { t, tOptional, uiLanguage, type MessageKey } from '../utils/i18n/translate';
import { formatDate, formatNumber } from '../utils/ui/format';

const METHOD_LABEL: Record<CatalogMethod, MessageKey> = {
  consensus: 'methodConsensus',
  curated: 'methodCurated',
  'consensus-curated': 'methodConsensusCurated',
};

interface CatalogCardProps {
  list: CatalogList;
  isSubscribed: boolean;
  onSubscribe: () => void;
  /** What the card holds below its facts: the FIRES card's dataset chooser, in place of the one Subscribe button, as a FIRES server offers several lists. */
  children?: ComponentChildren;
}

/** A known list in Options › Lists: what it covers, who keeps it, how, its size and date; Subscribe unless it is archived; a FIRES card holds its dataset chooser. */
export function CatalogCard({ list, isSubscribed, onSubscribe, children }: CatalogCardProps) {
  const language = uiLanguage();
  const titleId = `catalog-${list.id}`;
  // Message names allow no '-' (developer.chrome.com/docs/extensions/reference/api/i18n).
  const key = list.id.replaceAll('-', '_');
  return (
    <li class={`card stack catalog__item${list.format === 'fires' ? ' catalog__item--wide' : ''}`} aria-labelledby={titleId}>
      <div class="row row--spread">
        <h3 id={titleId} class="no-margin">
          {tOptional(`catalog_${key}_name`) ?? list.name} {list.isArchived ? <span class="badge">{t('archived')}</span> : null}
        </h3>
        {list.isArchived || list.format === 'fires' ? null : (
          <button type="button" class="button button--small" disabled={isSubscribed} onClick={onSubscribe} aria-describedby={titleId}>
            {isSubscribed ? t('subscribed') : t('subscribe')}
          </button>
        )}
      </div>
      <p class="no-margin">{tOptional(`catalog_${key}_covers`) ?? list.covers}</p>
      <dl class="facts">
        <dt>{t('catalogMaintainer')}</dt>
        <dd>{tOptional(`catalog_${key}_maintainer`) ?? list.maintainer}</dd>
        <dt>{t('catalogMethod')}</dt>
        <dd>{t(METHOD_LABEL[list.method])}</dd>
        <dt>{t('catalogSize')}</dt>
        <dd>{list.size === null ? t('catalogSizeVaries') : formatNumber(list.size, language)}</dd>
        <dt>{t('catalogUpdated')}</dt>
        <dd>{list.updatedOn ? formatDate(Date.parse(list.updatedOn), language) : '—'}</dd>
        <dt>{t('catalogUrl')}</dt>
        <dd>
          <a href={list.homepage} target="_blank" rel="noreferrer noopener">
            {list.url}
          </a>
        </dd>
      </dl>
      {list.isArchived && list.archivedOn ? <p class="muted no-margin">{t('archivedOn', formatDate(Date.parse(list.archivedOn), language))}</p> : null}
      {children}
    </li>
  );
}
