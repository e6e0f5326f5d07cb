/**
 * Export and history: runs and their undo, the follows saved before blocks,
 * Mastodon's own import instead of a long run, and exports
 * (`HistoryIntents`, utils/protocol/history.ts).
 */
import { t } from '../../i18n/translate';
import type { HistoryIntents } from '../../protocol';
import { previewUndo } from '../change-previews';
import { listExpiredEntries } from '../expiry';
import { exportBlocks, listSnapshots, snapshotCsv } from '../history';
import { confirmImported, importAlternativeFile } from '../import-alternative';
import { checkImporter, sendThroughImporter } from '../importer/send-import';
import { ReplyError } from '../reply-error';
import { listRuns } from '../runs';
import { requireActiveAccount, requireString, requireUsableAccount } from './checks';
import type { HandlerSlice } from './context';

export const HISTORY_HANDLERS: HandlerSlice<HistoryIntents> = {
  'hedge/list-runs': async () => listRuns((await requireActiveAccount()).key),

  'hedge/list-expired': async () => listExpiredEntries((await requireActiveAccount()).key),

  'hedge/undo-run': async (intent) => previewUndo(await requireUsableAccount(), requireString(intent.runId, 'bg_needsRun')),

  'hedge/list-relationship-snapshots': async () => listSnapshots(await requireActiveAccount()),

  'hedge/relationship-snapshot-csv': async (intent) => {
    const side = intent.side ?? 'following';
    if (side !== 'following' && side !== 'followers') throw new ReplyError('invalid-input', t('bg_chooseSnapshotSide'));
    return snapshotCsv(await requireActiveAccount(), requireString(intent.snapshotId, 'bg_needsSavedFollows'), side);
  },

  'hedge/import-alternative': async (intent) =>
    importAlternativeFile(await requireUsableAccount(), requireString(intent.planId, 'bg_needsPlan'), intent.excludeDomains),

  'hedge/import-alternative-done': async (intent, context) => {
    requireString(intent.planId, 'bg_needsPlan');
    const outcome = await confirmImported(await requireUsableAccount());
    await context.onStateChanged();
    return outcome;
  },

  'hedge/importer-check': async (intent) =>
    checkImporter(await requireUsableAccount(), requireString(intent.planId, 'bg_needsPlan'), intent.excludeDomains),

  'hedge/importer-send': async (intent, context) => {
    const outcome = await sendThroughImporter(await requireUsableAccount(), requireString(intent.planId, 'bg_needsPlan'), intent.excludeDomains);
    await context.onStateChanged();
    return outcome;
  },

  'hedge/export': async (intent) => {
    const format = intent.format;
    if (format !== 'blocked-domains-csv' && format !== 'admin-csv' && format !== 'plain-text') {
      throw new ReplyError('invalid-input', t('bg_chooseExportFormat'));
    }
    return exportBlocks(await requireActiveAccount(), format);
  },
};
