import { describe, expect, it } from 'vitest';
import { detectServerSoftware, hasPersonalDomainBlocks, type ServerSoftware } from '../../utils/core/server-software.ts';

// Version texts as each project's source writes them (docs/other-servers.md).
describe('detectServerSoftware reads the instance answer', () => {
  it.each<[string, string | undefined, ServerSoftware]>([
    ['4.6.5', 'https://github.com/mastodon/mastodon', 'mastodon'],
    ['4.2.10+glitch', undefined, 'mastodon'],
    ['4.3.2+hometown-1.1.2', 'https://github.com/hometown-fork/hometown', 'mastodon'],
    ['2.7.2 (compatible; Pleroma 2.7.0)', undefined, 'pleroma'],
    ['2.7.2 (compatible; Pleroma 2.2.50-1234-gabcdef-develop)', undefined, 'pleroma'],
    ['2.7.2 (compatible; Akkoma 3.15.2)', undefined, 'akkoma'],
    ['2.7.2 (compatible; akkoma 3.13.0-0-g1a2b3c)', undefined, 'akkoma'],
    ['0.20.0', 'https://codeberg.org/superseriousbusiness/gotosocial', 'gotosocial'],
    ['3.5.3+0.20.0', 'https://codeberg.org/superseriousbusiness/gotosocial', 'gotosocial'],
    ['0.19.1 git-ab12cd3', undefined, 'gotosocial'],
    ['', undefined, 'mastodon'],
  ])('%j (source %j) → %s', (version, sourceUrl, expected) => {
    expect(detectServerSoftware({ version, ...(sourceUrl === undefined ? {} : { sourceUrl }) })).toBe(expected);
  });
});

describe('hasPersonalDomainBlocks', () => {
  it.each<[ServerSoftware, boolean]>([
    ['mastodon', true],
    ['pleroma', true],
    ['akkoma', true],
    ['gotosocial', false],
  ])('%s → %s', (software, expected) => {
    expect(hasPersonalDomainBlocks(software)).toBe(expected);
  });
});
