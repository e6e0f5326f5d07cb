/**
 * A small RFC 4180 reader: fields separated by a delimiter, optionally quoted
 * with `"`, quotes doubled inside quotes, quoted fields may hold delimiters and
 * line breaks; rows end with LF, CRLF or a lone CR.
 *
 * Algorithm: line breaks are first made uniform (LF); then each line without
 * a quote is split natively, and only rows holding quotes are walked character
 * by character (a quoted field may run over several lines). So a 200,000-row
 * list reads in a fraction of a second.
 */

/** One row of a delimited text, with where it came from. */
export interface CsvRow {
  fields: string[];
  /** 1-based line where the row starts. */
  line: number;
  /** The row's text as it stands in the file, without its line break. */
  raw: string;
}

const QUOTE = 34; // "
const LF = 10;

/**
 * Calls `onRow` for each row of the text, in order, without keeping them:
 * a long list then costs no more memory than its entries. Rows with no
 * characters at all are left out; rows of empty fields (`,,,`) are passed on
 * for the caller to judge. The `fields` array belongs to the caller.
 */
export function scanDelimited(input: string, delimiter: ',' | '\t', onRow: (fields: string[], line: number, raw: string) => void): void {
  // Every line break counts once, whatever its kind; after this only LF remains.
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const length = text.length;
  let pos = 0;
  let line = 1;
  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = length;
    if (end === pos) {
      pos += 1;
      line += 1;
      continue;
    }
    const raw = text.slice(pos, end);
    if (!raw.includes('"')) {
      // Fast path: no quotes, so the native split is exact.
      onRow(raw.split(delimiter), line, raw);
      pos = end + 1;
      line += 1;
      continue;
    }
    const row = readQuotedRow(text, pos, delimiter.charCodeAt(0));
    onRow(row.fields, line, text.slice(pos, row.end));
    line += countBreaks(text, pos, row.end) + 1;
    pos = row.end + 1;
  }
}

/** Every row of the text, kept (for short texts such as a header line). */
export function readDelimited(input: string, delimiter: ',' | '\t' = ','): CsvRow[] {
  const rows: CsvRow[] = [];
  scanDelimited(input, delimiter, (fields, line, raw) => rows.push({ fields, line, raw }));
  return rows;
}

/** Reads one row that holds quotes, from `pos`; `end` is the index of its closing LF (or the text's length). */
function readQuotedRow(text: string, start: number, delim: number): { fields: string[]; end: number } {
  const fields: string[] = [];
  const length = text.length;
  let pos = start;
  for (;;) {
    let value = '';
    if (text.charCodeAt(pos) === QUOTE) {
      let chunk = pos + 1;
      for (;;) {
        const q = text.indexOf('"', chunk);
        if (q === -1) {
          // A quote never closed ends with its line: read to the end of the text, as spreadsheet
          // programs do, it would swallow every row after it into one field.
          const lineEnd = text.indexOf('\n', chunk);
          const stop = lineEnd === -1 ? length : lineEnd;
          value += text.slice(chunk, stop);
          pos = stop;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(chunk, q + 1);
          chunk = q + 2;
          continue;
        }
        value += text.slice(chunk, q);
        pos = q + 1;
        break;
      }
    }
    // Up to the delimiter: an unquoted field, or what stray text follows a closing quote (kept, as lenient readers do).
    let j = pos;
    while (j < length) {
      const c = text.charCodeAt(j);
      if (c === delim || c === LF) break;
      j += 1;
    }
    fields.push(j > pos ? value + text.slice(pos, j) : value);
    if (j >= length || text.charCodeAt(j) === LF) return { fields, end: j };
    pos = j + 1;
    if (pos >= length) {
      fields.push('');
      return { fields, end: length };
    }
  }
}

/** Counts line breaks in `text[from, to)` (only LF remains after normalising). */
function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) breaks += 1;
  return breaks;
}
