import { beforeEach, describe, expect, it } from 'vitest';
import { ACTION_MESSAGE, badgeLabel, collapsedNotice, describeVerdict, message, type MarkedKind } from '../../utils/dom/labels';
import { LOCALES, readMessages, useLocale } from './components/locale';

const KINDS: MarkedKind[] = ['blocked', 'limited', 'listed', 'server-suspended', 'server-limited', 'parent-blocked'];
const WHY = 'Garden Fence · bots, spam';

describe.each(LOCALES)('the marks’ words in %s', (locale) => {
  const messages = readMessages(locale);
  const keys = new Set(Object.keys(messages));
  beforeEach(() => useLocale(locale));

  it.each(KINDS)('%s: a badge label and a sentence naming the domain and the lists, never a message name', (kind) => {
    const isServer = kind.startsWith('server-');
    const verdict = isServer
      ? { kind, matchedDomain: 'po*.*t', serverComment: 'Hate speech' }
      : { kind, matchedDomain: kind === 'parent-blocked' ? 'example.org' : 'sub.example.org', why: WHY };
    const label = badgeLabel(kind);
    expect(label.trim()).not.toBe('');
    expect(keys.has(label)).toBe(false);
    const sentence = describeVerdict('sub.example.org', verdict, kind);
    expect(sentence).toContain(verdict.matchedDomain);
    expect(sentence).toContain(isServer ? 'Hate speech' : WHY);
    if (kind === 'parent-blocked') expect(sentence).toContain('sub.example.org');
    expect(sentence).not.toMatch(/\$|undefined/);
  });

  it.each(['limited', 'listed'] as const)('%s through a parent: a sentence naming the parent and the subdomain, not the parent’s own', (kind) => {
    const verdict = { kind, matchedDomain: 'example.org', why: WHY };
    const sentence = describeVerdict('eu.example.org', verdict, kind);
    expect(sentence).toContain('eu.example.org');
    expect(sentence).toMatch(/(^|[^.])example\.org/);
    expect(sentence).toContain(WHY);
    expect(sentence).not.toBe(describeVerdict('eu.example.org', { ...verdict, matchedDomain: 'eu.example.org' }, kind).replaceAll('eu.example.org', 'example.org'));
    expect(sentence).not.toMatch(/\$|undefined/);
  });

  it('names the subdomain and the limited parent in the collapsed post’s notice', () => {
    for (const why of [WHY, undefined]) {
      const notice = collapsedNotice('eu.mastodon.social', { kind: 'limited', matchedDomain: 'mastodon.social', ...(why ? { why } : {}) });
      expect(notice).toContain('eu.mastodon.social');
      expect(notice).toMatch(/(^|[^.])mastodon\.social/);
      if (why) expect(notice).toContain(why);
      expect(notice).not.toMatch(/\$|undefined/);
    }
  });

  it('says no lists when none are known, and no reason when the server gives none', () => {
    expect(describeVerdict('threads.net', { kind: 'blocked', matchedDomain: 'threads.net' }, 'blocked')).toBe(messages.markWhy_blocked!.message.replace('$DOMAIN$', 'threads.net'));
    expect(describeVerdict('loud.example.org', { kind: 'server-limited' }, 'server-limited')).not.toMatch(/\$|undefined/);
  });

  it('names the domain and its lists in the collapsed post’s notice, and labels every button', () => {
    const withLists = collapsedNotice('mastodon.social', { kind: 'limited', why: WHY });
    expect(withLists).toContain('mastodon.social');
    expect(withLists).toContain(WHY);
    expect(collapsedNotice('mastodon.social', { kind: 'limited' })).not.toContain('(');
    const buttons = [
      message('markShow'),
      message('markHide'),
      message(ACTION_MESSAGE.block, 'threads.net'),
      message(ACTION_MESSAGE.limit, 'threads.net'),
      message('markBlocking'),
    ];
    for (const text of buttons) {
      expect(text.trim()).not.toBe('');
      expect(keys.has(text)).toBe(false);
    }
    expect(message(ACTION_MESSAGE.block, 'threads.net')).toContain('threads.net');
    expect(message(ACTION_MESSAGE.limit, 'threads.net')).toContain('threads.net');
  });
});
