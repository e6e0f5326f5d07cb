import { describe, expect, it } from 'vitest';
import { sourcesEntries, sourcesFromEntries } from '../../utils/background/sync/entries';
import type { AccountSources } from '../../utils/core/source-changes';

const NONE: AccountSources = { presets: [], alwaysBlock: [], neverBlock: [], limit: [] };

describe('domains arriving from sync', () => {
  it.each([
    ['bad.example', true],
    ['sub.bad.example', true],
    ['xn--bcher-kva.example', true],
    ['-bad.example', false],
    ['bad-.example', false],
    ['Bad.Example', false],
    ['bad..example', false],
    [`${'a'.repeat(64)}.example`, false],
    ['', false],
  ])('%j reads as a stored domain: %s', (domain, reads) => {
    const entries = { [`a:${domain}`]: true, [`n:${domain}`]: true, [`l:${domain}`]: true };
    const sources = sourcesFromEntries(entries, NONE);
    const expected = reads ? [domain] : [];
    expect(sources).toEqual({ presets: [], alwaysBlock: expected, neverBlock: expected, limit: expected });
  });

  it('reads back what this browser wrote', () => {
    const sources: AccountSources = { presets: [], alwaysBlock: ['a.example'], neverBlock: ['b.example'], limit: ['c.example'] };
    expect(sourcesFromEntries(sourcesEntries(sources), NONE)).toEqual(sources);
  });
});
