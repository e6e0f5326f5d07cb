import type { ParseReportView } from '../utils/protocol';
import type { SkipReason } from '../utils/core/lists/types';
import { t, tCount } from '../utils/i18n/translate';
import { csvText } from '../utils/core/export';
import { downloadFile } from '../utils/ui/download';
import { SKIP_REASON_MESSAGES } from '../utils/i18n/skip-reason-messages';
import { DataTable, type DataTableColumn } from './DataTable';

type SkippedRow = ParseReportView['skipped'][number];

/** The words for a skip reason code (the code stays beside them); a code from a newer version shows as it is. */
function skipReasonText(code: string): string {
  return Object.hasOwn(SKIP_REASON_MESSAGES, code) ? t(SKIP_REASON_MESSAGES[code as SkipReason]) : code;
}

interface ParseReportProps {
  report: ParseReportView;
  /** The list's name, for the downloaded file's name. */
  name: string;
  onClose: () => void;
}

/** What Hedge read of a list: how many entries, and every row it skipped with why, to read or download as CSV. */
export function ParseReport({ report, name, onClose }: ParseReportProps) {
  const columns: Array<DataTableColumn<SkippedRow>> = [
    { key: 'line', header: t('parseReportLine'), cell: (row) => row.line },
    { key: 'reason', header: t('parseReportReason'), cell: (row) => skipReasonText(row.reason) },
    { key: 'code', header: t('parseReportCode'), cell: (row) => <code>{row.reason}</code> },
    { key: 'text', header: t('parseReportText'), cell: (row) => <code>{row.text}</code> },
  ];
  function download(): void {
    const rows = [['line', 'reason', 'code', 'text'], ...report.skipped.map((row) => [String(row.line), skipReasonText(row.reason), row.reason, row.text])];
    downloadFile({ fileName: `${name.replace(/[^\w.-]+/g, '-')}-skipped.csv`, mimeType: 'text/csv', text: csvText(rows) });
  }
  return (
    <div class="stack">
      <p class="no-margin">{t('parseReportSummary', tCount('countEntriesRead', report.entryCount), tCount('countRowsSkipped', report.skipped.length))}</p>
      <DataTable
        caption={t('parseReportSkippedCaption')}
        columns={columns}
        rows={report.skipped}
        rowKey={(row) => `${row.line}-${row.text}`}
      />
      <div class="row">
        {report.skipped.length > 0 ? (
          <button type="button" class="button button--quiet button--small" onClick={download}>
            {t('parseReportDownload')}
          </button>
        ) : null}
        <button type="button" class="button button--quiet button--small" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </div>
  );
}
