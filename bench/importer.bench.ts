/**
 * 5,000 new blocks through Mastodon's own importer, against the least time the API allows for
 * the same work, in one run.
 *
 * The importer path is what utils/background/importer/send-import.ts does after the user's
 * confirmation, with the same code where it matters: the page steps of page-steps.ts run in a
 * Chromium page on the local Mastodon's import page (as `scripting.executeScript` runs them in a
 * tab of the instance), signed in with demo's web session; they upload the file with "Merge",
 * confirm it, and read the import's row until it is finished; then the server's blocks are read
 * through the API (masto.js adapter, 200 a page) until they equal the plan. The clock runs from
 * opening the page to that read. The local Mastodon runs its import job as Mastodon's
 * BulkImportService does, all rows in one job, after its background-job delay (300 ms).
 *
 * The API bound: Mastodon allows 300 requests per 5 minutes per token
 * (config/initializers/rack_attack.rb). From a window's start, N writes need ceil(N / 300)
 * windows and the last batch goes the moment its window opens: (ceil(N / 300) - 1) × 300 s
 * (`estimateDurationMs`, utils/core/rate-limit.ts), 4,800 s for N = 5,000, before the read of
 * the server's blocks that ends a run. Hedge's engine measures 1.03 times that bound
 * (apply.bench.ts); this bench computes the bound instead of waiting 80 minutes.
 */
import { createRestAPIClient } from 'masto';
import { estimateDurationMs } from '../utils/core/rate-limit';
import { buildBlockedDomainsCsv } from '../utils/core/export';
import { createDomainBlockAdapter } from '../utils/mastodon/domain-blocks';
import { startFakeMastodon } from '../tests/fake-mastodon/index';
import { launchImportBrowser } from '../tests/integration/importer-page';

const N = 5000;
const LIMIT = 300;
const WINDOW_MS = 300_000;
const PROGRESS_INTERVAL_MS = 1_000;

const domains = Array.from({ length: N }, (_, i) => `bench-${String(i).padStart(4, '0')}.example.net`);

export async function run(): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const server = await startFakeMastodon({ seed: 'empty', windowMs: WINDOW_MS, limitPerWindow: LIMIT });
  const browser = await launchImportBrowser(server);
  const api = createDomainBlockAdapter(createRestAPIClient({ url: server.url, accessToken: server.demoToken }), { host: new URL(server.url).host, apiVersion: 2 });
  let errors = 0;
  let polls = 0;
  try {
    await browser.signIn();
    const [file] = buildBlockedDomainsCsv(domains);
    if (!file) throw new Error('No file to import.');
    const start = Date.now();
    const page = await browser.openPage(server.url);
    const check = await page.inspect();
    if (check.kind !== 'ready') throw new Error(`The import page is not ready: ${JSON.stringify(check)}`);
    const sent = await page.send(file.text, file.filename);
    if (sent.kind !== 'confirmed') throw new Error(`The import was not confirmed: ${JSON.stringify(sent)}`);
    for (;;) {
      const progress = await page.progress(sent.importId);
      polls += 1;
      if (progress.kind !== 'row') throw new Error(`The import's row is gone: ${JSON.stringify(progress)}`);
      if (progress.state === 'Finished') break;
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_INTERVAL_MS));
    }
    await page.close();
    const onServer = new Set(await api.listAll());
    const ms = Date.now() - start;
    errors = domains.filter((domain) => !onServer.has(domain)).length + server.state.requests.filter((request) => /^\/(settings|api)\//.test(request.path) && request.status >= 400).length;
    const boundMs = estimateDurationMs(N, LIMIT, WINDOW_MS);
    const reads = server.state.requests.filter((request) => request.path === '/api/v1/domain_blocks').length;
    return [
      {
        name: 'apply_5000_import_s',
        value: ms / 1000,
        unit: 's',
        note: `5,000 new blocks through Mastodon's importer (local Mastodon): page opened, upload with Merge, confirmation, ${polls} reads of the import's row a second apart, then ${reads} API reads of the server's blocks, which equal the plan`,
      },
      {
        name: 'apply_5000_api_bound_s',
        value: boundMs / 1000,
        unit: 's',
        note: '(ceil(5000 / 300) - 1) × 300 s: the least time Mastodon\'s 300 requests per 5 minutes allow 5,000 block requests, from a window start, answers taken as instant',
      },
      { name: 'apply_5000_import_ratio_to_api_bound', value: ms / boundMs, unit: 'x', note: 'target: under 0.05 (one twentieth)' },
      { name: 'apply_5000_import_errors', value: errors, unit: 'answers', note: 'domains missing on the server afterwards plus answers of 400 or more to the import pages and the API (the page\'s own /favicon.ico 404 aside)' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
