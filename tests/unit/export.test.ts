import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MASTODON_IMPORT_MAX_ROWS,
  adminRowsFromDesired,
  buildAdminBlocksCsv,
  buildBlockedDomainsCsv,
  buildFollowingCsv,
  buildPlainText,
  csvField,
  csvText,
  neutralizeFormula,
} from '../../utils/core/export.ts';
import type { DesiredState } from '../../utils/core/model.ts';

const fixture = (file: string) => readFileSync(new URL(`../fixtures/lists/${file}`, import.meta.url), 'utf8');

describe('blocked_domains.csv', () => {
  it('round-trips a real Mastodon user export byte for byte (but for the final newline)', () => {
    // Mastodon's export: no header, one domain per row (SOURCES.md: no trailing newline).
    const original = fixture('oliphant-2022-12-user-export-blocked_domains.csv');
    const domains = original.split('\n');
    const [file] = buildBlockedDomainsCsv(domains);
    expect(file?.filename).toBe('blocked_domains.csv');
    expect(file?.text).toBe(`${original}\n`);
  });

  it('splits more than 20,000 domains into files the import accepts', () => {
    const domains = Array.from({ length: MASTODON_IMPORT_MAX_ROWS + 5 }, (_, i) => `host-${i}.example.net`);
    const files = buildBlockedDomainsCsv(domains);
    expect(files.map((f) => f.filename)).toEqual(['blocked_domains-1-of-2.csv', 'blocked_domains-2-of-2.csv']);
    expect(files.map((f) => f.text.split('\n').length - 1)).toEqual([MASTODON_IMPORT_MAX_ROWS, 5]);
  });

  it('refuses something that is not a domain instead of writing a broken file', () => {
    expect(() => buildBlockedDomainsCsv(['good.example.net', 'bad, "row"'])).toThrow(/not a domain name/);
  });
});

describe('following CSV', () => {
  it('writes Mastodon’s header and rows', () => {
    const file = buildFollowingCsv([
      { acct: 'alice@a.example.net' },
      { acct: '@bob@b.example.net', showBoosts: false, notify: true, languages: ['en', 'de'] },
    ]);
    expect(file.text).toBe(
      'Account address,Show boosts,Notify on new posts,Languages\n' +
        'alice@a.example.net,true,false,\n' +
        'bob@b.example.net,false,true,"en, de"\n',
    );
  });

  it('refuses an address without its server', () => {
    expect(() => buildFollowingCsv([{ acct: 'alice' }])).toThrow(/full account address/);
  });
});

describe('admin CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['hate-speech, harassment', '"hate-speech, harassment"'],
    ['line\nbreak', '"line\nbreak"'],
    ['plain', 'plain'],
  ])('writes the comment %j safely as %s', (comment, cell) => {
    const file = buildAdminBlocksCsv([{ domain: 'bad.example.net', severity: 'suspend', publicComment: comment }]);
    expect(file.text).toBe(`#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\nbad.example.net,suspend,false,false,${cell},false\n`);
  });

  it('builds rows from the desired state with joined comments and the strongest severity', () => {
    const gf = { kind: 'subscription' as const, id: 'gf', name: 'Garden Fence' };
    const other = { kind: 'subscription' as const, id: 'o', name: 'Other' };
    const desired: DesiredState = new Map([
      ['b.example.net', { domain: 'b.example.net', action: 'block', provenance: [{ source: gf, severity: 'silence', labels: [], comment: 'spam' }, { source: other, severity: 'suspend', labels: [], comment: 'hate' }] }],
      ['a.example.net', { domain: 'a.example.net', action: 'block', provenance: [{ source: gf, severity: 'silence', labels: [] }] }],
      ['c.example.net', { domain: 'c.example.net', action: 'listed', provenance: [{ source: gf, severity: 'noop', labels: [] }] }],
    ]);
    expect(adminRowsFromDesired(desired)).toEqual([
      { domain: 'a.example.net', severity: 'silence', publicComment: '' },
      { domain: 'b.example.net', severity: 'suspend', publicComment: 'spam; hate' },
    ]);
  });
});

describe('plain text and helpers', () => {
  it('writes comments then domains', () => {
    expect(buildPlainText(['a.example.net', 'a.example.net', 'b.example.net'], ['Hedge\nexport', '2024-05-01']).text).toBe(
      '# Hedge export\n# 2024-05-01\na.example.net\nb.example.net\n',
    );
  });

  it.each([
    ['a', 'a'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1+1', "'=1+1"],
    ['-2,3', `"'-2,3"`],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('csvField(%j) = %s', (input, output) => expect(csvField(input)).toBe(output));

  it('writes a whole CSV with CRLF line ends, every field through csvField', () => {
    expect(csvText([['line', 'text'], ['1', '+cmd|" /C calc"!A0']])).toBe(`line,text\r\n1,"'+cmd|"" /C calc""!A0"\r\n`);
  });

  it.each([['\tx', "'\tx"], ['ok', 'ok']])('neutralizeFormula(%j)', (input, output) => expect(neutralizeFormula(input)).toBe(output));
});
