/**
 * Source names in the user's language, for the pages and for the verdicts the
 * background sends to Mastodon tabs: presets from the locale files
 * (`preset_<id>_name`), the user's own entries and server by message.
 */
import { OWN_LIMIT_SOURCE_ID } from '../core/desired-state';
import type { Provenance, SourceRef } from '../core/model';
import { t, tOptional } from './translate';

/** Message names allow only ASCII letters, digits and '_' (developer.chrome.com/docs/extensions/reference/api/i18n). */
export function presetKey(id: string): string {
  return id.replaceAll('-', '_');
}

/** A preset's name as the source of its blocks: "Threads". */
export function presetName(id: string, fallback: string): string {
  return tOptional(`preset_${presetKey(id)}_name`) ?? fallback;
}

/**
 * A source's own name in the user's language, as the web UI's tooltips list
 * them: "Threads", "Garden Fence", "Your own entries", "Your own limit", "Your own server".
 */
export function sourceName(source: SourceRef): string {
  switch (source.kind) {
    case 'preset':
      return presetName(source.id, source.name);
    case 'subscription':
      return source.name;
    case 'manual':
      if (source.id === 'own-instance') return t('sourceOwnServer');
      return source.id === OWN_LIMIT_SOURCE_ID ? t('sourceOwnLimit') : t('sourceOwnEntries');
  }
}


/**
 * What a source says about a domain, in the user's language: the user's own
 * entries by which list they are in (an "always block" entry suspends, a
 * "never block" one does not), a preset by its translated explanation, a
 * subscribed list in its own words. The pure core gives these no English words
 * (utils/core/desired-state.ts).
 */
export function provenanceComment(item: Provenance): string | undefined {
  switch (item.source.kind) {
    case 'manual':
      if (item.source.id === 'own-instance') return undefined;
      return item.severity === 'suspend' ? t('alwaysBlock') : t('neverBlock');
    case 'preset':
      return tOptional(`preset_${presetKey(item.source.id)}_explanation`) ?? item.comment;
    case 'subscription':
      return item.comment;
  }
}
