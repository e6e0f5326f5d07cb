/**
 * Gathers the rows of any format into entries and skips, the same way for all:
 * normalise the domain, sort out canaries, obfuscated and invalid rows, and keep
 * one entry per domain with its highest severity (one `duplicate` skip per
 * repeat), as Mastodon's own import keeps one block per domain.
 */
import { normalizeDomain } from '../domain.ts';
import type { Severity } from '../model.ts';
import type { ListEntry, ParsedList, SkipExplanation, SkippedRow, SkipReason, ListFormat } from './types.ts';
import { ListParseError, MAX_LIST_ROWS } from './types.ts';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { noop: 0, silence: 1, suspend: 2 };

/** A row before normalisation. */
export interface RawRow {
  line: number;
  raw: string;
  domain: string;
  severity: Severity;
  comment?: string;
  labels: string[];
  rejectMedia?: boolean;
  isAdvisory?: boolean;
  isAllowance?: boolean;
}

/** Accumulates rows; {@link ListCollector.finish} hands out the list. */
export class ListCollector {
  private readonly byDomain = new Map<string, ListEntry>();
  private readonly entries: ListEntry[] = [];
  private readonly skipped: SkippedRow[] = [];
  private rows = 0;

  constructor(private readonly format: ListFormat) {}

  /** Counts one data row and refuses lists beyond {@link MAX_LIST_ROWS}. */
  countRow(): void {
    this.rows += 1;
    if (this.rows > MAX_LIST_ROWS) {
      throw new ListParseError(
        'too-many-rows',
        `This list has more than ${MAX_LIST_ROWS.toLocaleString('en')} rows, more than any published list; Hedge does not read it.`,
        'too-many-rows',
        [MAX_LIST_ROWS],
      );
    }
  }

  /**
   * Leaves a row out.
   * @param message - why, in English.
   * @param explanation - the same sentence by code, for the user's language.
   */
  skip(line: number, raw: string, reason: SkipReason, message: string, explanation?: SkipExplanation): void {
    const row: SkippedRow = { line, raw, reason, message };
    if (explanation) row.explanation = explanation;
    this.skipped.push(row);
  }

  add(row: RawRow): void {
    const normalized = normalizeDomain(row.domain, { forList: true });
    if ('error' in normalized) {
      const { reason, message, detail, input } = normalized.error;
      const skipReason: SkipReason =
        reason === 'canary' || reason === 'reserved'
          ? 'canary'
          : reason === 'obfuscated'
            ? 'obfuscated'
            : 'invalid-domain';
      this.skip(row.line, row.raw, skipReason, message, { domainError: { detail, input } });
      return;
    }
    const domain = normalized.domain;
    const existing = this.byDomain.get(domain);
    if (existing !== undefined) {
      this.mergeDuplicate(existing, row);
      this.skip(
        row.line,
        row.raw,
        'duplicate',
        `${domain} is listed more than once; Hedge keeps one entry with the strongest severity.`,
        { detail: 'duplicate', params: [domain] },
      );
      return;
    }
    const entry: ListEntry = { domain, severity: row.severity, labels: row.labels };
    if (row.comment !== undefined && row.comment !== '') entry.comment = row.comment;
    if (row.rejectMedia !== undefined) entry.rejectMedia = row.rejectMedia;
    if (row.isAdvisory === true) entry.isAdvisory = true;
    if (row.isAllowance === true) entry.isAllowance = true;
    this.byDomain.set(domain, entry);
    this.entries.push(entry);
  }

  private mergeDuplicate(entry: ListEntry, row: RawRow): void {
    for (const label of row.labels) if (!entry.labels.includes(label)) entry.labels.push(label);
    if (SEVERITY_RANK[row.severity] > SEVERITY_RANK[entry.severity] || (entry.isAdvisory === true && row.isAdvisory !== true)) {
      entry.severity = row.severity;
      if (row.comment !== undefined && row.comment !== '') entry.comment = row.comment;
      if (row.isAdvisory !== true) delete entry.isAdvisory;
      if (row.isAllowance !== true) delete entry.isAllowance;
    }
    if (row.rejectMedia === true) entry.rejectMedia = true;
  }

  finish(): ParsedList {
    return { format: this.format, entries: this.entries, skipped: this.skipped };
  }
}
