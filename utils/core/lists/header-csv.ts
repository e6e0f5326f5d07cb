/**
 * CSV lists with a header row: Mastodon's admin export
 * (`#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate`,
 * app/models/form/domain_block_batch.rb and app/controllers/admin/export_domain_blocks_controller.rb)
 * and FediBlockHole-style CSV (the same names without `#`, in any order, with
 * extra columns; eigenmagic/fediblockhole src/fediblockhole/blocklists.py).
 *
 * Real files carry mislabelled headers, so a column's values are trusted over
 * its name where they clearly disagree: a "boolean" column full of prose is the
 * comment, a "comment" column full of booleans is a flag, and a domain or
 * severity column whose values are not domains or severities gives way to a
 * column whose values are.
 */
import type { Severity } from '../model.ts';
import { ListCollector } from './collector.ts';
import { scanDelimited, type CsvRow } from './csv.ts';
import { labelsFromComment } from './labels.ts';
import type { ListFormat, ParsedList } from './types.ts';

type ColumnRole =
  | 'domain'
  | 'severity'
  | 'reject_media'
  | 'reject_reports'
  | 'obfuscate'
  | 'public_comment'
  | 'private_comment'
  | 'other';

const ROLE_BY_NAME: Readonly<Record<string, ColumnRole>> = {
  domain: 'domain',
  host: 'domain',
  severity: 'severity',
  reject_media: 'reject_media',
  reject_reports: 'reject_reports',
  obfuscate: 'obfuscate',
  public_comment: 'public_comment',
  comment: 'public_comment',
  reason: 'public_comment',
  private_comment: 'private_comment',
};

const BOOLEAN_ROLES: ReadonlySet<ColumnRole> = new Set(['reject_media', 'reject_reports', 'obfuscate']);
const COMMENT_ROLES: ReadonlySet<ColumnRole> = new Set(['public_comment', 'private_comment']);

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', 'f', 'no', 'n', '0']);
const SEVERITIES: ReadonlySet<string> = new Set(['suspend', 'silence', 'noop']);
const DOMAIN_LIKE_RE = /^[^\s,]+\.[^\s,]+$/;

/** A header cell's name as a role: `#Public Comment` reads as `public_comment`. */
function roleOf(name: string): ColumnRole {
  const key = name.trim().replace(/^#/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  return ROLE_BY_NAME[key] ?? 'other';
}

/** Whether a header row names a domain column: the sign of a header CSV. */
export function isHeaderRow(fields: readonly string[]): boolean {
  return fields.some((field) => roleOf(field) === 'domain');
}

/** `true`, `False`, `TRUE`, `1`... as a boolean; `undefined` when empty or not a boolean. */
function parseBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'false') return false;
  if (value === 'true') return true;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

interface ColumnStats {
  filled: number;
  booleans: number;
  severities: number;
  domains: number;
}

/** Rows read to judge what each column holds: enough to tell, cheap on a 200,000-row list. */
const SAMPLE_ROWS = 2000;

function columnStats(rows: readonly CsvRow[], width: number): ColumnStats[] {
  const stats: ColumnStats[] = Array.from({ length: width }, () => ({ filled: 0, booleans: 0, severities: 0, domains: 0 }));
  for (const row of rows.length > SAMPLE_ROWS ? rows.slice(0, SAMPLE_ROWS) : rows) {
    for (let i = 0; i < width; i += 1) {
      const value = row.fields[i]?.trim() ?? '';
      if (value === '') continue;
      const stat = stats[i];
      if (stat === undefined) continue;
      stat.filled += 1;
      const lower = value.toLowerCase();
      if (TRUE_WORDS.has(lower) || FALSE_WORDS.has(lower)) stat.booleans += 1;
      if (SEVERITIES.has(lower)) stat.severities += 1;
      if (DOMAIN_LIKE_RE.test(value)) stat.domains += 1;
    }
  }
  return stats;
}

/** Assigns roles from the header names, then corrects names the values contradict. */
function assignRoles(header: readonly string[], rows: readonly CsvRow[]): ColumnRole[] {
  const roles = header.map(roleOf);
  const stats = columnStats(rows, roles.length);
  const mostly = (count: number, stat: ColumnStats): boolean => stat.filled > 0 && count * 2 > stat.filled;

  // Booleans named as comments and comments named as booleans trade places.
  const proseFlags = roles.flatMap((role, i) => {
    const stat = stats[i];
    return stat !== undefined && BOOLEAN_ROLES.has(role) && stat.filled > 0 && !mostly(stat.booleans, stat) ? [i] : [];
  });
  const flagComments = roles.flatMap((role, i) => {
    const stat = stats[i];
    return stat !== undefined && COMMENT_ROLES.has(role) && mostly(stat.booleans, stat) && stat.booleans === stat.filled ? [i] : [];
  });
  for (const flag of proseFlags) {
    const comment = flagComments.shift();
    const flagRole = roles[flag];
    if (flagRole === undefined) continue;
    if (comment !== undefined) {
      roles[flag] = roles[comment] ?? 'public_comment';
      roles[comment] = flagRole;
    } else {
      const hasFilledComment = roles.some((role, i) => role === 'public_comment' && (stats[i]?.filled ?? 0) > 0);
      roles[flag] = hasFilledComment ? 'other' : 'public_comment';
    }
  }

  for (const [role, pick] of [
    ['severity', (s: ColumnStats) => s.severities],
    ['domain', (s: ColumnStats) => s.domains],
  ] as const) {
    const named = roles.indexOf(role);
    const namedStat = named === -1 ? undefined : stats[named];
    if (namedStat !== undefined && (namedStat.filled === 0 || mostly(pick(namedStat), namedStat))) continue;
    const better = stats.findIndex((stat, i) => i !== named && mostly(pick(stat), stat) && roles[i] !== 'domain');
    if (better === -1) continue;
    if (named !== -1) roles[named] = roles[better] ?? 'other';
    roles[better] = role;
  }
  return roles;
}

/**
 * Reads a CSV (or TSV) whose first non-empty row is a header into a list.
 * Rows of empty fields are left out; a row without a domain, or with a
 * severity Mastodon does not know, is skipped as `malformed`. The first rows
 * are held back until the columns' roles are settled, then the rest streams.
 */
export function parseHeaderCsv(text: string, delimiter: ',' | '\t', format: ListFormat): ParsedList {
  const collector = new ListCollector(format);
  const isEmptyRow = delimiter === ',' ? (raw: string) => !/[^,\s"]/.test(raw) : (raw: string) => !/[^\t\s"]/.test(raw);
  let header: string[] | undefined;
  let sample: CsvRow[] | undefined = [];
  let readRow: ((row: CsvRow) => void) | undefined;

  const settle = (): void => {
    readRow = rowReader(collector, assignRoles(header ?? [], sample ?? []));
    for (const row of sample ?? []) readRow(row);
    sample = undefined;
  };

  scanDelimited(text, delimiter, (fields, line, raw) => {
    if (isEmptyRow(raw)) return;
    if (header === undefined) {
      header = fields;
      return;
    }
    const row = { fields, line, raw };
    if (readRow !== undefined) {
      readRow(row);
      return;
    }
    sample?.push(row);
    if ((sample?.length ?? 0) >= SAMPLE_ROWS) settle();
  });
  if (readRow === undefined) settle();
  return collector.finish();
}

function rowReader(collector: ListCollector, roles: readonly ColumnRole[]): (row: CsvRow) => void {
  const domainCol = roles.indexOf('domain');
  const severityCol = roles.indexOf('severity');
  const rejectMediaCol = roles.indexOf('reject_media');
  const publicCol = roles.indexOf('public_comment');
  const privateCol = roles.indexOf('private_comment');

  return ({ fields, line, raw }) => {
    collector.countRow();
    const domain = (fields[domainCol] ?? '').trim();
    if (domain === '') {
      collector.skip(line, raw, 'malformed', `Line ${line} has no domain in the domain column.`, { detail: 'column-without-domain', params: [line] });
      return;
    }
    const severityCell = fields[severityCol] ?? '';
    // An empty severity means suspend, as Mastodon's import does (app/models/form/domain_block_batch.rb).
    const severityText = SEVERITIES.has(severityCell) ? severityCell : severityCell.trim().toLowerCase();
    const severity: Severity | undefined =
      severityText === '' ? 'suspend' : SEVERITIES.has(severityText) ? (severityText as Severity) : undefined;
    if (severity === undefined) {
      collector.skip(
        line,
        raw,
        'malformed',
        `Line ${line}: the severity “${severityCell.trim()}” is not one Mastodon knows (suspend, silence or noop), so the row is left out.`,
        { detail: 'line-unknown-severity', params: [line, severityCell.trim()] },
      );
      return;
    }
    const publicComment = publicCol === -1 ? '' : (fields[publicCol] ?? '').trim();
    const privateComment = privateCol === -1 ? '' : (fields[privateCol] ?? '').trim();
    const comment = publicComment !== '' ? publicComment : privateComment;
    collector.add({
      line,
      raw,
      domain,
      severity,
      comment: comment === '' ? undefined : comment,
      labels: labelsFromComment(comment),
      rejectMedia: rejectMediaCol === -1 ? undefined : parseBoolean(fields[rejectMediaCol]),
    });
  };
}
