/**
 * One domain a line: plain text lists (Seirdy's FediNuke.txt, gardenfence.txt),
 * Mastodon's user export `blocked_domains.csv` (no header, no trailing newline;
 * app/models/export.rb `to_blocked_domains_csv`), and tab-separated lists
 * (`domain<TAB>severity<TAB>comment`). `#` starts a comment, on its own line or
 * after the domain; blank lines are ignored.
 */
import type { Severity } from '../model.ts';
import { ListCollector } from './collector.ts';
import { labelsFromComment } from './labels.ts';
import type { ListFormat, ParsedList } from './types.ts';

const SEVERITIES: ReadonlySet<string> = new Set(['suspend', 'silence', 'noop']);
const LINE_BREAK_RE = /\r\n|\r|\n/;

/** Reads a line-based list. `format` is what detection decided it is. */
export function parsePlainText(text: string, format: ListFormat): ParsedList {
  const collector = new ListCollector(format);
  const lines = text.split(LINE_BREAK_RE);
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index] ?? '';
    const line = index + 1;
    let body = raw;
    let comment: string | undefined;
    const hash = raw.indexOf('#');
    if (hash !== -1) {
      comment = raw.slice(hash + 1).trim();
      body = raw.slice(0, hash);
    }
    body = body.trim();
    if (body === '') continue;
    collector.countRow();

    const fields = body.includes('\t') ? body.split('\t') : body.includes(',') ? body.split(',') : [body];
    const domain = (fields[0] ?? '').trim();
    let severity: Severity = 'suspend';
    const rest: string[] = [];
    for (let i = 1; i < fields.length; i += 1) {
      const value = (fields[i] ?? '').trim();
      if (value === '') continue;
      const lower = value.toLowerCase();
      if (i === 1 && SEVERITIES.has(lower)) severity = lower as Severity;
      else rest.push(value);
    }
    if (rest.length > 0) comment = [rest.join(' '), comment].filter((part) => part !== undefined && part !== '').join(' ');
    if (domain === '') {
      collector.skip(line, raw, 'malformed', `Line ${line} has no domain.`, { detail: 'line-without-domain', params: [line] });
      continue;
    }
    if (/\s/.test(domain)) {
      collector.skip(line, raw, 'invalid-domain', `Line ${line}: “${domain}” has spaces inside, so it is not one domain name.`, {
        detail: 'spaces-inside',
        params: [line, domain],
      });
      continue;
    }
    collector.add({
      line,
      raw,
      domain,
      severity,
      comment: comment === '' ? undefined : comment,
      labels: labelsFromComment(comment),
    });
  }
  return collector.finish();
}
