import { describe, expect, it } from 'vitest';
import { applySourceChanges, type SourceChange } from '../../utils/core/source-changes';
import type { AccountSources } from '../../utils/core/source-changes';

const NONE: AccountSources = { presets: [], alwaysBlock: [], neverBlock: [], limit: [] };

describe('source changes', () => {
  it.each<[string, AccountSources, AccountSources, SourceChange[]]>([
    ['nothing', NONE, NONE, []],
    ['a preset on', NONE, { ...NONE, presets: ['threads'] }, [{ kind: 'preset', presetId: 'threads', isEnabled: true }]],
    ['a preset off', { ...NONE, presets: ['threads', 'bluesky-bridge'] }, { ...NONE, presets: ['bluesky-bridge'] }, [{ kind: 'preset', presetId: 'threads', isEnabled: false }]],
    [
      'an entry moved from never to always',
      { ...NONE, neverBlock: ['bad.example.social'] },
      { ...NONE, alwaysBlock: ['bad.example.social'] },
      [
        { kind: 'entry', list: 'always-block', domain: 'bad.example.social', action: 'add' },
        { kind: 'entry', list: 'never-block', domain: 'bad.example.social', action: 'remove' },
      ],
    ],
  ])('%s: the changes, applied to the sources before, give the sources after', (_name, before, after, changes) => {
    expect(applySourceChanges(before, changes)).toEqual(after);
  });

  it.each<[string, AccountSources, SourceChange[], AccountSources]>([
    [
      'a preset switched on keeps a preset and entries added since the preview',
      { presets: ['bluesky-bridge'], alwaysBlock: ['typed.example.net'], neverBlock: ['friend.example.org'], limit: [] },
      [{ kind: 'preset', presetId: 'threads', isEnabled: true }],
      { presets: ['bluesky-bridge', 'threads'], alwaysBlock: ['typed.example.net'], neverBlock: ['friend.example.org'], limit: [] },
    ],
    [
      'a confirmed plan keeps the user\'s own limits as they are',
      { ...NONE, limit: ['noisy.example.social'] },
      [{ kind: 'entry', list: 'always-block', domain: 'noisy.example.social', action: 'add' }],
      { ...NONE, alwaysBlock: ['noisy.example.social'], limit: ['noisy.example.social'] },
    ],
    [
      'an always-block entry leaves the never-block list',
      { ...NONE, neverBlock: ['bad.example.social', 'friend.example.org'] },
      [{ kind: 'entry', list: 'always-block', domain: 'bad.example.social', action: 'add' }],
      { ...NONE, alwaysBlock: ['bad.example.social'], neverBlock: ['friend.example.org'] },
    ],
    [
      'adding an entry twice keeps one',
      { ...NONE, alwaysBlock: ['bad.example.social'] },
      [{ kind: 'entry', list: 'always-block', domain: 'bad.example.social', action: 'add' }],
      { ...NONE, alwaysBlock: ['bad.example.social'] },
    ],
    [
      'switching off a preset that is already off changes nothing',
      { ...NONE, presets: ['bluesky-bridge'] },
      [{ kind: 'preset', presetId: 'threads', isEnabled: false }],
      { ...NONE, presets: ['bluesky-bridge'] },
    ],
  ])('%s', (_name, current, changes, expected) => {
    expect(applySourceChanges(current, changes)).toEqual(expected);
  });
});
