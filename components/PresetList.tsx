import { useState } from 'preact/hooks';
import type { HedgeError, PlanPreview, PresetView } from '../utils/protocol';
import type { SendIntent } from '../utils/ui/intents';
import { t } from '../utils/i18n/translate';
import { presetExplanation, presetSwitchLabel } from '../utils/ui/source-names';
import { Switch } from './Switch';
import { PlanConfirm } from './PlanConfirm';

interface PresetListProps {
  presets: PresetView[];
  send: SendIntent;
  /** Whether a run is under way: switches wait until it ends. */
  isRunning: boolean;
  onError: (error: HedgeError) => void;
}

/** The preset's switch label ("Block Threads") and one-line explanation in the UI language, or as the preset defines them. */
function presetText(preset: PresetView): { switchLabel: string; explanation: string } {
  return { switchLabel: presetSwitchLabel(preset.id, preset.name), explanation: presetExplanation(preset.id, preset.explanation) };
}

/**
 * One switch per preset ("Block Threads" first). Flipping a switch asks the
 * background for the plan and shows what it would do; nothing runs until
 * Confirm. Turning a preset off plans the removal of that preset's blocks only.
 */
export function PresetList({ presets, send, isRunning, onError }: PresetListProps) {
  const [pending, setPending] = useState<{ preset: PresetView; isTurningOn: boolean; plan: PlanPreview } | null>(null);
  const [busyPresetId, setBusyPresetId] = useState<string | null>(null);

  async function toggle(preset: PresetView, isTurningOn: boolean): Promise<void> {
    setBusyPresetId(preset.id);
    const reply = await send({ type: 'hedge/set-preset', presetId: preset.id, enabled: isTurningOn });
    setBusyPresetId(null);
    if (reply.ok) setPending({ preset, isTurningOn, plan: reply.value });
    else onError(reply.error);
  }

  if (pending) {
    // The question names the switch that was flipped: "Turn on “Block Threads”?"
    const { switchLabel } = presetText(pending.preset);
    return (
      <PlanConfirm
        plan={pending.plan}
        send={send}
        title={pending.isTurningOn ? t('presetConfirmOn', switchLabel) : t('presetConfirmOff', switchLabel)}
        onDone={() => setPending(null)}
        onError={onError}
      />
    );
  }

  const ordered = [...presets].sort((a, b) => Number(b.id === 'threads') - Number(a.id === 'threads'));
  return (
    <section class="stack preset-list" aria-labelledby="presets-title">
      <h2 id="presets-title" class="visually-hidden">
        {t('presetsTitle')}
      </h2>
      {ordered.map((preset) => {
        const { switchLabel, explanation } = presetText(preset);
        return (
          <Switch
            key={preset.id}
            id={`preset-${preset.id}`}
            label={switchLabel}
            description={explanation}
            isOn={preset.isEnabled}
            isDisabled={isRunning || busyPresetId !== null}
            onToggle={(next) => void toggle(preset, next)}
          />
        );
      })}
    </section>
  );
}
