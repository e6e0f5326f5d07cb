import { useState } from 'preact/hooks';
import type { HedgeError, PlanPreview, PresetView } from '../utils/messages';
import type { SendIntent } from '../utils/ui/intents';
import { t, tOptional } from '../utils/i18n';
import { Switch } from './Switch';
import { PlanConfirm } from './PlanConfirm';

export interface PresetListProps {
  presets: PresetView[];
  send: SendIntent;
  /** Whether a run is under way: switches wait until it ends. */
  isRunning: boolean;
  onError: (error: HedgeError) => void;
}

/** The preset's name and one-line explanation in the UI language, or as the preset defines them. */
export function presetText(preset: PresetView): { name: string; explanation: string } {
  // Message names allow only ASCII letters, digits and '_' (developer.chrome.com/docs/extensions/reference/api/i18n).
  const key = preset.id.replaceAll('-', '_');
  return {
    name: tOptional(`preset_${key}_name`) ?? preset.name,
    explanation: tOptional(`preset_${key}_explanation`) ?? preset.explanation,
  };
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
    const { name } = presetText(pending.preset);
    return (
      <PlanConfirm
        plan={pending.plan}
        send={send}
        title={pending.isTurningOn ? t('presetConfirmOn', name) : t('presetConfirmOff', name)}
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
        const { name, explanation } = presetText(preset);
        return (
          <Switch
            key={preset.id}
            id={`preset-${preset.id}`}
            label={name}
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
