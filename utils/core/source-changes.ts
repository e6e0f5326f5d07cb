/**
 * What confirming a plan changes in an account's own sources, kept as the
 * change itself (a preset switched, an entry added or removed) rather than as
 * a copy of the settings. Applied to the settings as they are at the
 * confirmation, it keeps what changed since the preview: an entry typed
 * meanwhile, another preset's plan confirmed first, a plan a scheduled
 * refresh prepared days ago.
 */
import type { PresetId } from './presets.ts';

/** One account's own sources: the presets it switched on and its "always block" / "never block" entries. */
export interface AccountSources {
  presets: PresetId[];
  alwaysBlock: string[];
  neverBlock: string[];
}

/** One change to an account's own sources. */
export type SourceChange =
  | { kind: 'preset'; presetId: PresetId; isEnabled: boolean }
  | { kind: 'entry'; list: 'always-block' | 'never-block'; domain: string; action: 'add' | 'remove' };

const FIELD = { 'always-block': 'alwaysBlock', 'never-block': 'neverBlock' } as const;

/**
 * The changes that turn `before` into `after`: presets switched on or off,
 * entries added to or removed from either list.
 * @param before - the sources a plan starts from.
 * @param after - the sources the plan reaches.
 */
export function diffSources(before: AccountSources, after: AccountSources): SourceChange[] {
  const changes: SourceChange[] = [];
  const presetsBefore = new Set(before.presets);
  const presetsAfter = new Set(after.presets);
  for (const presetId of after.presets) if (!presetsBefore.has(presetId)) changes.push({ kind: 'preset', presetId, isEnabled: true });
  for (const presetId of before.presets) if (!presetsAfter.has(presetId)) changes.push({ kind: 'preset', presetId, isEnabled: false });
  for (const list of ['always-block', 'never-block'] as const) {
    const was = new Set(before[FIELD[list]]);
    const is = new Set(after[FIELD[list]]);
    for (const domain of is) if (!was.has(domain)) changes.push({ kind: 'entry', list, domain, action: 'add' });
    for (const domain of was) if (!is.has(domain)) changes.push({ kind: 'entry', list, domain, action: 'remove' });
  }
  return changes;
}

/**
 * The sources after the changes, in order. As in the options page, a domain
 * added to one list leaves the other: it is either always or never blocked.
 * @param sources - the account's sources now.
 * @param changes - the changes a confirmed plan carries.
 */
export function applySourceChanges(sources: AccountSources, changes: readonly SourceChange[]): AccountSources {
  let next: AccountSources = { presets: [...sources.presets], alwaysBlock: [...sources.alwaysBlock], neverBlock: [...sources.neverBlock] };
  for (const change of changes) {
    if (change.kind === 'preset') {
      const others = next.presets.filter((id) => id !== change.presetId);
      next = { ...next, presets: change.isEnabled ? [...others, change.presetId] : others };
      continue;
    }
    const field = FIELD[change.list];
    const other = field === 'alwaysBlock' ? 'neverBlock' : 'alwaysBlock';
    const without = next[field].filter((domain) => domain !== change.domain);
    next =
      change.action === 'add'
        ? { ...next, [field]: [...without, change.domain], [other]: next[other].filter((domain) => domain !== change.domain) }
        : { ...next, [field]: without };
  }
  return next;
}
