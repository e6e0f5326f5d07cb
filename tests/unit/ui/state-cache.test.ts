// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { readCachedState, writeCachedState } from '../../../utils/ui/state-cache';
import { SIGNED_IN_STATE } from '../components/fixtures';

describe('the popup’s cached state', () => {
  beforeEach(() => window.localStorage.clear());

  it('gives back the last state written, so the popup paints at once', () => {
    expect(readCachedState(window.localStorage)).toBeNull();
    writeCachedState(window.localStorage, SIGNED_IN_STATE);
    expect(readCachedState(window.localStorage)).toEqual(SIGNED_IN_STATE);
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['an older format', JSON.stringify({ version: 0, state: SIGNED_IN_STATE })],
    ['no state', JSON.stringify({ version: 1 })],
  ])('ignores %s', (_case, text) => {
    window.localStorage.setItem('hedge:last-state', text);
    expect(readCachedState(window.localStorage)).toBeNull();
  });
});
