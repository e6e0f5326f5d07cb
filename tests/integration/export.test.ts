/**
 * Export › blocked_domains.csv holds every personal block: beyond Mastodon's
 * import limit of 20,000 rows a file (docs/mastodon-facts.md), the export
 * comes in several parts, none left out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DownloadFile } from '../../utils/protocol';
import { generatedDomains, startWorld, type World } from './subscriptions-helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const rowsOf = (file: DownloadFile): string[] => file.text.split('\n').filter((line) => line !== '');

describe('Export › blocked_domains.csv', () => {
  it.each([
    [3, ['blocked_domains.csv']],
    [20_000, ['blocked_domains.csv']],
    [20_001, ['blocked_domains-1-of-2.csv', 'blocked_domains-2-of-2.csv']],
  ])('with %i blocks on the server gives %j, every block once', async (count, names) => {
    world = await startWorld({ seed: 'empty' });
    const domains = generatedDomains(count);
    for (const domain of domains) world.mastodon.state.addDomainBlock(domain);

    const file = await world.background.value<DownloadFile>({ type: 'hedge/export', format: 'blocked-domains-csv' });

    const files = [file, ...(file.moreParts ?? [])];
    expect(files.map((part) => part.fileName)).toEqual(names);
    for (const part of files) expect(rowsOf(part).length).toBeLessThanOrEqual(20_000);
    for (const part of file.moreParts ?? []) expect(part.moreParts).toBeUndefined();
    expect(files.flatMap(rowsOf).sort()).toEqual([...domains].sort());
  }, 60_000);
});
