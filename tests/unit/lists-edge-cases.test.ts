import { describe, expect, it } from 'vitest';
import { ListParseError, parseList, type ParsedList } from '../../utils/core/lists/index.ts';

const ADMIN_HEADER = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate';

function domains(list: ParsedList): string[] {
  return list.entries.map((entry) => entry.domain);
}

describe('robust reading of text', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR alone', '\r'],
  ])('reads %s line ends in CSV and plain text alike', (_name, eol) => {
    const csv = [ADMIN_HEADER, 'a.social,suspend,false,false,,false', 'b.social,silence,false,false,,false'].join(eol);
    expect(parseList(csv).entries.map((entry) => [entry.domain, entry.severity])).toEqual([
      ['a.social', 'suspend'],
      ['b.social', 'silence'],
    ]);
    const text = ['# comment', 'a.social', '', 'b.social', ''].join(eol);
    const list = parseList(text);
    expect(domains(list)).toEqual(['a.social', 'b.social']);
  });

  it('drops a byte-order mark, in text and in bytes', () => {
    const csv = `\uFEFF${ADMIN_HEADER}\na.social,suspend,false,false,,false\n`;
    expect(parseList(csv)).toMatchObject({ format: 'mastodon-csv', entries: [{ domain: 'a.social' }] });
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a.social\n')]);
    expect(domains(parseList(bytes))).toEqual(['a.social']);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks, and keeps line numbers right', () => {
    const csv = [
      ADMIN_HEADER,
      'a.social,suspend,false,false,"spam, bots",false',
      'b.social,suspend,false,false,"He said ""no""",false',
      'c.social,suspend,false,false,"first line',
      'second line",false',
      'bad domain.social,suspend,false,false,,false',
    ].join('\n');
    const list = parseList(csv);
    expect(list.entries.map((entry) => entry.comment)).toEqual(['spam, bots', 'He said "no"', 'first line\nsecond line']);
    expect(list.entries[0]?.labels).toEqual(['spam', 'bots']);
    expect(list.skipped).toEqual([expect.objectContaining({ line: 6, reason: 'invalid-domain' })]);
  });

  it.each(['true', 'True', 'TRUE', 'tRuE'])('reads the boolean %s', (word) => {
    const list = parseList(`${ADMIN_HEADER}\na.social,suspend,${word},false,,false\n`);
    expect(list.entries[0]?.rejectMedia).toBe(true);
  });

  it('ignores blank and all-empty rows without calling them skipped', () => {
    const list = parseList(`${ADMIN_HEADER}\n\n,,,,,\na.social,suspend,false,false,,false\n   \n,,\n`);
    expect(domains(list)).toEqual(['a.social']);
    expect(list.skipped).toEqual([]);
  });

  it('takes a missing severity as suspend, as Mastodon does', () => {
    expect(parseList('#domain\na.social\n').entries).toEqual([{ domain: 'a.social', severity: 'suspend', labels: [] }]);
    expect(parseList(`${ADMIN_HEADER}\na.social,,false,false,,false\n`).entries[0]?.severity).toBe('suspend');
  });

  it('skips an unknown severity as malformed instead of guessing', () => {
    const list = parseList(`${ADMIN_HEADER}\na.social,block,false,false,,false\nb.social,Silence,false,false,,false\n`);
    expect(list.entries).toEqual([expect.objectContaining({ domain: 'b.social', severity: 'silence' })]);
    expect(list.skipped).toEqual([expect.objectContaining({ line: 2, reason: 'malformed' })]);
    expect(list.skipped[0]?.message).toContain('“block”');
  });

  it('keeps the highest severity of a domain listed twice, with one duplicate skip per repeat', () => {
    const list = parseList(
      [ADMIN_HEADER, 'a.social,silence,false,false,spam,false', 'A.Social.,suspend,false,false,bots,false', 'a.social,noop,false,false,,false'].join('\n'),
    );
    expect(list.entries).toEqual([expect.objectContaining({ domain: 'a.social', severity: 'suspend', labels: ['spam', 'bots'] })]);
    expect(list.skipped.map((row) => [row.line, row.reason])).toEqual([
      [3, 'duplicate'],
      [4, 'duplicate'],
    ]);
  });

  it('sorts out obfuscated, canary, invalid and Unicode rows', () => {
    const list = parseList(
      [ADMIN_HEADER, 'ap.***.st,suspend,false,false,,true', 'dni.invalid,suspend,false,false,iftas:canary,true', '1.2.3.4,suspend,,,,', 'münchen.social,suspend,,,,'].join('\n'),
    );
    expect(domains(list)).toEqual(['xn--mnchen-3ya.social']);
    expect(list.skipped.map((row) => row.reason)).toEqual(['obfuscated', 'canary', 'invalid-domain']);
    for (const row of list.skipped) expect(row.message).not.toBe('');
  });
});

describe('FediBlockHole-style CSV', () => {
  it('reads columns in any order, with extra columns', () => {
    const csv = 'severity,extra,public_comment,domain\nsilence,x,"bots, spam",a.social\n,y,,b.social\n';
    const list = parseList(csv);
    expect(list.format).toBe('fediblockhole-csv');
    expect(list.entries).toEqual([
      { domain: 'a.social', severity: 'silence', comment: 'bots, spam', labels: ['bots', 'spam'] },
      { domain: 'b.social', severity: 'suspend', labels: [] },
    ]);
  });

  it('trusts the values over mislabelled column names: a boolean column full of prose is the comment', () => {
    // Header order as published, rows written in Mastodon's export order.
    const csv = [
      'domain,severity,reject_media,reject_reports,public_comment,obfuscate',
      'a.social,suspend,Harassment of members,False,False,False',
      'b.social,silence,spam and bots,False,True,False',
    ].join('\n');
    const list = parseList(csv);
    expect(list.entries.map((entry) => [entry.domain, entry.severity, entry.comment])).toEqual([
      ['a.social', 'suspend', 'Harassment of members'],
      ['b.social', 'silence', 'spam and bots'],
    ]);
  });

  it('finds the severity and domain by their values when the names are swapped', () => {
    const csv = 'severity,domain,comment\na.social,suspend,x\nb.social,silence,y\n';
    expect(parseList(csv).entries.map((entry) => [entry.domain, entry.severity])).toEqual([
      ['a.social', 'suspend'],
      ['b.social', 'silence'],
    ]);
  });

  it('reads a TSV with a header', () => {
    const list = parseList('domain\tseverity\ta.social\tsilence\n'.replace('severity\t', 'severity\n'));
    expect(list.format).toBe('tsv');
    expect(list.entries).toEqual([expect.objectContaining({ domain: 'a.social', severity: 'silence' })]);
  });
});

describe('plain text and TSV', () => {
  it('reads comments, inline comments and blank lines', () => {
    const list = parseList('# FediNuke\n\nbad.social # spam, bots\n  other.social  \n');
    expect(list.format).toBe('plain-text');
    expect(list.entries).toEqual([
      { domain: 'bad.social', severity: 'suspend', comment: 'spam, bots', labels: ['spam', 'bots'] },
      { domain: 'other.social', severity: 'suspend', labels: [] },
    ]);
  });

  it('reads domain, severity and comment separated by tabs', () => {
    const list = parseList('a.social\tsilence\tnoisy bots\nb.social\n');
    expect(list.format).toBe('tsv');
    expect(list.entries).toEqual([
      { domain: 'a.social', severity: 'silence', comment: 'noisy bots', labels: [] },
      { domain: 'b.social', severity: 'suspend', labels: [] },
    ]);
  });

  it('uses the file name only to tell a user export from plain text', () => {
    expect(parseList('a.social\nb.social', { fileName: 'blocked_domains.csv' }).format).toBe('mastodon-user-export');
    expect(parseList('a.social\nb.social', { contentType: 'text/csv; charset=utf-8' }).format).toBe('mastodon-user-export');
    expect(parseList('a.social\nb.social', { fileName: 'list.txt' }).format).toBe('plain-text');
    // The hint never overrides the content.
    expect(parseList(`${ADMIN_HEADER}\na.social,suspend,,,,`, { fileName: 'x.txt' }).format).toBe('mastodon-csv');
  });
});

describe('JSON lists', () => {
  it('reads the admin API, instance API and user API shapes of Mastodon', () => {
    const admin = [
      { id: '1', domain: 'a.social', severity: 'silence', reject_media: true, public_comment: 'spam', private_comment: 'x', obfuscate: false },
      { id: '2', domain: 'b.social', severity: 'suspend', public_comment: null, private_comment: 'internal note' },
      { id: '3', domain: 'c.social', severity: 'nuke' },
      { id: '4' },
    ];
    const list = parseList(JSON.stringify(admin));
    expect(list.format).toBe('mastodon-json');
    expect(list.entries).toEqual([
      { domain: 'a.social', severity: 'silence', comment: 'spam', labels: ['spam'], rejectMedia: true },
      { domain: 'b.social', severity: 'suspend', comment: 'internal note', labels: [] },
    ]);
    expect(list.skipped.map((row) => [row.line, row.reason])).toEqual([
      [3, 'malformed'],
      [4, 'malformed'],
    ]);

    const instance = [
      { domain: 'ap.***.st', digest: 'abc', severity: 'suspend', comment: 'hate' },
      { domain: 'd.social', digest: 'def', severity: 'silence', comment: 'spam' },
    ];
    const fromInstance = parseList(JSON.stringify(instance));
    expect(domains(fromInstance)).toEqual(['d.social']);
    expect(fromInstance.skipped[0]?.reason).toBe('obfuscated');

    expect(domains(parseList('["a.social", "b.social"]'))).toEqual(['a.social', 'b.social']);
    expect(parseList('[]')).toEqual({ format: 'mastodon-json', entries: [], skipped: [] });
  });

  it('reads RapidBlock, where isBlocked: false is not a block', () => {
    const rapid = {
      '@spec': 'https://rapidblock.org/spec/v1/',
      publishedAt: '2023-01-01T00:00:00Z',
      blocks: {
        'a.social': { isBlocked: true, reason: 'Harassment', tags: ['Harassment', 'hate'], dateRequested: 'x', dateDecided: 'y' },
        'b.social': { isBlocked: false, reason: 'not enough evidence', tags: [] },
        'c.social': 'oops',
      },
    };
    const list = parseList(JSON.stringify(rapid));
    expect(list.format).toBe('rapidblock-json');
    expect(list.entries).toEqual([{ domain: 'a.social', severity: 'suspend', comment: 'Harassment', labels: ['harassment', 'hate'] }]);
    expect(list.skipped.map((row) => row.reason)).toEqual(['not-a-block', 'malformed']);
  });
});

describe('input that is not a list throws one clear error and returns nothing', () => {
  const big = 'a'.repeat(20 * 1024 * 1024 + 1);
  const manyRows = Array.from({ length: 200_001 }, (_, i) => `d${i}.social`).join('\n');

  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body>Not found</body></html>', 'html'],
    ['an HTML page after blank lines', '\n\n  <html><head></head></html>', 'html'],
    ['a PNG file', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'binary'],
    ['bytes that are not UTF-8', new Uint8Array([0x61, 0x2e, 0x73, 0x6f, 0xff, 0xfe, 0x0a]), 'binary'],
    ['text full of control characters', 'a.social\u0001\u0002\u0003\u0004\n', 'binary'],
    ['JSON of another shape', '{"users": [1, 2]}', 'wrong-json-shape'],
    ['a JSON array of numbers', '[1, 2, 3]', 'wrong-json-shape'],
    ['broken JSON', '{"blocks": ', 'invalid-json'],
    ['an empty file', '', 'not-a-list'],
    ['only blank lines', '\n \r\n\t\n', 'not-a-list'],
    ['prose', 'Dear friends,\nthis is a letter and not a list.\n', 'not-a-list'],
    ['more than 20 MB of text', big, 'too-large'],
    ['more than 20 MB of bytes', new Uint8Array(20 * 1024 * 1024 + 1), 'too-large'],
    ['more than 200,000 rows', manyRows, 'too-many-rows'],
  ])('%s', (_name, input, code) => {
    let caught: unknown;
    try {
      parseList(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ListParseError);
    expect(caught).toHaveProperty('code', code);
    expect((caught as Error).message).toMatch(/^[A-Z].{20,}/);
  });

  it('accepts a list of exactly 200,000 rows', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `d${i}.social`).join('\n');
    expect(parseList(rows).entries).toHaveLength(200_000);
  });
});
