import { describe, expect, it } from 'vitest';
import { isReservedDomain, normalizeDomain } from '../../utils/core/domain.ts';

describe('normalizeDomain accepts what people paste', () => {
  it.each([
    ['Threads.NET', 'threads.net'],
    [' threads.net. ', 'threads.net'],
    ['https://threads.net/@zuck', 'threads.net'],
    ['http://Threads.net:443/@zuck?x=1#top', 'threads.net'],
    ['@user@threads.net', 'threads.net'],
    ['user@threads.net', 'threads.net'],
    ['@zuck@Threads.Net.', 'threads.net'],
    ['*.example.org', 'example.org'],
    ['*.bsky.brid.gy', 'bsky.brid.gy'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['MÜNCHEN.DE', 'xn--mnchen-3ya.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['例え.テスト.jp', 'xn--r8jz45g.xn--zckzah.jp'],
    ['mastodon.social', 'mastodon.social'],
    ['a-b.c-d.social', 'a-b.c-d.social'],
    ['076.ne.jp', '076.ne.jp'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeDomain(input)).toEqual({ domain: expected });
  });
});

describe('normalizeDomain refuses what cannot be a personal block, with a reason and a sentence', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ap.***.st', 'obfuscated'],
    ['*.ap.*.st', 'obfuscated'],
    ['ex*mple.com', 'obfuscated'],
    ['https://ap.***.st/', 'obfuscated'],
    ['exa mple.com', 'invalid'],
    ['under_score.com', 'invalid'],
    ['ex%41mple.com', 'invalid'],
    ['a..b.com', 'invalid'],
    ['ftp://example.net', 'invalid'],
    ['<b>bad</b>.com', 'invalid'],
    ['1.2.3.4', 'ip-address'],
    ['https://127.0.0.1/', 'ip-address'],
    ['[::1]', 'ip-address'],
    ['2001:db8::1', 'ip-address'],
    ['threads.net:8080', 'port-or-path'],
    ['threads.net/@zuck', 'port-or-path'],
    ['cf', 'single-label'],
    ['localhost', 'single-label'],
    [`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.eeeeeeeeee.com`, 'too-long'],
  ])('%j → %s', (input, reason) => {
    const result = normalizeDomain(input);
    expect(result).toHaveProperty('error.reason', reason);
    if ('error' in result) {
      expect(result.error.message.length).toBeGreaterThan(20);
      expect(result.error.message).toMatch(/^[“A-Z]/);
    }
  });

  it.each([
    ['-bad.org', 'hyphen-label', 'no part between dots may start or end with a hyphen'],
    ['bad-.org', 'hyphen-label', 'no part between dots may start or end with a hyphen'],
    ['a.-b-.social', 'hyphen-label', 'no part between dots may start or end with a hyphen'],
    ['https://-bad.social/@x', 'hyphen-label', 'no part between dots may start or end with a hyphen'],
    ['example.-com', 'hyphen-label', 'no part between dots may start or end with a hyphen'],
    [`${'x'.repeat(64)}.com`, 'long-label', 'at most 63 characters'],
    [`ok.${'y'.repeat(70)}.social`, 'long-label', 'at most 63 characters'],
  ])('refuses %j with its reason (IDNA, RFC 5891 section 4.2.3.1)', (input, detail, words) => {
    const result = normalizeDomain(input, { forList: true });
    expect(result).toHaveProperty('error.detail', detail);
    expect(result).toHaveProperty('error.reason', 'invalid');
    expect('error' in result && result.error.message).toContain(words);
  });

  it('keeps hyphens inside a label and a 63-character label', () => {
    expect(normalizeDomain('a-b--c.social')).toEqual({ domain: 'a-b--c.social' });
    expect(normalizeDomain(`${'z'.repeat(63)}.social`)).toEqual({ domain: `${'z'.repeat(63)}.social` });
  });
});

describe('normalizeDomain for list rows and typed entries refuses canaries and reserved names', () => {
  it.each([
    ['dni.invalid', 'reserved'],
    ['canary.tier0.example.com', 'reserved'],
    ['example.com', 'reserved'],
    ['example.net', 'reserved'],
    ['demo01.example.org', 'reserved'],
    ['foo.test', 'reserved'],
    ['foo.example', 'reserved'],
    ['app.localhost', 'reserved'],
    ['000delete.this.line.if.you.have.read.the.documentation.on.seirdy.one', 'canary'],
    ['000this.is.generated.from.oliphant.social', 'canary'],
  ])('%j → %s', (input, reason) => {
    expect(normalizeDomain(input, { forList: true })).toHaveProperty('error.reason', reason);
  });

  it('looks an account domain up as it is, reserved or not', () => {
    expect(normalizeDomain('dni.invalid')).toEqual({ domain: 'dni.invalid' });
    expect(normalizeDomain('@alice@demo.example.com')).toEqual({ domain: 'demo.example.com' });
  });

  it('keeps real domains that merely contain reserved words', () => {
    expect(normalizeDomain('example.social', { forList: true })).toEqual({ domain: 'example.social' });
    expect(normalizeDomain('notexample.com', { forList: true })).toEqual({ domain: 'notexample.com' });
    expect(normalizeDomain('testing.social', { forList: true })).toEqual({ domain: 'testing.social' });
  });
});

describe('isReservedDomain', () => {
  it.each([
    ['example.com', true],
    ['a.b.example.org', true],
    ['x.invalid', true],
    ['invalid.social', false],
    ['threads.net', false],
  ])('isReservedDomain(%s) = %s', (domain, reserved) => {
    expect(isReservedDomain(domain)).toBe(reserved);
  });
});
