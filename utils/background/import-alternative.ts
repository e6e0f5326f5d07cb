/**
 * Mastodon's own import as the alternative to a long run (issue 4 §3): a plan
 * of more than 300 requests takes at least one rate-limit window
 * (utils/core/plan.ts `SlowPlan`), while Mastodon imports a
 * `blocked_domains.csv` of up to 20,000 rows at once (Preferences › Import and
 * export › Import, type "Domain blocks"; mastodon-facts.md). The file is the
 * plan's new blocks, not the server's current ones, and must be imported with
 * "Merge": "Overwrite" removes every existing block first.
 *
 * Ownership: see utils/background/import-offers.ts. The file's download
 * records the offer; `confirmImported` (the user's "I have imported it") reads
 * the server's blocks and takes the offered ones it finds, and so does the
 * next plan (utils/background/plans.ts) if the user never says so.
 */
import type { StoredAccount } from '../db/accounts';
import { buildBlockedDomainsCsv } from '../core/export';
import { t } from '../i18n/translate';
import type { DownloadFile, ImportOutcome } from '../protocol';
import { getAccountSnapshot } from '../db/account-snapshots';
import { refreshPersonalBlocks } from './account-reads';
import { toDownload } from './history';
import { adoptImportedBlocks, recordImportOffer } from './import-offers';
import { getPendingPlan } from './plans';
import { ReplyError } from './reply-error';
import { requireMastodonImporter } from './server-capabilities';
import { connectAccount } from './session';

/**
 * The plan's new blocks as `blocked_domains.csv` for Mastodon's import, the
 * first part with the others in `moreParts` when there are more than 20,000,
 * leaving out the domains the user unticked and any the server blocks
 * already. Remembers the offer. Throws a `ReplyError`.
 * @param account - the account the plan is for.
 * @param planId - a stored plan of that account.
 * @param excludeDomains - domains the user left out of the plan (Options › Preview).
 * @param now - epoch ms.
 */
export async function importAlternativeFile(
  account: StoredAccount,
  planId: string,
  excludeDomains: unknown,
  now: number = Date.now(),
): Promise<DownloadFile> {
  requireMastodonImporter(account);
  const pending = await getPendingPlan(planId);
  if (!pending || pending.accountKey !== account.key) throw new ReplyError('not-found', t('bg_planOutdated'));
  const excluded = new Set(Array.isArray(excludeDomains) ? excludeDomains.filter((d): d is string => typeof d === 'string').map((d) => d.toLowerCase()) : []);
  const blockedNow = new Set((await getAccountSnapshot(account.key))?.personalBlocks ?? []);
  const domains = pending.plan.add.map((change) => change.domain).filter((domain) => !excluded.has(domain) && !blockedNow.has(domain));
  if (domains.length === 0) throw new ReplyError('invalid-input', t('bg_importNothingNew'));
  const [first, ...rest] = buildBlockedDomainsCsv(domains);
  if (!first) throw new ReplyError('invalid-input', t('bg_importNothingNew'));
  await recordImportOffer(account.key, { planId, offeredAt: now, domains });
  return { ...toDownload(first), ...(rest.length > 0 ? { moreParts: rest.map(toDownload) } : {}) };
}

/**
 * The user says they imported the file: reads the server's blocks and takes
 * ownership of the offered ones found. Throws a `ReplyError` when
 * nothing was offered (or the offer expired), a `MastodonError` when the
 * server cannot be read.
 * @param account - the account.
 */
export async function confirmImported(account: StoredAccount): Promise<ImportOutcome> {
  const personalBlocks = await refreshPersonalBlocks(await connectAccount(account));
  const outcome = await adoptImportedBlocks(account, personalBlocks);
  if (!outcome) throw new ReplyError('not-found', t('bg_importNotOffered'));
  return outcome;
}
