/**
 * Presets: one-click sets of domains with well-known facts behind them.
 */

/** Stable ids of the presets; stored in settings, so never renamed. */
export type PresetId = 'threads' | 'bluesky-bridge';

/** A named set of domains to block, with a one-line explanation and where its facts come from. */
export interface Preset {
  id: PresetId;
  name: string;
  /** One line, shown beside the switch. */
  explanation: string;
  /** Lowercase punycode; each is blocked exactly (personal blocks do not cover subdomains). */
  domains: string[];
  /** Where the facts come from. */
  sources: string[];
}

/** Every preset Hedge offers. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'threads',
    name: 'Threads',
    explanation: "Hides Meta's Threads: its accounts appear as @user@threads.net, with threads.com and threads.instagram.com blocked as well.",
    domains: ['threads.net', 'threads.com', 'threads.instagram.com'],
    sources: [
      'Mastodon stores the WebFinger domain of a remote account, and Threads accounts federate as @user@threads.net (Meta Engineering, "Threads has entered the fediverse", https://engineering.fb.com/2024/03/21/networking-traffic/threads-has-entered-the-fediverse/).',
      'Meta moved the Threads website to threads.com in 2025; threads.net and threads.instagram.com remain in use.',
      'Community block files for Threads list threads.net and threads.instagram.com (sally3125/blocklists, blocked_domains_threadsonly.csv).',
    ],
  },
  {
    id: 'bluesky-bridge',
    name: 'Bluesky bridge',
    explanation: 'Hides Bluesky accounts bridged into the fediverse by Bridgy Fed; they appear as @handle@bsky.brid.gy.',
    domains: ['bsky.brid.gy'],
    sources: [
      'Bridgy Fed documentation: Bluesky accounts are followed from the fediverse as @handle@bsky.brid.gy (https://fed.brid.gy/docs).',
    ],
  },
];

/** The preset with this id, or `undefined` for an id from an older or newer version. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
