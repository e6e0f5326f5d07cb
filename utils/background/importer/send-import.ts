/**
 * A plan's new blocks through Mastodon's own importer, in one click (issue 17).
 * The API allows 300 requests per 5 minutes per token, so 5,000 blocks take at
 * least 80 minutes through it; Mastodon's importer takes up to 20,000 rows in
 * one file and blocks them all in one background job
 * (app/services/bulk_import_service.rb `import_domain_blocks!`: `block_domain!`
 * per row, find or create, then `AfterAccountDomainBlockWorker` per domain: the
 * same follow side effects as a block through the API).
 *
 * The flow, each step safe to interrupt:
 * 1. `checkImporter`: the import page in a tab of the user's instance says who
 *    is signed in there and whether its form is the one the source describes.
 *    The user then confirms ("you are logged in as …").
 * 2. `sendThroughImporter` reads the server's blocks through the API, and
 *    records the offer (import-offers.ts) before anything is sent: whatever
 *    lands on the server from here on, even if the browser stops halfway,
 *    becomes Hedge's at the next read, and the next plan holds only what is
 *    still missing.
 * 3. In the tab: upload with "Merge" (never "Overwrite", which removes every
 *    block not in the file), confirm, and follow the import's row until it is
 *    finished. An upload never confirmed is never applied.
 * 4. Reads the server's blocks again, takes ownership of the offered domains
 *    found (only those not blocked before, since only those were in the file),
 *    and drops the plan: applying it through the API now would send blocks the
 *    server has. The next preview plans what is missing, for the API engine.
 *
 * Removals never go this way: the importer can only add ("Merge").
 */
import type { StoredAccount } from '../../db/accounts';
import { getAccountSnapshot } from '../../db/account-snapshots';
import { buildBlockedDomainsCsv } from '../../core/export';
import { t } from '../../i18n/translate';
import type { ImporterCheck, ImporterOutcome } from '../../protocol';
import { refreshPersonalBlocks } from '../account-reads';
import { adoptImportedBlocks, forgetImportOffer, recordImportOffer } from '../import-offers';
import { discardPendingPlan, getPendingPlan } from '../plans';
import { ReplyError } from '../reply-error';
import { requireMastodonImporter } from '../server-capabilities';
import { connectAccount } from '../session';
import { openImportPage, type ImportPage } from './import-tab';
import type { ImportPageCheck, ImportSendResult } from './page-steps';

/** How often the import's row is read while it runs. */
const PROGRESS_INTERVAL_MS = 1_000;
/** How long Hedge follows one import before leaving the rest to the API engine. */
const FOLLOW_TIMEOUT_MS = 10 * 60_000;
/** config/locales/en.yml `imports.states.finished`, read with `lang=en` (page-steps.ts). */
const FINISHED_STATE = 'Finished';

/** What the flow needs from the browser; tests and the bench give their own. */
export interface ImporterDeps {
  openPage: (origin: string) => Promise<ImportPage>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

const DEFAULT_DEPS: ImporterDeps = {
  openPage: openImportPage,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

let deps: ImporterDeps = DEFAULT_DEPS;

/**
 * Replaces the browser parts; with no argument, restores them.
 * @internal Tests run the page steps in Chromium driven by Playwright (tests/integration/importer-page.ts).
 */
export function setImporterDeps(replacement?: Partial<ImporterDeps>): void {
  deps = { ...DEFAULT_DEPS, ...replacement };
}

/** The plan's new blocks: its additions less the rows left out and what `blockedNow` holds. */
async function newBlocks(account: StoredAccount, planId: string, excludeDomains: unknown, blockedNow: ReadonlySet<string>): Promise<string[]> {
  const pending = await getPendingPlan(planId);
  if (!pending || pending.accountKey !== account.key) throw new ReplyError('not-found', t('bg_planOutdated'));
  const excluded = new Set(Array.isArray(excludeDomains) ? excludeDomains.filter((d): d is string => typeof d === 'string').map((d) => d.toLowerCase()) : []);
  const domains = pending.plan.add.map((change) => change.domain).filter((domain) => !excluded.has(domain) && !blockedNow.has(domain));
  if (domains.length === 0) throw new ReplyError('invalid-input', t('bg_importNothingNew'));
  return domains;
}

/** A page that is not ready, in words; null when it is ready for this account. */
function pageProblem(account: StoredAccount, check: ImportPageCheck | ImportSendResult): string | null {
  const host = new URL(account.origin).host;
  switch (check.kind) {
    case 'signed-out':
      return t('bg_importerSignedOut', host);
    case 'form-differs':
      return t('bg_importerFormDiffers', host, check.missing);
    case 'refused':
      return t('bg_importerRefused', check.message);
    case 'failed':
      return t('bg_importerFailed', String(check.status));
    case 'signed-out-at-confirm':
      return t('bg_importerSignedOutDuring');
    case 'ready':
      return check.accountId !== null && check.accountId !== account.accountId ? t('bg_importerOtherUser', host, account.acct) : null;
    case 'confirmed':
      return null;
  }
}

/**
 * Looks at the import page of the account's instance: throws a `ReplyError` in
 * words when nobody (or somebody else) is signed in there or the form is not
 * Mastodon's; otherwise what the user is asked to confirm.
 */
export async function checkImporter(account: StoredAccount, planId: string, excludeDomains: unknown): Promise<ImporterCheck> {
  requireMastodonImporter(account);
  // What Hedge last read of the server; the send reads it again before the upload.
  const blockedNow = new Set((await getAccountSnapshot(account.key))?.personalBlocks ?? []);
  const domains = await newBlocks(account, planId, excludeDomains, blockedNow);
  const page = await deps.openPage(account.origin);
  let check: ImportPageCheck;
  try {
    check = await page.inspect();
  } finally {
    await page.close();
  }
  const problem = pageProblem(account, check);
  if (problem !== null) throw new ReplyError('denied', problem);
  return { acct: account.acct, host: new URL(account.origin).host, domainCount: domains.length };
}

/**
 * Sends the plan's new blocks through the importer, follows the job, reads
 * the server and owns what arrived. Throws a `ReplyError` only while nothing
 * has changed (the import page is not ready). From the upload on, the plan is
 * used up and every ending is an outcome: what arrived, and in `problem` why
 * the rest did not; the next preview plans the rest.
 */
export async function sendThroughImporter(account: StoredAccount, planId: string, excludeDomains: unknown): Promise<ImporterOutcome> {
  requireMastodonImporter(account);
  const connection = await connectAccount(account);
  const before = new Set(await refreshPersonalBlocks(connection));
  const domains = await newBlocks(account, planId, excludeDomains, before);
  const page = await deps.openPage(account.origin);
  let problem: string | null = null;
  // Whether an import may have reached the server: confirmed, or a step cut off before its answer.
  let mayHaveSent = false;
  try {
    problem = pageProblem(account, await page.inspect());
    if (problem !== null) throw new ReplyError('denied', problem);
    // Before the upload: whatever lands from here on is Hedge's at the next read, and the plan
    // can no longer be applied through the API, which would send blocks the server may have now.
    await recordImportOffer(account.key, { planId, offeredAt: deps.now(), domains });
    await discardPendingPlan(planId);
    for (const part of buildBlockedDomainsCsv(domains)) {
      const result = await stepOrProblem(() => page.send(part.text, part.filename));
      if (typeof result === 'string') {
        [problem, mayHaveSent] = [result, true];
        break;
      }
      problem = pageProblem(account, result);
      if (result.kind === 'signed-out-at-confirm') mayHaveSent = true;
      if (result.kind !== 'confirmed') break;
      mayHaveSent = true;
      problem = await follow(page, result.importId);
      if (problem !== null) break;
    }
  } finally {
    await page.close().catch((error: unknown) => console.warn('Hedge: the import tab was closed already', error));
  }
  if (!mayHaveSent) {
    await forgetImportOffer(account.key);
    return { found: 0, missing: domains.length, problem };
  }
  const after = await refreshPersonalBlocks(connection);
  const adopted = await adoptImportedBlocks(account, after, deps.now());
  return { found: adopted?.found ?? 0, missing: adopted?.missing ?? 0, problem };
}

/** A step's result, or the problem in words when the tab or its script was cut off (closed, navigated away). */
async function stepOrProblem<T>(step: () => Promise<T>): Promise<T | string> {
  try {
    return await step();
  } catch (error) {
    console.warn('Hedge: a step in the import tab did not finish', error);
    return t('bg_importerInterrupted');
  }
}

/** Reads the import's row until it is finished; a problem in words, or null. */
async function follow(page: ImportPage, importId: string): Promise<string | null> {
  const deadline = deps.now() + FOLLOW_TIMEOUT_MS;
  for (;;) {
    const progress = await stepOrProblem(() => page.progress(importId));
    if (typeof progress === 'string') return progress;
    if (progress.kind === 'signed-out') return t('bg_importerSignedOutDuring');
    if (progress.kind === 'missing') return t('bg_importerLost');
    if (progress.state === FINISHED_STATE) return progress.imported === progress.total ? null : t('bg_importerStopped', String(progress.imported), String(progress.total));
    if (deps.now() >= deadline) return t('bg_importerSlow');
    await deps.sleep(PROGRESS_INTERVAL_MS);
  }
}
