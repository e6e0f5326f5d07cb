// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ContentScriptContext } from '../../utils/dom/content-script-context';

describe('ContentScriptContext (the content script build’s stand-in for WXT’s)', () => {
  it('stops the older copy when a newer copy of the script starts in the page', () => {
    const older = new ContentScriptContext('mastodon');
    expect(older.signal.aborted).toBe(false);
    const newer = new ContentScriptContext('mastodon');
    expect(older.signal.aborted).toBe(true);
    expect(newer.signal.aborted).toBe(false);
    const newest = new ContentScriptContext('mastodon');
    expect(newer.signal.aborted).toBe(true);
    expect(newest.signal.aborted).toBe(false);
  });

  it('leaves other scripts alone', () => {
    const mastodon = new ContentScriptContext('mastodon');
    new ContentScriptContext('other');
    expect(mastodon.signal.aborted).toBe(false);
  });
});
