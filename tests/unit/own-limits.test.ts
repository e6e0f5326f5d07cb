/**
 * The user's own limit of a domain: where it stands among the other sources,
 * how the verdict snapshot carries it to the web UI, and the words the web UI
 * says it in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { combineSources, combineSourcesWithReport, type CombineSourcesInput, type SubscribedList } from '../../utils/core/desired-state';
import type { ListEntry } from '../../utils/core/lists/types';
import { toVerdictSnapshot } from '../../utils/core/matcher';
import { createContentLookup } from '../../utils/dom/content-lookup';
import { collapsedNotice, describeVerdict } from '../../utils/dom/labels';
import { sourceName } from '../../utils/i18n/source-name';
import { useLocale } from './components/locale';

function list(id: string, severity: ListEntry['severity'], options: Partial<SubscribedList> = {}): SubscribedList {
  return { ref: { kind: 'subscription', id, name: id }, entries: [{ domain: 'x.social', severity, labels: ['spam'] }], silenceAs: 'limit', inConsensus: false, ...options };
}

const NONE: CombineSourcesInput = { presets: [], subscriptions: [], manual: { alwaysBlock: [], neverBlock: [] }, consensus: null, ownInstance: 'home.social' };

function actionOf(input: Partial<CombineSourcesInput>, domain = 'x.social'): string | undefined {
  return combineSources({ ...NONE, ...input }).get(domain)?.action;
}

const limitX = { alwaysBlock: [], neverBlock: [], limit: ['X.Social'] };

describe('the user’s own limit among the other sources', () => {
  it.each<[string, Partial<CombineSourcesInput>, string | undefined]>([
    ['alone: limited', { manual: limitX }, 'limit'],
    ['over a list that only lists it', { manual: limitX, subscriptions: [list('a', 'noop')] }, 'limit'],
    ['over a list’s allowance', { manual: limitX, subscriptions: [list('a', 'noop', { isAllowlist: true })] }, 'limit'],
    ['not taken away by “never block”', { manual: { ...limitX, neverBlock: ['x.social'] } }, 'limit'],
    ['“never block” stops a list’s block, the own limit still collapses', { manual: { ...limitX, neverBlock: ['x.social'] }, subscriptions: [list('a', 'suspend')] }, 'limit'],
    ['a list’s block wins', { manual: limitX, subscriptions: [list('a', 'suspend')] }, 'block'],
    ['“always block” wins', { manual: { ...limitX, alwaysBlock: ['x.social'] } }, 'block'],
    ['a list’s silence rows chosen as blocks win', { manual: limitX, subscriptions: [list('a', 'silence', { silenceAs: 'block' })] }, 'block'],
    ['the own server is never limited', { manual: { ...limitX, limit: ['home.social'] } }, 'allow'],
    ['an older input without limits limits nothing', { manual: { alwaysBlock: [], neverBlock: [] } }, undefined],
  ])('%s', (_name, input, action) => {
    const domain = input.manual?.limit?.[0] === 'home.social' ? 'home.social' : 'x.social';
    expect(actionOf(input, domain)).toBe(action);
  });

  it('keeps the own limit in the provenance beside the lists, and reports text that is not a domain', () => {
    const result = combineSourcesWithReport({ ...NONE, manual: { alwaysBlock: [], neverBlock: [], limit: ['x.social', 'not a domain'] }, subscriptions: [list('a', 'silence')] });
    expect(result.desired.get('x.social')?.provenance.map((item) => item.source.id)).toEqual(['own-limit', 'a']);
    expect(result.problems).toEqual([expect.stringContaining('“not a domain” in “limited by you” was not used')]);
  });
});

describe('the verdict the web UI gets', () => {
  afterEach(() => useLocale('en'));

  function lookupFor(input: Partial<CombineSourcesInput>, personalBlocks: string[] = []) {
    const desired = combineSources({ ...NONE, ...input });
    return createContentLookup(toVerdictSnapshot({ desired, personalBlocks, serverBlocks: [] }, sourceName));
  }

  it.each<[string, Partial<CombineSourcesInput>, string[], object]>([
    ['own limit alone', { manual: limitX }, [], { kind: 'limited', matchedDomain: 'x.social', isOwnLimit: true }],
    ['own limit and a list that limits too: the list is the rest of the reason', { manual: limitX, subscriptions: [list('Garden Fence', 'silence')] }, [], { kind: 'limited', matchedDomain: 'x.social', why: 'Garden Fence · spam', isOwnLimit: true }],
    ['a list’s limit alone is not the user’s', { subscriptions: [list('Garden Fence', 'silence')] }, [], { kind: 'limited', matchedDomain: 'x.social', why: 'Garden Fence · spam' }],
    ['a block on the server wins over the own limit', { manual: limitX }, ['x.social'], { kind: 'blocked', matchedDomain: 'x.social' }],
  ])('%s', (_name, input, personalBlocks, verdict) => {
    expect(lookupFor(input, personalBlocks).lookup('x.social')).toEqual(verdict);
  });

  it('marks a subdomain through its parent, as a list’s limit does: nothing is sent to the server, so nothing is left uncovered', () => {
    expect(lookupFor({ manual: limitX }).lookup('sub.x.social')).toEqual({ kind: 'limited', matchedDomain: 'x.social', isOwnLimit: true });
  });

  it.each([
    ['en', 'You limit x.social yourself: Hedge collapses its posts and sends nothing to your server.', 'Your own limit: a post from x.social.'],
    ['de', 'Du schränkst x.social selbst ein: Hedge klappt die Beiträge zu und sendet nichts an deinen Server.', 'Deine eigene Einschränkung: ein Beitrag von x.social.'],
    ['fr', 'Vous limitez vous-même x.social : Hedge replie ses messages et n’envoie rien à votre serveur.', 'Votre propre limitation : un message de x.social.'],
    ['es', 'Limitas x.social tú mismo: Hedge pliega sus publicaciones y no envía nada a tu servidor.', 'Tu propia limitación: una publicación de x.social.'],
    ['ja', 'あなた自身が x.social を制限しています：Hedge が投稿を折りたたみ、サーバーには何も送信しません。', 'あなた自身の制限：x.social の投稿です。'],
  ] as const)('in %s the tooltip and the collapsed post say it is the user’s own limit', (locale, tooltip, notice) => {
    useLocale(locale);
    const verdict = lookupFor({ manual: limitX }).lookup('x.social');
    expect(describeVerdict('x.social', verdict, 'limited')).toBe(tooltip);
    expect(collapsedNotice('x.social', verdict)).toBe(notice);
  });

  it('a list’s limit keeps its own words', () => {
    const verdict = lookupFor({ subscriptions: [list('Garden Fence', 'silence')] }).lookup('x.social');
    expect(collapsedNotice('x.social', verdict)).toBe('Limited by you: a post from x.social (Garden Fence · spam).');
  });
});
