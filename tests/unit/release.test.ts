/**
 * The release's checks: the version and the changelog agree before `npm run zip` packs, the zips'
 * bytes depend on their files and one date alone, and the rebuild check reads its instructions and
 * compares files as a reviewer would.
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseChangelog, releaseDate, versionProblem } from '../../scripts/release/changelog';
import { compareFiles, shellBlocks } from '../../scripts/release/rebuild';
import { stampZip, zipDate } from '../../scripts/release/zip-stamp';
import config from '../../wxt.config';

const RELEASED = '# Changelog\n\n## Unreleased\n\n- Something on the way.\n\n## 0.2.0 - 2027-01-15\n\n- Faster.\n\n## 0.1.0 - 2026-12-04\n\n- First.\n';

describe('versionProblem: package.json\'s version against CHANGELOG.md', () => {
  it.each([
    ['the newest released section, dated', '0.2.0', RELEASED, null],
    ['with brackets and an en dash', '1.0.0', '## [1.0.0] – 2027-03-01\n\n- Done.\n', null],
    ['no section for it', '0.3.0', RELEASED, /newest version is 0\.2\.0 and it has no section for 0\.3\.0/],
    ['no released section at all', '0.1.0', '# Changelog\n\n## Unreleased\n\n- Soon.\n', /has no section for version 0\.1\.0/],
    ['an older version than the newest section', '0.1.0', RELEASED, /section for 0\.2\.0 above the one for 0\.1\.0/],
    ['no date', '0.1.0', '## 0.1.0\n\n- First.\n', /has no date/],
    ['not a day', '0.1.0', '## 0.1.0 - 2026-02-30\n\n- First.\n', /not a day written YYYY-MM-DD/],
    ['a date in another form', '0.1.0', '## 0.1.0 - 4.12.2026\n\n- First.\n', /not a day written YYYY-MM-DD/],
    ['an empty section', '0.1.0', '## 0.1.0 - 2026-12-04\n\n## 0.0.9 - 2026-11-01\n\n- Earlier.\n', /is empty/],
  ])('%s', (_case, version, changelog, expected) => {
    const problem = versionProblem(version, changelog);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it('says how to fix it, in words', () => {
    expect(versionProblem('0.3.0', RELEASED)).toContain('Add a section "## 0.3.0 - YYYY-MM-DD"');
  });

  it('reads each section with its date and text', () => {
    expect(parseChangelog(RELEASED)).toEqual([
      { version: 'Unreleased', body: '- Something on the way.' },
      { version: '0.2.0', date: '2027-01-15', body: '- Faster.' },
      { version: '0.1.0', date: '2026-12-04', body: '- First.' },
    ]);
  });

  it('dates a release at midnight UTC of its day', () => {
    expect(releaseDate('0.2.0', RELEASED).toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(() => releaseDate('0.1.0', RELEASED)).toThrow(/above the one for 0\.1\.0/);
  });
});

describe('the version lives in package.json only', () => {
  const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

  it.each(['chrome', 'firefox'])('wxt.config.ts sets no version of its own for %s, so WXT takes package.json\'s', async (browser) => {
    const manifest = config.manifest as (env: { browser: string; manifestVersion: number; mode: string; command: string }) => Record<string, unknown>;
    const built = await manifest({ browser, manifestVersion: 3, mode: 'production', command: 'build' });
    expect(built).not.toHaveProperty('version');
    expect(built).not.toHaveProperty('version_name');
  });

  it('CHANGELOG.md has a dated section for package.json\'s version', () => {
    expect(versionProblem(packageVersion, readFileSync('CHANGELOG.md', 'utf8'))).toBeNull();
  });
});

describe('stampZip: the same files and date make the same bytes', () => {
  const DATE = new Date('2026-12-04T00:00:00Z');

  async function zipOf(files: Array<[string, string]>, date: Date): Promise<Uint8Array> {
    const zip = new JSZip();
    for (const [name, text] of files) zip.file(name, text, { date });
    return zip.generateAsync({ type: 'uint8array' });
  }

  it('ignores the order and dates the files came with, and sorts by name', async () => {
    const first = await stampZip(await zipOf([['b.js', 'b'], ['a/x.json', '{}']], new Date('2020-01-01T10:00:00Z')), DATE);
    const second = await stampZip(await zipOf([['a/x.json', '{}'], ['b.js', 'b']], new Date()), DATE);
    expect(first.equals(second)).toBe(true);
    const read = await JSZip.loadAsync(first);
    expect(Object.keys(read.files)).toEqual(['a/x.json', 'b.js']);
    expect(Object.values(read.files).map((entry) => entry.date.toISOString())).toEqual(['2026-12-04T00:00:00.000Z', '2026-12-04T00:00:00.000Z']);
  });

  it('changes when one byte changes', async () => {
    const first = await stampZip(await zipOf([['a.js', 'let a = 1;']], DATE), DATE);
    const second = await stampZip(await zipOf([['a.js', 'let a = 2;']], DATE), DATE);
    expect(first.equals(second)).toBe(false);
  });

  it.each([
    ['the release day', {}, '2026-12-04T00:00:00.000Z'],
    ['SOURCE_DATE_EPOCH when set', { SOURCE_DATE_EPOCH: '1767225600' }, '2026-01-01T00:00:00.000Z'],
  ])('dates entries with %s', (_case, env, expected) => {
    expect(zipDate('0.1.0', '## 0.1.0 - 2026-12-04\n\n- First.\n', env).toISOString()).toBe(expected);
  });

  it.each([
    ['not a number', 'yesterday', /whole number of seconds/],
    ['before 1980', '0', /before 1980/],
  ])('refuses a SOURCE_DATE_EPOCH %s', (_case, epoch, message) => {
    expect(() => zipDate('0.1.0', '## 0.1.0 - 2026-12-04\n\n- First.\n', { SOURCE_DATE_EPOCH: epoch })).toThrow(message);
  });
});

describe('the rebuild check', () => {
  it('runs the commands of SOURCE-BUILD.md\'s sh blocks, the build first and the zip second', () => {
    expect(shellBlocks(readFileSync('SOURCE-BUILD.md', 'utf8'))).toEqual([['npm ci', 'npm run build:firefox'], ['npm run zip']]);
  });

  it('reads sh blocks only, without comments or blank lines', () => {
    expect(shellBlocks('```text\nnot this\n```\n```sh\n# a comment\nnpm ci\n\nnpm run build\n```\n')).toEqual([['npm ci', 'npm run build']]);
  });

  const bytes = (text: string) => new TextEncoder().encode(text);

  it.each([
    ['the same files', [['a.js', 'a']], [['a.js', 'a']], { isSame: true, missing: [], extra: [], different: [], pathsInside: [] }],
    ['a missing file', [['a.js', 'a'], ['b.js', 'b']], [['a.js', 'a']], { isSame: false, missing: ['b.js'], extra: [], different: [], pathsInside: [] }],
    ['an extra file', [['a.js', 'a']], [['a.js', 'a'], ['c.js', 'c']], { isSame: false, missing: [], extra: ['c.js'], different: [], pathsInside: [] }],
    ['one byte', [['a.js', 'let a=1']], [['a.js', 'let a=2']], { isSame: false, missing: [], extra: [], different: ['a.js'], pathsInside: [] }],
    ['an absolute path', [['a.js', 'x']], [['a.js', 'import "/tmp/hedge-sources-1/utils/a.ts"']], { isSame: false, missing: [], extra: [], different: ['a.js'], pathsInside: ['a.js'] }],
  ] as const)('compares %s', (_case, expected, actual, result) => {
    const asMap = (files: ReadonlyArray<readonly [string, string]>) => new Map(files.map(([name, text]) => [name, bytes(text)]));
    expect(compareFiles(asMap(expected), asMap(actual), ['/tmp/hedge-sources-1'])).toEqual(result);
  });
});
