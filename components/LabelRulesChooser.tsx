import { useRef, useState } from 'preact/hooks';
import { FEDISEER_GROUPS, LABEL_ACTIONS, isFediseerGroup, type LabelAction, type LabelRules } from '../utils/core/lists/label-rules';
import { t, tCount, type MessageKey } from '../utils/i18n/translate';
import type { SubscriptionView } from '../utils/protocol';
import type { PageState } from '../utils/ui/use-page-state';
import './LabelRulesChooser.css';

const ACTION_LABEL: Readonly<Record<LabelAction, MessageKey>> = {
  block: 'labelActionBlock',
  limit: 'labelActionLimit',
  mark: 'labelActionMark',
  ignore: 'labelActionIgnore',
};

/** Fediseer's reason groups by name, in words (their texts from FEDISEER_GROUPS). */
const GROUP_LABEL: Readonly<Record<string, MessageKey>> = {
  __all_bigots__: 'labelGroupBigots',
  __all_pedos__: 'labelGroupPedos',
};

interface LabelRulesChooserProps {
  subscription: SubscriptionView;
  act: PageState['act'];
}

/**
 * "Choose by labels" on a subscription's card: one select per label (and per Fediseer group that
 * covers some of them) with how many entries carry it, and one for the entries whose labels have
 * no choice. Each change sends the whole table; nothing is rebuilt until the next preview.
 */
export function LabelRulesChooser({ subscription, act }: LabelRulesChooserProps) {
  const idBase = `subscription-${subscription.id}-labels`;
  const stored = subscription.labelRules ?? { byLabel: [] };
  // The table last sent, until the state shows it stored: each change sends the whole table, so a
  // second change made before the first comes back builds on the first instead of undoing it.
  const sent = useRef<LabelRules | null>(null);
  if (sent.current !== null && isSameRules(sent.current, stored)) sent.current = null;
  const rules = sent.current ?? stored;
  const chosen = new Map(rules.byLabel);
  // Open at first when the list has choices; the user's own toggling stays as it is after.
  const [isOpen] = useState(subscription.labelRules !== null);

  async function send(next: LabelRules): Promise<void> {
    const isEmpty = next.byLabel.length === 0 && next.otherwise === undefined;
    sent.current = isEmpty ? { byLabel: [] } : next;
    await act({ type: 'hedge/subscription-update', subscriptionId: subscription.id, labelRules: isEmpty ? null : next });
  }
  // Read at the change, not at the last render: two changes may come before the page draws again.
  function choose(label: string, value: string): void {
    const latest = sent.current ?? stored;
    const byLabel = new Map(latest.byLabel);
    if (value === '') byLabel.delete(label);
    else byLabel.set(label, value as LabelAction);
    void send({ byLabel: [...byLabel], ...(latest.otherwise === undefined ? {} : { otherwise: latest.otherwise }) });
  }
  function chooseOtherwise(value: string): void {
    const latest = sent.current ?? stored;
    void send({ byLabel: latest.byLabel, ...(value === '' ? {} : { otherwise: value as LabelAction }) });
  }

  return (
    <details class="label-rules" open={isOpen}>
      <summary>{t('labelRulesSummary')}</summary>
      <p id={`${idBase}-help`} class="muted">
        {t('labelRulesHelp')}
      </p>
      <ul class="label-rules__list stack">
        {subscription.labelCounts.map(([label, count], index) => (
          <li key={label} class="row">
            <label for={`${idBase}-${index}`}>
              <span class="labels">{nameOf(label)}</span>
              {count === null ? null : <span class="muted"> · {tCount('countEntries', count)}</span>}
            </label>
            <select id={`${idBase}-${index}`} value={chosen.get(label) ?? ''} onChange={(event) => choose(label, (event.target as HTMLSelectElement).value)}>
              <option value="">{t('labelRuleUnset')}</option>
              <ActionOptions />
            </select>
          </li>
        ))}
        <li class="row">
          <label for={`${idBase}-otherwise`}>{t('labelRulesOtherwise')}</label>
          <select id={`${idBase}-otherwise`} value={rules.otherwise ?? ''} onChange={(event) => chooseOtherwise((event.target as HTMLSelectElement).value)}>
            <option value="">{t('labelRuleAsListed')}</option>
            <ActionOptions />
          </select>
        </li>
      </ul>
    </details>
  );
}

function ActionOptions() {
  return (
    <>
      {LABEL_ACTIONS.map((action) => (
        <option key={action} value={action}>
          {t(ACTION_LABEL[action])}
        </option>
      ))}
    </>
  );
}

/** A label as the user reads it: a Fediseer group in words with the reasons it covers, any other as it is. */
function nameOf(label: string): string {
  const key = GROUP_LABEL[label];
  return isFediseerGroup(label) && key !== undefined ? t(key, FEDISEER_GROUPS[label]!.join(', ')) : label;
}

/** Whether two tables of choices say the same (the stored one is sorted by label). */
function isSameRules(a: LabelRules, b: LabelRules): boolean {
  const text = (rules: LabelRules): string => JSON.stringify([[...rules.byLabel].sort(([x], [y]) => x.localeCompare(y)), rules.otherwise ?? null]);
  return text(a) === text(b);
}
