/**
 * Files the user can take to Mastodon's own tools or to other people:
 * - `blocked_domains.csv`, the format of Mastodon's personal export and import
 *   (Settings › Import and export; app/models/export.rb writes one domain per
 *   line, no header; imports accept at most 20,000 rows, app/models/form/import.rb);
 * - the following list, to restore follows after an unblock
 *   (header `Account address,Show boosts,Notify on new posts,Languages`);
 * - the followers a block cut, to find them again (Mastodon has no import for
 *   followers: they follow back or not), with their profile addresses;
 * - the admin domain-block CSV
 *   (`#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate`);
 * - plain text, one domain per line with `#` comments.
 *
 * Every CSV Hedge writes, here and on its pages, goes through {@link csvField}
 * (or {@link csvText}): fields are quoted as RFC 4180 asks, and text that a
 * spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or
 * carriage return) gets a leading `'` (OWASP "CSV Injection").
 */
import type { DesiredState, Severity } from './model.ts';

/** Rows Mastodon's import accepts in one file. */
export const MASTODON_IMPORT_MAX_ROWS = 20_000;

/** A file ready to download. */
export interface ExportFile {
  filename: string;
  /** MIME type for the download. */
  type: string;
  text: string;
}

/** A follow to restore with Mastodon's following import. */
export interface FollowExportRow {
  /** Full `user@domain`. */
  acct: string;
  showBoosts?: boolean;
  notify?: boolean;
  languages?: readonly string[];
}

/** One row of Mastodon's admin domain-block CSV. */
export interface AdminBlockRow {
  domain: string;
  severity: Severity;
  rejectMedia?: boolean;
  rejectReports?: boolean;
  publicComment?: string;
  obfuscate?: boolean;
}

const CSV_TYPE = 'text/csv';

/**
 * Neutralises text a spreadsheet would evaluate as a formula.
 * @param text - free text going into a CSV cell.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * One CSV field: a would-be formula neutralised, then quoted when it holds a
 * comma, a quote or a line break.
 * @param value - the field's text.
 */
export function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/**
 * A whole CSV text, CRLF line ends and a final line end (RFC 4180), every
 * field through {@link csvField}.
 * @param rows - the rows, the header first.
 */
export function csvText(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map(csvLine).map((line) => `${line}\r\n`).join('');
}

/**
 * `blocked_domains.csv` for Mastodon's import (type "Domain blocks", mode
 * "Merge"): one domain per line, no header. More than 20,000 domains are split
 * into several files, each within the import's limit.
 * @param domains - lowercase punycode domains; duplicates are dropped.
 */
export function buildBlockedDomainsCsv(domains: Iterable<string>): ExportFile[] {
  const unique = [...new Set([...domains].map((domain) => domain.trim().toLowerCase()).filter(Boolean))];
  for (const domain of unique) {
    if (/[\s,"]/.test(domain)) throw new Error(`"${domain}" is not a domain name and cannot go into blocked_domains.csv.`);
  }
  const parts = Math.max(1, Math.ceil(unique.length / MASTODON_IMPORT_MAX_ROWS));
  return Array.from({ length: parts }, (_, part) => ({
    filename: parts === 1 ? 'blocked_domains.csv' : `blocked_domains-${part + 1}-of-${parts}.csv`,
    type: CSV_TYPE,
    text: unique.slice(part * MASTODON_IMPORT_MAX_ROWS, (part + 1) * MASTODON_IMPORT_MAX_ROWS).map((domain) => `${domain}\n`).join(''),
  }));
}

/**
 * The following CSV Mastodon exports and imports (app/models/export.rb
 * `to_following_accounts_csv`): accounts without a domain are refused, since
 * an import would look them up on the wrong server.
 * @param rows - the follows; boosts shown and no notifications when unknown, as Mastodon's defaults.
 */
export function buildFollowingCsv(rows: readonly FollowExportRow[]): ExportFile {
  const lines = [csvLine(['Account address', 'Show boosts', 'Notify on new posts', 'Languages'])];
  for (const row of rows) {
    const acct = row.acct.replace(/^@/, '');
    if (!/^[^@\s]+@[^@\s]+$/.test(acct)) throw new Error(`"${row.acct}" is not a full account address (user@server).`);
    lines.push(
      csvLine([
        acct,
        String(row.showBoosts ?? true),
        String(row.notify ?? false),
        (row.languages ?? []).join(', '),
      ]),
    );
  }
  return { filename: 'following_accounts.csv', type: CSV_TYPE, text: `${lines.join('\n')}\n` };
}

/** A follower a block cut, to look up again. */
export interface FollowerExportRow {
  /** Full `user@domain`. */
  acct: string;
  displayName: string;
  /** The profile's address, or empty when unknown. */
  url: string;
}

/**
 * The followers a block cut, one per row with the profile's address, to find
 * them again after an unblock (`Account address,Display name,Profile URL`).
 * @param rows - the followers.
 * @param filename - the file's name.
 */
export function buildFollowersCsv(rows: readonly FollowerExportRow[], filename = 'followers.csv'): ExportFile {
  const lines = [csvLine(['Account address', 'Display name', 'Profile URL'])];
  for (const row of rows) lines.push(csvLine([row.acct.replace(/^@/, ''), row.displayName, row.url]));
  return { filename, type: CSV_TYPE, text: `${lines.join('\n')}\n` };
}

/**
 * Mastodon's admin domain-block CSV, for a moderator to import server-wide.
 * @param rows - the blocks.
 */
export function buildAdminBlocksCsv(rows: readonly AdminBlockRow[]): ExportFile {
  const lines = [csvLine(['#domain', '#severity', '#reject_media', '#reject_reports', '#public_comment', '#obfuscate'])];
  for (const row of rows) {
    lines.push(
      csvLine([
        row.domain,
        row.severity,
        String(row.rejectMedia ?? false),
        String(row.rejectReports ?? false),
        row.publicComment ?? '',
        String(row.obfuscate ?? false),
      ]),
    );
  }
  return { filename: 'domain_blocks.csv', type: CSV_TYPE, text: `${lines.join('\n')}\n` };
}

/**
 * Admin rows for the domains the desired state blocks, with each source's
 * comment joined, strongest severity first.
 * @param desired - the combined desired state.
 */
export function adminRowsFromDesired(desired: DesiredState): AdminBlockRow[] {
  const rows: AdminBlockRow[] = [];
  for (const entry of desired.values()) {
    if (entry.action !== 'block') continue;
    const severity: Severity = entry.provenance.some((p) => p.severity === 'suspend') ? 'suspend' : 'silence';
    const comments = [...new Set(entry.provenance.map((p) => p.comment?.trim()).filter((comment): comment is string => Boolean(comment)))];
    rows.push({ domain: entry.domain, severity, publicComment: comments.join('; ') });
  }
  return rows.sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}

/**
 * Plain text: `#` comment lines first, then one domain per line.
 * @param domains - the domains.
 * @param comments - lines for the header, e.g. the title and the date; line breaks inside are flattened.
 * @param filename - the download's name.
 */
export function buildPlainText(domains: Iterable<string>, comments: readonly string[] = [], filename = 'blocklist.txt'): ExportFile {
  const header = comments.map((comment) => `# ${comment.replace(/[\r\n]+/g, ' ')}\n`).join('');
  const body = [...new Set(domains)].map((domain) => `${domain}\n`).join('');
  return { filename, type: 'text/plain', text: header + body };
}
