import { useEffect, useState } from 'preact/hooks';
import type { ConsensusSetting } from '../utils/protocol';
import { t, tCount } from '../utils/i18n/translate';
import type { PageState } from '../utils/ui/use-page-state';

interface AllListsSettingsProps {
  consensus: ConsensusSetting;
  /** Hours between scheduled refreshes of the subscribed lists. */
  refreshHours: number;
  act: PageState['act'];
  /** Told the threshold as the user chooses it, before it is saved (the overlap chart follows it). */
  onThresholdInput?: (consensus: ConsensusSetting) => void;
}

/** Options › Lists › All lists: the consensus threshold and how often the lists are fetched again. */
export function AllListsSettings({ consensus, refreshHours, act, onThresholdInput }: AllListsSettingsProps) {
  return (
    <>
      <ConsensusForm consensus={consensus} act={act} onThresholdInput={onThresholdInput} />
      <RefreshIntervalForm hours={refreshHours} act={act} />
    </>
  );
}

interface ConsensusFormProps {
  consensus: ConsensusSetting;
  act: PageState['act'];
  onThresholdInput?: ((consensus: ConsensusSetting) => void) | undefined;
}

function ConsensusForm({ consensus, act, onThresholdInput }: ConsensusFormProps) {
  const [kind, setKind] = useState<'off' | 'count' | 'percent'>(consensus?.kind ?? 'off');
  const [min, setMin] = useState(consensus?.min ?? 2);
  const [saved, setSaved] = useState(false);
  useEffect(() => onThresholdInput?.(kind === 'off' ? null : { kind, min }), [kind, min, onThresholdInput]);
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const value: ConsensusSetting = kind === 'off' ? null : { kind, min };
    const reply = await act({ type: 'hedge/set-consensus', consensus: value });
    if (reply.ok) setSaved(true);
  }
  return (
    <form class="stack card" onSubmit={(event) => void submit(event)}>
      <fieldset class="stack" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend>
          <strong>{t('consensusTitle')}</strong>
        </legend>
        <p class="muted no-margin">
          {t('consensusHint')}
        </p>
        <div class="row">
          <label for="consensus-kind">{t('consensusKindLabel')}</label>
          <select id="consensus-kind" value={kind} onChange={(event) => { setKind((event.target as HTMLSelectElement).value as typeof kind); setSaved(false); }}>
            <option value="off">{t('consensusOff')}</option>
            <option value="count">{t('consensusCount')}</option>
            <option value="percent">{t('consensusPercent')}</option>
          </select>
          {kind === 'off' ? null : (
            <>
              <label for="consensus-min">{kind === 'count' ? t('consensusMinLists') : t('consensusMinPercent')}</label>
              <input
                id="consensus-min"
                type="number"
                min={1}
                max={kind === 'percent' ? 100 : 99}
                value={min}
                style={{ inlineSize: '5rem' }}
                onInput={(event) => { setMin(Number((event.target as HTMLInputElement).value)); setSaved(false); }}
              />
            </>
          )}
          <button type="submit" class="button button--small">
            {t('save')}
          </button>
          {saved ? <span role="status">{t('saved')}</span> : null}
        </div>
      </fieldset>
    </form>
  );
}

function RefreshIntervalForm({ hours, act }: { hours: number; act: PageState['act'] }) {
  async function change(event: Event): Promise<void> {
    await act({ type: 'hedge/set-refresh-interval', hours: Number((event.target as HTMLSelectElement).value) });
  }
  const choices = [6, 12, 24, 48, 168];
  return (
    <div class="row card">
      <label for="refresh-interval">{t('refreshIntervalLabel')}</label>
      <select id="refresh-interval" value={String(hours)} onChange={(event) => void change(event)}>
        {(choices.includes(hours) ? choices : [...choices, hours].sort((a, b) => a - b)).map((value) => (
          <option key={value} value={String(value)}>
            {tCount('everyHours', value)}
          </option>
        ))}
      </select>
    </div>
  );
}
