import { useState } from 'preact/hooks';
import type { ConsensusSetting, FiresServerView, HedgeError, HedgeState, Reply, SubscriptionSource } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { CATALOG } from '../utils/core/catalog';
import { t, tCount } from '../utils/i18n/translate';
import { requestListPermission } from '../utils/permissions/list-permission';
import { usePageState } from '../utils/ui/use-page-state';
import { AddListForms } from './AddListForms';
import { AllListsSettings } from './AllListsSettings';
import { CatalogCard } from './CatalogCard';
import { FediseerForm } from './FediseerForm';
import { FiresChooser } from './FiresChooser';
import { ListsOverlap } from './ListsOverlap';
import { PlanConfirm } from './PlanConfirm';
import { SubscribeOffer } from './SubscribeOffer';
import { SubscriptionCard } from './SubscriptionCard';

interface ListsSectionProps {
  state: HedgeState;
  send: SendIntent;
  onError: (error: HedgeError) => void;
  /** The address of a list a Mastodon post shared ("Subscribe with Hedge"), to ask about first; null when none. */
  offeredList?: string | null;
  onOfferClosed?: () => void;
}

/** Options › Lists: the catalog, adding a list (URL, file, FIRES), each subscription's settings and report, the consensus threshold. */
export function ListsSection({ state, send, onError, offeredList = null, onOfferClosed }: ListsSectionProps) {
  const page = usePageState(send, onError);
  const [notice, setNotice] = useState<string | null>(null);
  const [threshold, setThreshold] = useState<ConsensusSetting>(state.consensus);
  const subscribedUrls = new Set(state.subscriptions.map((subscription) => subscription.url));

  async function add(source: SubscriptionSource): Promise<boolean> {
    // Host access to the list's server lets the background read it whatever its CORS headers; it must be
    // asked for within the click, before any await. Refused or unavailable, the background still tries and explains.
    if (source.kind !== 'file') await askListPermission(permissionAddress(source));
    const reply = await page.act({ type: 'hedge/subscription-add', source });
    if (!reply.ok) return false;
    setNotice(tCount('listAdded', reply.value.entryCount, reply.value.name));
    return true;
  }

  async function browseFires(serverUrl: string): Promise<Reply<FiresServerView>> {
    // Reading the server needs the same host access as subscribing to one of its datasets: asked for in this click.
    await askListPermission(serverUrl);
    return send({ type: 'hedge/fires-datasets', serverUrl });
  }

  return (
    <div class="stack">
      {notice ? (
        <p role="status" class="card">
          {notice}
        </p>
      ) : null}
      {offeredList !== null ? <SubscribeOffer address={offeredList} onSubscribe={add} onClose={() => onOfferClosed?.()} /> : null}
      {page.plan ? <PlanConfirm plan={page.plan} send={send} title={t('unsubscribeTitle')} onDone={page.closePlan} onError={onError} /> : null}

      <section class="stack" aria-labelledby="subscriptions-title">
        <h2 id="subscriptions-title">{t('subscriptionsTitle')}</h2>
        {state.subscriptions.length === 0 ? <p class="muted">{t('subscriptionsEmpty')}</p> : null}
        {state.subscriptions.map((subscription) => (
          <SubscriptionCard
            key={subscription.id}
            subscription={subscription}
            act={page.act}
            onUnsubscribe={() => void page.askPlan({ type: 'hedge/subscription-remove', subscriptionId: subscription.id })}
          />
        ))}
      </section>

      <section class="stack" aria-labelledby="catalog-title">
        <h2 id="catalog-title">{t('catalogTitle')}</h2>
        <ul class="catalog">
          {CATALOG.map((list) => (
            <CatalogCard key={list.id} list={list} isSubscribed={subscribedUrls.has(list.url)} onSubscribe={() => void add({ kind: 'url', url: list.url })}>
              {list.format === 'fires' ? (
                <FiresChooser
                  browse={browseFires}
                  onSubscribe={(serverUrl, datasetId) => add({ kind: 'fires', serverUrl, datasetId })}
                  subscribedIds={subscribedUrls}
                />
              ) : null}
            </CatalogCard>
          ))}
        </ul>
      </section>

      <section class="stack" aria-labelledby="add-list-title">
        <h2 id="add-list-title">{t('addListTitle')}</h2>
        <AddListForms onAdd={add} />
        <FediseerForm onAdd={add} act={page.act} />
      </section>

      <section class="stack" aria-labelledby="all-lists-title">
        <h2 id="all-lists-title">{t('allListsTitle')}</h2>
        <AllListsSettings consensus={state.consensus} refreshHours={state.refresh.intervalHours} act={page.act} onThresholdInput={setThreshold} />
        {/* One list has nothing to overlap with, and its threshold is 1 of 1: the chart starts at two. */}
        {state.subscriptions.filter((subscription) => !subscription.isAllowlist).length >= 2 ? (
          <ListsOverlap send={send} version={overlapVersion(state)} threshold={threshold} />
        ) : null}
      </section>
    </div>
  );
}

/**
 * What the lists' overlap is counted from, as the state shows it: it is read again when a list, a
 * preset, an own entry or the domains due from a list change (a list's domains the user removed when
 * asked leave it), not on every state the background sends (a run's progress).
 */
function overlapVersion(state: HedgeState): string {
  return JSON.stringify([
    state.activeAccountKey,
    state.subscriptions,
    state.presets.map((preset) => preset.isEnabled),
    state.manualEntries,
    state.ownLimits,
    state.dueFromLists ?? [],
  ]);
}

/** The address whose server a source is read from. */
function permissionAddress(source: Exclude<SubscriptionSource, { kind: 'file' }>): string {
  if (source.kind === 'url') return source.url;
  return source.kind === 'fires' ? source.serverUrl : source.baseUrl;
}

/** Asks for host access to a list's server; a refusal or a browser without the prompt is not an error here. */
async function askListPermission(url: string): Promise<void> {
  try {
    await requestListPermission(url);
  } catch (error) {
    console.warn('Hedge: could not ask for access to the list’s server', error);
  }
}
