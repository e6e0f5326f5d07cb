/**
 * Every real list in tests/fixtures/lists parses to the entry and skip counts
 * that this test derives on its own: a deliberately simple line count checked
 * against the numbers of SOURCES.md, never the parser's output.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseList, type ListFormat } from '../../utils/core/lists/index.ts';

const DIR = join(import.meta.dirname, '../fixtures/lists');
const SOURCES = readFileSync(join(DIR, 'SOURCES.md'), 'utf8');

/** The "entries" column of SOURCES.md: `| file | origin | licence | 449 (444 suspend, 5 silence) | notes |`. */
function documented(file: string): { rows: number; suspend?: number; silence?: number } {
  const line = SOURCES.split('\n').find((row) => row.startsWith(`| ${file} |`));
  if (line === undefined) throw new Error(`${file} is not in SOURCES.md`);
  const cell = line.split('|')[4]?.trim() ?? '';
  const rows = Number(/^\d+/.exec(cell)?.[0]);
  const suspend = /(\d+) suspend/.exec(cell)?.[1];
  const silence = /(\d+) silence/.exec(cell)?.[1];
  return {
    rows,
    ...(suspend === undefined ? {} : { suspend: Number(suspend) }),
    ...(silence === undefined ? {} : { silence: Number(silence) }),
  };
}

/** A naive reading, good enough for these files: none has a line break inside quotes. */
function naiveCount(text: string): { rows: number; canaries: number; duplicates: number; severities: Record<string, number> } {
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const hasHeader = /^"?domain"?,/.test(lines[0] ?? '');
  const data = hasHeader ? lines.slice(1) : lines;
  const seen = new Set<string>();
  const severities: Record<string, number> = {};
  let canaries = 0;
  let duplicates = 0;
  for (const line of data) {
    const cells = line.split(',').map((cell) => cell.replace(/"/g, '').trim());
    const domain = (cells[0] ?? '').toLowerCase();
    if (/\.(invalid|test|example|localhost)$|(^|\.)example\.(com|net|org)$|^000/.test(domain)) {
      canaries += 1;
      continue;
    }
    if (seen.has(domain)) {
      duplicates += 1;
      continue;
    }
    seen.add(domain);
    const severity = cells[1] === undefined || cells[1] === '' ? 'suspend' : cells[1];
    severities[severity] = (severities[severity] ?? 0) + 1;
  }
  return { rows: data.length, canaries, duplicates, severities };
}

const EXPECTED_FORMAT: Record<string, ListFormat> = {
  'fediblockhole-demo-allowlist-01.csv': 'fediblockhole-csv',
  'fediblockhole-demo-blocklist-01.csv': 'fediblockhole-csv',
  'gardenfence-fediblocksync.csv': 'fediblockhole-csv',
  'gardenfence-mastodon.csv': 'mastodon-csv',
  'gardenfence.txt': 'plain-text',
  'iftas-cariad-66.csv': 'mastodon-csv',
  'iftas-dni-2024-06.csv': 'mastodon-csv',
  'oliphant-2022-12-user-export-blocked_domains.csv': 'mastodon-user-export',
  'oliphant-2023-05-mastodon-_unified_tier1_blocklist.csv': 'mastodon-csv',
  'oliphant-mastodon-_unified_tier0_blocklist.csv': 'mastodon-csv',
  'oliphant-mirror-iftas-dni-2026-02.csv': 'mastodon-csv',
  'oliphant-mirror-seirdy-tier0.csv': 'fediblockhole-csv',
  'sally3125-fedinuke-plaintext-2023-07.txt': 'plain-text',
  'sally3125-user-import-blocked_domains_threadsonly.csv': 'mastodon-user-export',
};

const textLists = readdirSync(DIR).filter((file) => file.endsWith('.csv') || file.endsWith('.txt'));

describe('every fixture list parses to the counts derived independently', () => {
  it('covers every text list in the fixtures', () => {
    expect(textLists.sort()).toEqual(Object.keys(EXPECTED_FORMAT).sort());
  });

  it.each(textLists)('%s', (file) => {
    const bytes = readFileSync(join(DIR, file));
    const naive = naiveCount(bytes.toString('utf8'));
    const doc = documented(file);
    expect(naive.rows).toBe(doc.rows);

    const list = parseList(bytes, { fileName: file });
    expect(list.format).toBe(EXPECTED_FORMAT[file]);
    expect(list.entries).toHaveLength(naive.rows - naive.canaries - naive.duplicates);
    expect(list.skipped).toHaveLength(naive.canaries + naive.duplicates);
    expect(list.skipped.filter((row) => row.reason === 'canary')).toHaveLength(naive.canaries);

    const severities: Record<string, number> = {};
    for (const entry of list.entries) severities[entry.severity] = (severities[entry.severity] ?? 0) + 1;
    expect(severities).toEqual(naive.severities);
    if (doc.silence !== undefined) expect(severities.silence).toBe(doc.silence);
    if (doc.suspend !== undefined) expect(severities.suspend).toBe(doc.suspend);

    for (const entry of list.entries) expect(entry.domain).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });

  it('reads the same list alike whether given as bytes or text, without the file name', () => {
    const text = readFileSync(join(DIR, 'oliphant-2022-12-user-export-blocked_domains.csv'), 'utf8');
    const fromText = parseList(text);
    expect(fromText.format).toBe('plain-text');
    expect(fromText.entries.map((entry) => entry.domain)).toEqual(
      text.split('\n').map((line) => line.trim()).filter((line) => line !== ''),
    );
  });
});

describe('labels and comments of real lists', () => {
  it('reads Garden Fence tags and keeps the text in comment', () => {
    const text = readFileSync(join(DIR, 'gardenfence-mastodon.csv'), 'utf8');
    // Counted naively: the quoted last-but-one column, split on commas. (SOURCES.md says 20; the file holds 21.)
    const naiveTags = new Set(
      text.split('\n').slice(1).flatMap((line) => (/"([^"]*)"/.exec(line)?.[1] ?? line.split(',')[4] ?? '').split(',').map((tag) => tag.trim())),
    );
    naiveTags.delete('');
    const list = parseList(text);
    const tags = new Set(list.entries.flatMap((entry) => entry.labels));
    expect([...tags].sort()).toEqual([...naiveTags].sort());
    expect(tags.size).toBe(21);
    const birdMakeup = list.entries.find((entry) => entry.domain === 'bird.makeup');
    expect(birdMakeup).toMatchObject({ labels: ['bots', 'twitter'], comment: 'bots, twitter', severity: 'suspend', rejectMedia: false });
  });

  it('takes labels from the public comment of the FediBlockHole Garden Fence file, not the dated private one', () => {
    const list = parseList(readFileSync(join(DIR, 'gardenfence-fediblocksync.csv')));
    expect(list.entries.find((entry) => entry.domain === 'bird.makeup')?.labels).toEqual(['bots', 'twitter']);
  });

  it.each([
    ['iftas-dni-2024-06.csv', 'bae.st', ['iftas:hate-speech', 'iftas:online-harassment'], 'IFTAS:Hate-Speech;Online-Harassment'],
    ['oliphant-mirror-iftas-dni-2026-02.csv', 'bae.st', ['iftas:hate-speech', 'iftas:online-harassment'], 'iftas:hate-speech;online-harassment'],
    ['oliphant-mastodon-_unified_tier0_blocklist.csv', 'aethy.com', ['inappropriate', 'underage', 'iftas:csam'], 'inappropriate, underage, iftas:csam'],
  ])('%s: %s has labels %j', (file, domain, labels, comment) => {
    const entry = parseList(readFileSync(join(DIR, file))).entries.find((row) => row.domain === domain);
    expect(entry?.labels).toEqual(labels);
    expect(entry?.comment).toBe(comment);
  });

  it('reads reject_media=true of the 2024 IFTAS DNI', () => {
    const entry = parseList(readFileSync(join(DIR, 'iftas-dni-2024-06.csv'))).entries.find((row) => row.domain === '9yo.punipoka.pink');
    expect(entry?.rejectMedia).toBe(true);
  });

  it('keeps prose as a comment without inventing labels', () => {
    const list = parseList(readFileSync(join(DIR, 'fediblockhole-demo-allowlist-01.csv')));
    expect(list.entries).toEqual([
      { domain: 'eigenmagic.net', severity: 'noop', comment: 'Only the domain field matters for allowlists', labels: [], rejectMedia: false },
    ]);
  });

  it("skips Seirdy's canary row and says why", () => {
    const list = parseList(readFileSync(join(DIR, 'oliphant-mirror-seirdy-tier0.csv')));
    const canary = list.skipped.find((row) => row.raw.startsWith('000delete'));
    expect(canary).toMatchObject({ line: 2, reason: 'canary' });
    expect(canary?.message).toMatch(/never applied/);
  });
});

describe('FIRES pages of the synthetic walkthrough', () => {
  const walkthrough = JSON.parse(readFileSync(join(DIR, 'fires-SYNTHETIC-consumer-walkthrough.json'), 'utf8')) as {
    responses: Record<string, unknown>;
  };
  const snapshot = walkthrough.responses['GET /datasets/0193a1b2-0000-7000-8000-00000000d501/snapshot'];
  const page = walkthrough.responses[
    'GET /datasets/0193a1b2-0000-7000-8000-00000000d501/changes?since=00000000-0000-7000-A000-000000000000'
  ];
  // Read off the fixture by hand: poa.st and baraag.net are dropped, example-limited.social filtered,
  // example-friend.social accepted, example-advisory.social advised then retracted, one actor rejected.
  const expected = [
    { domain: 'poa.st', severity: 'suspend', isAdvisory: undefined },
    { domain: 'baraag.net', severity: 'suspend', isAdvisory: undefined },
    { domain: 'example-limited.social', severity: 'silence', isAdvisory: true },
    { domain: 'example-friend.social', severity: 'noop', isAdvisory: undefined },
  ];

  it.each([
    ['snapshot', snapshot, 'fires-snapshot'],
    ['change page from genesis', page, 'fires-changes'],
  ])('%s', (_name, body, format) => {
    const list = parseList(JSON.stringify(body));
    expect(list.format).toBe(format);
    const got = list.entries.map(({ domain, severity, isAdvisory }) => ({ domain, severity, isAdvisory }));
    expect(got.sort((a, b) => a.domain.localeCompare(b.domain))).toEqual(
      [...expected].sort((a, b) => a.domain.localeCompare(b.domain)),
    );
    expect(list.actors?.map((actor) => actor.actor)).toEqual(['https://example.social/users/spammer']);
    expect(list.skipped).toEqual([]);
    expect(list.entries.find((entry) => entry.domain === 'poa.st')?.labels).toEqual([
      'https://fires.example/labels/0193a1b2-0000-7000-8000-0000000001a2',
    ]);
  });

  it('reads an empty, caught-up page as an empty list', () => {
    const caughtUp = walkthrough.responses[
      'GET /datasets/0193a1b2-0000-7000-8000-00000000d501/changes?since=0193a1b3-0007-7000-8000-000000000007'
    ];
    expect(parseList(JSON.stringify(caughtUp))).toMatchObject({ format: 'fires-changes', entries: [], skipped: [] });
  });

  it.each(['fires-doc-example-dataset.json', 'fires-doc-example-label.json', 'fires-doc-example-labels-collection.json', 'fires-context.jsonld'])(
    '%s is not a list and says so',
    (file) => {
      expect(() => parseList(readFileSync(join(DIR, file)))).toThrow(expect.objectContaining({ code: 'wrong-json-shape' }));
    },
  );
});
