/**
 * One name per source of blocks, wherever it shows: a preset is "Threads" as a
 * source in Preview and Blocks ("Preset: Threads"), and only its switch in the
 * popup says what turning it on does ("Block Threads"). Names come from the
 * locale files (`preset_<id>_name`, `preset_<id>_switch`) when they have them,
 * else from the preset itself (utils/core/presets.ts).
 */
import type { SourceRef } from '../core/model';
import { t, tOptional } from '../i18n/translate';

/** Message names allow only ASCII letters, digits and '_' (developer.chrome.com/docs/extensions/reference/api/i18n). */
function presetKey(id: string): string {
  return id.replaceAll('-', '_');
}

/** A preset's name as the source of its blocks: "Threads". */
function presetName(id: string, fallback: string): string {
  return tOptional(`preset_${presetKey(id)}_name`) ?? fallback;
}

/** The label of a preset's switch, the action it takes: "Block Threads". */
export function presetSwitchLabel(id: string, fallback: string): string {
  return tOptional(`preset_${presetKey(id)}_switch`) ?? presetName(id, fallback);
}

/** A preset's one-line explanation. */
export function presetExplanation(id: string, fallback: string): string {
  return tOptional(`preset_${presetKey(id)}_explanation`) ?? fallback;
}

/** Where a wish comes from, in words: "Preset: Threads", "List: Garden Fence", "You". */
export function sourceLabel(source: SourceRef): string {
  switch (source.kind) {
    case 'preset':
      return t('sourcePreset', presetName(source.id, source.name));
    case 'subscription':
      return t('sourceList', source.name);
    case 'manual':
      return t('sourceYou');
  }
}
