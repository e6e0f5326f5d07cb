import { afterEach, describe, expect, it } from 'vitest';
import { buildVerdictSnapshotReply, type VerdictAccount } from '../../utils/background/verdicts';
import type { VerdictSnapshot } from '../../utils/core/verdict-snapshot';
import { useLocale } from './components/locale';

const ACCOUNT: VerdictAccount = { key: 'https://home.social#1', origin: 'https://home.social', localDomain: 'home.social' };

/** The reasons a Mastodon tab shows in its tooltips, for the user's own entries and own server. */
async function tooltipReasons(): Promise<Record<string, string>> {
  const reply = await buildVerdictSnapshotReply(ACCOUNT.origin, {
    accounts: [ACCOUNT],
    activeKey: ACCOUNT.key,
    loadSources: async () => ({
      presets: [{ id: 'threads' }],
      subscriptions: [],
      manual: { alwaysBlock: ['always.social'], neverBlock: ['never.social'] },
      consensus: null,
    }),
    loadServerState: async () => null,
  });
  if (!reply) throw new Error('no snapshot');
  const { exact } = reply.snapshot as VerdictSnapshot;
  return Object.fromEntries(Object.entries(exact).map(([domain, [, why]]) => [domain, why]));
}

afterEach(() => useLocale('en'));

describe('the web UI tooltips speak the user’s language', () => {
  it.each([
    ['de', 'Deine eigenen Einträge', 'Dein eigener Server'],
    ['fr', 'Vos propres entrées', 'Votre propre serveur'],
    ['en', 'Your own entries', 'Your own server'],
  ] as const)('in %s: own entries and own server by name', async (locale, ownEntries, ownServer) => {
    useLocale(locale);
    const reasons = await tooltipReasons();
    expect(reasons['always.social']).toBe(ownEntries);
    expect(reasons['never.social']).toBe(ownEntries);
    expect(reasons['home.social']).toBe(ownServer);
  });

  it('in German no reason is the English text', async () => {
    useLocale('de');
    const text = Object.values(await tooltipReasons()).join('\n');
    for (const english of ['Your own entries', 'Your own server', 'Always block', 'Never block']) expect(text).not.toContain(english);
  });
});
