/**
 * States and plans as the background sends them (utils/protocol/state.ts, plans.ts), for the
 * component tests, and a stand-in for `sendIntent` that records every intent
 * and answers from a table.
 */
import type { AccountView, HedgeState, IntentType, PlanPreview, Reply, ReplyValue } from '../../../utils/protocol';
import type { SendIntent } from '../../../utils/ui/intents';

export const ALICE: AccountView = {
  key: 'https://mastodon.social#109302',
  origin: 'https://mastodon.social',
  accountId: '109302',
  acct: 'alice',
  handle: '@alice@mastodon.social',
  displayName: 'Alice',
  avatarUrl: 'https://files.mastodon.social/avatars/alice.png',
  serverVersion: '4.3.2',
  status: 'active',
  signedInAt: Date.UTC(2026, 6, 1),
};

export const ALICE_ON_FOSSTODON: AccountView = {
  ...ALICE,
  key: 'https://fosstodon.org#42',
  origin: 'https://fosstodon.org',
  accountId: '42',
  handle: '@alice@fosstodon.org',
};

export const NOW = Date.UTC(2026, 6, 5, 12, 0);

export const SIGNED_OUT_STATE: HedgeState = {
  accounts: [],
  activeAccountKey: null,
  presets: [],
  subscriptions: [],
  consensus: null,
  counts: { blockedByHedge: 0, limited: 0, listed: 0, personalBlocks: 0 },
  refresh: { lastAt: null, nextAt: null, intervalHours: 24 },
  run: null,
  pendingConfirmations: [],
  lastError: null,
  builtAt: NOW,
};

export const SIGNED_IN_STATE: HedgeState = {
  ...SIGNED_OUT_STATE,
  accounts: [ALICE],
  activeAccountKey: ALICE.key,
  presets: [
    {
      id: 'threads',
      // As utils/core/presets.ts names it: the source's name; the switch's label comes from the locale files.
      name: 'Threads',
      explanation: 'Blocks threads.net, threads.com and threads.instagram.com.',
      domains: ['threads.net', 'threads.com', 'threads.instagram.com'],
      isEnabled: false,
    },
    {
      id: 'bluesky-bridge',
      name: 'Bluesky bridge',
      explanation: 'Hides Bluesky accounts bridged into the fediverse by Bridgy Fed.',
      domains: ['bsky.brid.gy'],
      isEnabled: true,
    },
  ],
  subscriptions: [
    {
      id: 'garden-fence',
      name: 'Garden Fence',
      origin: 'url',
      url: 'https://raw.githubusercontent.com/gardenfence/blocklist/main/gardenfence-mastodon.csv',
      silenceAs: 'limit',
      inConsensus: true,
      isAllowlist: false,
      entryCount: 143,
      skippedCount: 0,
      labels: ['hate-speech', 'alt-right'],
      labelCounts: [['hate-speech', 98], ['alt-right', 41]],
      labelRules: null,
      lastFetch: { at: NOW - 3_600_000, result: 'ok' },
    },
  ],
  counts: { blockedByHedge: 145, limited: 5, listed: 12, personalBlocks: 150 },
  refresh: { lastAt: NOW - 3_600_000, nextAt: NOW + 23 * 3_600_000, intervalHours: 24 },
};

/** The plan of turning "Block Threads" on when the user follows 12 accounts on threads.net. */
export const THREADS_ON_PLAN: PlanPreview = {
  planId: 'plan-threads-on',
  accountKey: ALICE.key,
  createdAt: NOW,
  summary: 'You follow 12 accounts on threads.net.',
  add: [
    {
      domain: 'threads.net',
      change: 'add',
      sources: [{ kind: 'preset', id: 'threads', name: 'Threads' }],
      severity: 'suspend',
      labels: [],
      comments: [],
      impact: { followingCount: 12, followersCount: 3 },
    },
    {
      domain: 'threads.com',
      change: 'add',
      sources: [{ kind: 'preset', id: 'threads', name: 'Threads' }],
      severity: 'suspend',
      labels: [],
      comments: [],
      impact: { followingCount: 0, followersCount: 0 },
    },
  ],
  remove: [],
  unchangedCount: 0,
  conflicts: [],
  operationCount: 2,
  estimatedMs: 2_000,
  importAlternative: null,
};

type Answer = { [K in IntentType]?: (intent: { type: K } & Record<string, unknown>) => Reply<ReplyValue<K>> };

/** A `sendIntent` that answers from `answers` and remembers what it was sent. */
export function recordingSend(answers: Answer): { send: SendIntent; sent: Array<{ type: string } & Record<string, unknown>> } {
  const sent: Array<{ type: string } & Record<string, unknown>> = [];
  const send = (async (intent: { type: IntentType } & Record<string, unknown>) => {
    sent.push(intent);
    const answer = answers[intent.type] as ((intent: unknown) => Reply<unknown>) | undefined;
    if (!answer) return { ok: false, error: { kind: 'not-implemented', message: `No answer for ${intent.type} in this test.` } };
    return answer(intent);
  }) as unknown as SendIntent;
  return { send, sent };
}
