import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { createContentLookup } from '../../utils/dom/content-lookup';
import { accountForOrigin, buildVerdictSnapshotReply, type VerdictAccount, type VerdictInputs } from '../../utils/background/verdicts';

const SOCIAL: VerdictAccount = { key: 'https://social.example#1', origin: 'https://social.example', localDomain: 'social.example' };
const SOCIAL_ALT: VerdictAccount = { key: 'https://social.example#7', origin: 'https://social.example', localDomain: 'social.example' };
const OTHER: VerdictAccount = { key: 'https://other.example#3', origin: 'https://other.example', localDomain: 'other.example' };
const LIST_REF = { kind: 'subscription' as const, id: 'garden', name: 'Garden Fence' };

function inputs(overrides: Partial<VerdictInputs> = {}): VerdictInputs {
  return {
    accounts: [SOCIAL, SOCIAL_ALT, OTHER],
    activeKey: SOCIAL_ALT.key,
    loadSources: async (account) => ({
      presets: account === OTHER ? [] : [{ id: 'threads' }],
      subscriptions: [
        {
          ref: LIST_REF,
          entries: [
            { domain: 'sub.example.org', severity: 'silence', labels: ['bots', 'twitter'], isAdvisory: false, publicComment: 'spam bots' },
            { domain: 'social.example', severity: 'suspend', labels: [], isAdvisory: false },
          ],
          silenceAs: 'limit',
          inConsensus: false,
        },
      ],
      manual: { alwaysBlock: ['noisy.social'], neverBlock: [] },
      consensus: null,
    }),
    loadServerState: async () => ({
      personalBlocks: ['blocked-by-hand.example'],
      serverBlocks: [{ domain: 'hid***.example', digest: createHash('sha256').update('hidden.example').digest('hex'), severity: 'suspend', comment: 'harassment' }],
    }),
    ...overrides,
  } as VerdictInputs;
}

describe('accountForOrigin', () => {
  it('prefers the active account on the tab’s origin, else the first there, else none', () => {
    expect(accountForOrigin([SOCIAL, SOCIAL_ALT, OTHER], SOCIAL_ALT.key, 'https://social.example')).toBe(SOCIAL_ALT);
    expect(accountForOrigin([SOCIAL, SOCIAL_ALT, OTHER], OTHER.key, 'https://social.example')).toBe(SOCIAL);
    expect(accountForOrigin([SOCIAL, OTHER], SOCIAL.key, 'https://evil.example')).toBeNull();
    expect(accountForOrigin([SOCIAL], SOCIAL.key, undefined)).toBeNull();
  });
});

describe('buildVerdictSnapshotReply', () => {
  it('answers null where Hedge is not signed in', async () => {
    await expect(buildVerdictSnapshotReply('https://evil.example', inputs())).resolves.toBeNull();
  });

  it('gives the content script every verdict it marks, with the lists’ names and labels', async () => {
    const reply = await buildVerdictSnapshotReply('https://social.example', inputs());
    expect(reply?.origin).toBe('https://social.example');
    const lookup = createContentLookup(reply?.snapshot as VerdictSnapshot);
    await lookup.prepare(['threads.net', 'sub.example.org', 'blocked-by-hand.example', 'www.noisy.social', 'x.hidden.example', 'social.example']);
    expect(lookup.lookup('threads.net').kind).toBe('blocked');
    expect(lookup.lookup('sub.example.org')).toMatchObject({ kind: 'limited', why: expect.stringContaining('Garden Fence') });
    expect(lookup.lookup('sub.example.org').why).toContain('bots');
    expect(lookup.lookup('blocked-by-hand.example').kind).toBe('blocked');
    expect(lookup.lookup('www.noisy.social').kind).toBe('parent-blocked');
    expect(lookup.lookup('x.hidden.example')).toMatchObject({ kind: 'server-suspended', serverComment: 'harassment' });
    expect(lookup.lookup('social.example').kind).not.toBe('blocked');
  });

  it('carries nothing but domains, codes, reasons and the server’s blocks', async () => {
    const reply = await buildVerdictSnapshotReply('https://social.example', inputs());
    expect(Object.keys(reply ?? {}).sort()).toEqual(['origin', 'snapshot']);
    expect(Object.keys((reply?.snapshot ?? {}) as object).sort()).toEqual(['exact', 'server', 'serverDigests', 'version']);
    expect(JSON.stringify(reply)).not.toContain('spam bots');
  });
});
