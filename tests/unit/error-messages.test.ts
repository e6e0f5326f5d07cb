import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { applyRun } from '../../utils/core/apply/engine';
import { toOperationError } from '../../utils/core/apply/failures';
import { ApplyController } from '../../utils/core/apply/options';
import { createRun } from '../../utils/core/apply/create-run';
import type { FailureCode } from '../../utils/core/apply/types';
import type { DomainBlockApi } from '../../utils/core/ports';
import { normalizeDomain, type DomainErrorDetail } from '../../utils/core/domain';
import { FETCH_LIST_DETAILS, fetchListError, notAListError } from '../../utils/core/fetch-errors';
import { discoverFires, FiresError } from '../../utils/core/fires/consumer';
import { parseList } from '../../utils/core/lists/index';
import { ListParseError, MAX_LIST_BYTES, type ListParseDetail, type SkipDetail } from '../../utils/core/lists/types';
import type { DesiredState, Provenance } from '../../utils/core/model';
import { computePlan, type BlockImpact, type ConflictKind, type PlanConflict, type SyncPlan } from '../../utils/core/plan';
import { decideRefresh, type RefreshReasonCode } from '../../utils/core/refresh-policy';
import {
  APPLY_FAILURE_MESSAGES,
  APPLY_FAILURE_QUOTING_MESSAGES,
  CONFLICT_MESSAGES,
  CORE_CODES,
  DOMAIN_ERROR_MESSAGES,
  FETCH_LIST_MESSAGES,
  FIRES_ERROR_MESSAGES,
  LIST_PARSE_MESSAGES,
  REFRESH_REASON_MESSAGES,
  SKIP_DETAIL_MESSAGES,
  applyFailureMessage,
  conflictMessage,
  domainErrorMessage,
  fetchListErrorMessage,
  firesErrorMessage,
  listParseErrorMessage,
  refreshReasonMessage,
  skippedRowMessage,
} from '../../utils/i18n/error-messages';
import { SKIP_REASON_MESSAGES } from '../../utils/i18n/skip-reason-messages';
import { LOCALES, readMessages, useLocale } from './components/locale';
import { FakeClock, MemoryJournal } from './helpers/apply-fakes';

afterEach(() => useLocale('en'));

const TABLES: Array<[string, readonly string[], Readonly<Record<string, string>>]> = [
  ['domain', CORE_CODES.domain, DOMAIN_ERROR_MESSAGES],
  ['list parse', CORE_CODES.listParse, LIST_PARSE_MESSAGES],
  ['FIRES', CORE_CODES.fires, FIRES_ERROR_MESSAGES],
  ['refresh', CORE_CODES.refresh, REFRESH_REASON_MESSAGES],
  ['skip reason', Object.keys(SKIP_REASON_MESSAGES), SKIP_REASON_MESSAGES],
  ['skipped row', CORE_CODES.skipDetail, SKIP_DETAIL_MESSAGES],
  ['conflict', CORE_CODES.conflict, CONFLICT_MESSAGES],
  ['apply failure', CORE_CODES.applyFailure, APPLY_FAILURE_MESSAGES],
  ['apply failure quoting the server', CORE_CODES.applyFailure, APPLY_FAILURE_QUOTING_MESSAGES],
  ['fetch failure', CORE_CODES.fetchList, FETCH_LIST_MESSAGES],
];

describe('core codes', () => {
  it.each(LOCALES)('every code of every table has a message in %s', (locale) => {
    const messages = readMessages(locale);
    // Every code of every table is checked and every missing one named, not only the first.
    const missing = TABLES.flatMap(([name, codes, table]) =>
      codes
        .filter((code) => {
          const key = table[code];
          const forms = key?.endsWith('_other') ? [key, key.replace(/_other$/, '_one')] : [key];
          return forms.some((form) => form === undefined || messages[form] === undefined || messages[form].message.trim() === '');
        })
        .map((code) => `${name}: ${code}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('the English sentence at the edge is the one the core wrote', () => {
  const domains: Array<[DomainErrorDetail, string, boolean]> = [
    ['empty', '   ', false],
    ['unreadable-url', 'https://exa mple.org', false],
    ['not-server-url', 'ftp://example.org/blocklist', false],
    ['obfuscated', 'ap.***.st', false],
    ['ip-address', '192.168.1.1', false],
    ['forbidden-characters', 'exa mple.org', false],
    ['port-or-path', 'example.org:8080', false],
    ['not-domain-or-handle', 'a@b@example.org', false],
    ['bad-characters', 'ｅｘａｍｐｌｅ％.org', false],
    ['too-long', `${'a.'.repeat(130)}org`, false],
    ['empty-label', 'a..org', false],
    ['bad-label', 'a_b.org', false],
    ['hyphen-label', '-a.org', false],
    ['long-label', `${'a'.repeat(64)}.org`, false],
    ['single-label', 'mastodon', false],
    ['canary', '000delete.this.line.if.you.have.read.the.documentation.on.seirdy.one', true],
    ['reserved', 'hedge.example', true],
  ];

  it('covers every domain sentence', () => {
    expect(domains.map(([detail]) => detail).sort()).toEqual([...CORE_CODES.domain].sort());
  });

  it.each(domains)('domain: %s', (detail, input, forList) => {
    const result = normalizeDomain(input, { forList });
    if (!('error' in result)) throw new Error(`${input} was accepted`);
    expect(result.error.detail).toBe(detail);
    expect(domainErrorMessage(result.error)).toBe(result.error.message);
  });

  const lists: Array<[ListParseDetail, () => string | Uint8Array]> = [
    ['empty', () => '\n  \n'],
    ['html', () => '<!doctype html><html><body>Not found</body></html>'],
    ['no-domains', () => 'not a domain\nneither is this\n'],
    ['too-deep', () => `${'['.repeat(70)}${']'.repeat(70)}`],
    ['invalid-json', () => '{ "domain": '],
    ['array-not-blocks', () => '[1, 2, 3]'],
    ['fires-dataset', () => '{"type": "Dataset", "name": "Example"}'],
    ['unknown-json', () => '{"hello": "world"}'],
    ['fediseer-short-form', () => '{"domains": ["spam.example-hedge.social"], "total": 1}'],
    ['fediseer-error', () => '{"message": "Limit cannot be less than 10"}'],
    ['too-large', () => new Uint8Array(MAX_LIST_BYTES + 1).fill(0x61)],
    ['too-many-rows', () => 'a.example.org\n'.repeat(200_001)],
    ['binary', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ['utf-32', () => new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0])],
    ['not-utf-8', () => new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6f, 0x72, 0x67, 0x0a])],
  ];

  it('covers every list sentence', () => {
    expect(lists.map(([detail]) => detail).sort()).toEqual([...CORE_CODES.listParse].sort());
  });

  it.each(lists)('list: %s', (detail, input) => {
    let caught: unknown;
    try {
      parseList(input());
    } catch (error) {
      caught = error;
    }
    if (!(caught instanceof ListParseError)) throw new Error(`no ListParseError for ${detail}`);
    expect(caught.detail).toBe(detail);
    expect(listParseErrorMessage(caught)).toBe(caught.message);
  });

  it.each([
    ['not-a-web-address', 'not a server', {}],
    ['no-nodeinfo', 'https://plain.example.org', { 'https://plain.example.org/.well-known/nodeinfo': 404 }],
    [
      'not-fires',
      'https://social.example.org',
      {
        'https://social.example.org/.well-known/nodeinfo': { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: 'https://social.example.org/nodeinfo/2.1' }] },
        'https://social.example.org/nodeinfo/2.1': { protocols: ['activitypub'] },
      },
    ],
  ] as const)('FIRES: %s', async (detail, serverUrl, answers: Record<string, unknown>) => {
    const http = {
      async getJson(url: string): Promise<unknown> {
        const answer = answers[url];
        if (typeof answer === 'number') throw Object.assign(new Error(`HTTP ${answer}`), { status: answer });
        return answer;
      },
    };
    const caught = await discoverFires(http, serverUrl).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (!(caught instanceof FiresError)) throw new Error(`no FiresError for ${detail}`);
    expect(caught.detail).toBe(detail);
    expect(firesErrorMessage(caught)).toBe(caught.message);
  });

  const provenance: Provenance[] = [{ source: { kind: 'subscription', id: 'gf', name: 'Garden Fence' }, severity: 'suspend', labels: [] }];
  const none: BlockImpact = { followingCount: 0, followersCount: 0, basis: 'relationships' };
  const plan = (adds: number, removes = 0, impacts: BlockImpact[] = [], conflicts: PlanConflict[] = []): SyncPlan => ({
    add: Array.from({ length: adds }, (_, i) => ({ domain: `new-${i}.example.net`, provenance, impact: impacts[i] ?? none })),
    remove: Array.from({ length: removes }, (_, i) => ({ domain: `old-${i}.example.net`, provenance })),
    unchanged: [],
    conflicts,
    forget: [],
    operations: adds + removes,
  });
  const follows = (count: number): BlockImpact => ({ followingCount: count, followersCount: 0, basis: 'preview' });
  const own: PlanConflict = { domain: 'home.example', kind: 'own-instance', message: '', provenance, impact: none };
  const refreshes: Array<[RefreshReasonCode, Parameters<typeof decideRefresh>[0]]> = [
    ['unreadable-now', { listName: 'Garden Fence', previous: { isParsed: true, domainCount: 140 }, current: { isParsed: false, error: 'HTTP 500' }, plan: plan(0) }],
    ['unreadable', { listName: 'Garden Fence', current: { isParsed: false, error: 'HTTP 404' }, plan: plan(0) }],
    ['suddenly-empty', { listName: 'Garden Fence', previous: { isParsed: true, domainCount: 140 }, current: { isParsed: true, domainCount: 0 }, plan: plan(0) }],
    ['shrank', { listName: 'Garden Fence', previous: { isParsed: true, domainCount: 140 }, current: { isParsed: true, domainCount: 60 }, plan: plan(0) }],
    ['blocks-over-limit', { listName: 'Garden Fence', current: { isParsed: true, domainCount: 900 }, plan: plan(51) }],
    ['unblocks-over-limit', { listName: 'Garden Fence', current: { isParsed: true, domainCount: 900 }, plan: plan(0, 51) }],
    ['blocks-over-share', { listName: 'Garden Fence', current: { isParsed: true, domainCount: 100 }, plan: plan(11) }],
    ['unblocks-over-share', { listName: 'Garden Fence', current: { isParsed: true, domainCount: 100 }, plan: plan(0, 11) }],
    ['cuts-follows', { listName: 'Garden Fence', current: { isParsed: true, domainCount: 900 }, plan: plan(2, 0, [follows(3), follows(1)]) }],
    ['cuts-follows-more', { listName: 'Garden Fence', current: { isParsed: true, domainCount: 900 }, plan: plan(5, 0, [follows(1), follows(2), follows(3), follows(4), follows(5)]) }],
    ['unknown-impact', { listName: 'Garden Fence', current: { isParsed: true, domainCount: 900 }, plan: plan(1, 0, [{ followingCount: 0, followersCount: 0, basis: 'unknown' }]) }],
    ['names-own-server', { listName: 'Garden Fence', current: { isParsed: true, domainCount: 900 }, plan: plan(0, 0, [], [own]) }],
  ];

  it('covers every refresh reason', () => {
    expect(refreshes.map(([code]) => code).sort()).toEqual([...CORE_CODES.refresh].sort());
  });

  it.each(refreshes)('refresh: %s', (code, input) => {
    const decision = decideRefresh(input);
    if (decision.kind === 'apply') throw new Error(`${code}: applied`);
    expect(decision.details.map((detail) => detail.code)).toEqual([code]);
    expect(decision.details.map(refreshReasonMessage)).toEqual(decision.reasons);
  });
});

describe('every language names what the English sentence names', () => {
  const english = readMessages('en');
  const placeholdersOf = (text: string): string[] => [...new Set(text.match(/\$[A-Z0-9_]+\$/g) ?? [])].sort();
  const formsOf = (key: string): string[] => (key.endsWith('_other') ? [key, key.replace(/_other$/, '_one')] : [key]);
  const keys = [...new Set(TABLES.flatMap(([, codes, table]) => codes.flatMap((code) => formsOf(table[code] ?? ''))))].filter(Boolean);
  it.each(LOCALES.filter((locale) => locale !== 'en'))('%s', (locale) => {
    const messages = readMessages(locale);
    const differing = keys.filter((key) => {
      const theirs = messages[key];
      const ours = english[key];
      if (!theirs || !ours) return true;
      // A singular may leave the count out ("Its only row…"): only what it names must exist in English.
      const named = placeholdersOf(theirs.message);
      const expected = placeholdersOf(ours.message);
      const isSingular = key.endsWith('_one');
      return isSingular ? named.some((name) => !expected.includes(name)) : named.join() !== expected.join();
    });
    expect(differing).toEqual([]);
  });
});

describe('the English sentence at the edge is the one the core wrote, for plans, runs and skipped rows', () => {
  const gardenFence: Provenance = { source: { kind: 'subscription', id: 'gf', name: 'Garden Fence' }, severity: 'suspend', labels: [] };
  const wants = (domains: string[]): DesiredState => new Map(domains.map((domain) => [domain, { domain, action: 'block' as const, provenance: [gardenFence] }]));
  const conflicts: Array<[ConflictKind, Parameters<typeof computePlan>[0]]> = [
    ['own-instance', { desired: wants(['home.example.social']), serverBlocks: [], owned: [], ownDomain: 'home.example.social' }],
    ['unblocked-by-you', { desired: wants(['threads.net']), serverBlocks: [], owned: [{ domain: 'threads.net', addedAt: 1, runId: 'r0', provenance: [gardenFence] }] }],
  ];

  it('covers every conflict', () => {
    expect(conflicts.map(([kind]) => kind).sort()).toEqual([...CORE_CODES.conflict].sort());
  });

  it.each(conflicts)('conflict: %s', (kind, input) => {
    const [conflict, ...others] = computePlan(input).conflicts;
    if (!conflict) throw new Error(`no ${kind} conflict`);
    expect(others).toEqual([]);
    expect(conflict.kind).toBe(kind);
    expect(conflictMessage(conflict)).toBe(conflict.message);
  });

  // Server texts as Mastodon and browsers give them: a 422's `error` from the model's validation, a 403's scope refusal, fetch's own failure.
  const refusals: Array<[FailureCode, number, string | undefined]> = [
    ['network', 0, undefined],
    ['network', 0, 'Failed to fetch'],
    ['unauthorized', 401, undefined],
    ['unauthorized', 403, 'This action is outside the authorized scopes'],
    ['rate-limited', 429, undefined],
    ['rate-limited', 429, 'Too many requests'],
    ['invalid-domain', 422, undefined],
    ['invalid-domain', 422, 'Validation failed: Domain is not a valid domain name'],
    ['server', 500, undefined],
    ['server', 503, 'Service Unavailable'],
  ];

  it.each(refusals)('failure: %s (HTTP %i, %s)', (code, status, serverMessage) => {
    const error = toOperationError(status, serverMessage);
    expect(error.code).toBe(code);
    expect(applyFailureMessage(error)).toBe(error.message);
  });

  it('failure: cancelled while the server could not be reached', async () => {
    const clock = new FakeClock();
    const journal = new MemoryJournal();
    const { run, entries } = createRun('run-1', 'example.social/1', [{ kind: 'add', domain: 'threads.net', provenance: [gardenFence] }], clock.now());
    journal.runs.set(run.id, run);
    // The request left and no answer came back: the entry is `sent`, and the server cannot be read to settle it.
    for (const entry of entries) journal.entries.set(`${entry.runId}:${entry.seq}`, { ...entry, state: 'sent', attempts: 1 });
    const offline: DomainBlockApi = {
      create: () => Promise.reject(new Error('offline')),
      remove: () => Promise.reject(new Error('offline')),
      listPage: () => Promise.resolve({ status: 0, error: 'Failed to fetch', domains: [] }),
    };
    const controller = new ApplyController();
    controller.cancel();
    const result = await applyRun('run-1', { api: offline, journal, clock }, controller);
    expect(result.run.state).toBe('cancelled');
    const [entry] = await journal.listEntries('run-1');
    if (!entry?.error) throw new Error('the unsettled entry has no error');
    expect(entry.error.code).toBe('cancelled-unreachable');
    expect(applyFailureMessage(entry.error)).toBe(entry.error.message);
  });

  it('covers every failure', () => {
    expect([...new Set([...refusals.map(([code]) => code), 'cancelled-unreachable'])].sort()).toEqual([...CORE_CODES.applyFailure].sort());
  });

  it('a failure journaled before codes existed keeps its English', () => {
    expect(applyFailureMessage({ kind: 'server', status: 500, message: 'Your server answered with an error 500.' })).toBe('Your server answered with an error 500.');
  });

  const firesPage = (items: unknown[]): string =>
    JSON.stringify({ type: 'OrderedCollectionPage', orderedItems: [{ id: 'c-ok', type: 'Recommendation', entityKind: 'domain', entityKey: 'a.social', recommendedPolicy: 'drop' }, ...items] });
  const rows: Array<[SkipDetail | 'domain', string]> = [
    ['line-without-domain', 'a.social\n,suspend\n'],
    ['column-without-domain', '#domain,#severity\na.social,suspend\n,silence\n'],
    ['spaces-inside', 'a.social\nexa mple.net\n'],
    ['line-unknown-severity', '#domain,#severity\na.social,suspend\nb.social,ban\n'],
    ['item-without-domain', '[{"domain": "a.social"}, {"severity": "suspend"}]'],
    ['item-unknown-severity', '[{"domain": "a.social"}, {"domain": "b.social", "severity": "ban"}]'],
    ['not-rapidblock-block', '{"@spec": "https://rapidblock.org/spec/v1/", "blocks": {"a.social": {"isBlocked": true}, "b.social": "oops"}}'],
    ['not-blocked', '{"@spec": "https://rapidblock.org/spec/v1/", "blocks": {"a.social": {"isBlocked": true}, "b.social": {"isBlocked": false}}}'],
    ['duplicate', 'a.social\nb.social\na.social\n'],
    ['fires-unknown-policy', firesPage([{ id: 'c-2', type: 'Recommendation', entityKind: 'domain', entityKey: 'b.social', recommendedPolicy: 'shun' }])],
    ['fires-not-a-domain', firesPage([{ id: 'c-2', type: 'Recommendation', entityKind: 'hashtag', entityKey: '#spam', recommendedPolicy: 'drop' }])],
    ['fires-not-a-change', firesPage([{ id: 'c-2', type: 'Like' }])],
    ['fires-no-entity', firesPage([{ id: 'c-2', type: 'Recommendation', recommendedPolicy: 'drop' }])],
    ['domain', 'a.social\nap.***.st\n'],
  ];

  it('covers every skipped-row sentence', () => {
    expect(rows.map(([detail]) => detail).filter((detail) => detail !== 'domain').sort()).toEqual([...CORE_CODES.skipDetail].sort());
  });

  it.each(rows)('skipped row: %s', (detail, input) => {
    const [row, ...others] = parseList(input).skipped;
    if (!row) throw new Error(`nothing skipped for ${detail}`);
    expect(others).toEqual([]);
    const explanation = row.explanation;
    expect(explanation && ('domainError' in explanation ? 'domain' : explanation.detail)).toBe(detail);
    expect(skippedRowMessage(row)).toBe(row.message);
  });

  const fixtures = readdirSync(new URL('../fixtures/lists/', import.meta.url)).filter((file) => /\.(csv|txt)$/.test(file));
  it.each(fixtures)('every skipped row of %s', (file) => {
    const { skipped } = parseList(readFileSync(new URL(`../fixtures/lists/${file}`, import.meta.url), 'utf8'));
    expect(skipped.filter((row) => row.explanation === undefined || skippedRowMessage(row) !== row.message)).toEqual([]);
  });

  it('a row kept from before codes existed keeps its English', () => {
    expect(skippedRowMessage({ line: 3, raw: 'x', reason: 'malformed', message: 'Line 3 has no domain.' })).toBe('Line 3 has no domain.');
  });
});

describe('core errors in another language', () => {
  it.each([
    ['de', 'ap.***.st', '„ap.***.st“ ist teilweise mit * verborgen'],
    ['fr', 'example.org:8080', '« example.org:8080 » comporte un port ou un chemin.'],
    ['es', '192.168.1.1', '«192.168.1.1» es una dirección IP.'],
    ['ja', 'a..org', '「a..org」には、ドットとドットの間が空の部分があります。'],
  ] as const)('%s: %s', (locale, input, expected) => {
    useLocale(locale);
    const result = normalizeDomain(input);
    if (!('error' in result)) throw new Error(`${input} was accepted`);
    expect(domainErrorMessage(result.error)).toContain(expected);
  });

  it.each([
    ['de', 'Hedge hatte threads.net blockiert, und seitdem wurde die Blockierung aufgehoben'],
    ['fr', 'Hedge avait bloqué threads.net, et le domaine a été débloqué depuis'],
    ['es', 'Hedge bloqueó threads.net y desde entonces se desbloqueó'],
    ['ja', 'Hedge は threads.net をブロックしましたが'],
  ] as const)('%s: a conflict', (locale, expected) => {
    useLocale(locale);
    expect(conflictMessage({ kind: 'unblocked-by-you', domain: 'threads.net' })).toContain(expected);
  });

  it.each([
    ['de', 'Dein Server hat diese Domain abgelehnt (Validation failed: Domain is not a valid domain name).'],
    ['fr', 'Votre serveur a refusé ce domaine (Validation failed: Domain is not a valid domain name).'],
    ['es', 'Tu servidor rechazó este dominio (Validation failed: Domain is not a valid domain name).'],
    ['ja', 'サーバーがこのドメインを拒否しました（Validation failed: Domain is not a valid domain name）。'],
  ] as const)('%s: a refused block quotes the server', (locale, expected) => {
    useLocale(locale);
    expect(applyFailureMessage(toOperationError(422, 'Validation failed: Domain is not a valid domain name'))).toBe(expected);
  });

  it('a line number past a thousand is not grouped', () => {
    useLocale('de');
    const text = `${Array.from({ length: 1200 }, (_, i) => `d${i}.social`).join('\n')}\nexa mple.net\n`;
    const [row] = parseList(text).skipped;
    if (!row) throw new Error('nothing skipped');
    expect(skippedRowMessage(row)).toBe('Zeile 1201: „exa mple.net“ enthält Leerzeichen, ist also kein einzelner Domainname.');
  });

  it('names the counts in the language’s digits and grouping', () => {
    useLocale('de');
    const decision = decideRefresh({ listName: 'Garden Fence', previous: { isParsed: true, domainCount: 1400 }, current: { isParsed: true, domainCount: 600 }, plan: plan0() });
    if (decision.kind === 'apply') throw new Error('applied');
    expect(decision.details.map(refreshReasonMessage)).toEqual([
      'Garden Fence ist von 1.400 auf 600 Domains geschrumpft, um mehr als die Hälfte. Hedge behält deine Blockierungen, bis du bestätigst.',
    ]);
  });
});

describe('counted sentences', () => {
  it.each([
    ['en', 'Its only row is not a domain name, so this does not look like a list of domains.'],
    ['fr', "Sa seule ligne n'est pas un nom de domaine : cela ne ressemble pas à une liste de domaines."],
  ] as const)('one row that is no domain, in %s, in the singular', (locale, expected) => {
    useLocale(locale);
    let caught: unknown;
    try {
      parseList('not a domain\n');
    } catch (error) {
      caught = error;
    }
    if (!(caught instanceof ListParseError)) throw new Error('no ListParseError');
    expect(listParseErrorMessage(caught)).toBe(expected);
  });
});

function plan0(): SyncPlan {
  return { add: [], remove: [], unchanged: [], conflicts: [], forget: [], operations: 0 };
}

describe('the English sentence at the edge is the one the list fetcher wrote', () => {
  it.each(FETCH_LIST_DETAILS)('%s', (detail) => {
    const error = fetchListError(detail, ['https://lists.example.org/a.csv', '503', 30]);
    expect(error.detail).toBe(detail);
    expect(fetchListErrorMessage(error)).toBe(error.message);
  });

  it('a body that is not a list: the parser’s sentence', () => {
    let caught: unknown;
    try {
      parseList('<!doctype html><html><body>Not found</body></html>');
    } catch (error) {
      caught = error;
    }
    if (!(caught instanceof ListParseError)) throw new Error('no ListParseError');
    const error = notAListError(caught);
    expect(error.kind).toBe('not-a-list');
    expect(fetchListErrorMessage(error)).toBe(caught.message);
  });
});
