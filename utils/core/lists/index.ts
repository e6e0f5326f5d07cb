/**
 * `parseList`: any published domain list, read exactly. The format is
 * detected from the content; the hint (file name, content type) only breaks
 * ties, such as plain text against Mastodon's headerless user export.
 *
 * Detection, in order: size and binary checks on the raw input; a byte-order
 * mark is dropped; `<` first means a web page; `{` or `[` first means JSON
 * (FIRES collection, RapidBlock, Fediseer censures or hesitations, Mastodon
 * API array); a first row starting
 * `#domain` is Mastodon's admin CSV; a first row naming a `domain` column is a
 * FediBlockHole-style CSV (or TSV); anything else is one domain a line.
 */
import { parseFiresCollection, isFiresCollection } from './fires-changes.ts';
import { readDelimited } from './csv.ts';
import { fediseerErrorAnswer, fediseerKindOf, fediseerShortFormError, isFediseerError, isFediseerShortForm, parseFediseerAnswer } from './fediseer.ts';
import { isHeaderRow, parseHeaderCsv } from './header-csv.ts';
import { isMastodonJson, isRapidBlock, parseMastodonJson, parseRapidBlock } from './json-lists.ts';
import { parsePlainText } from './plain-text.ts';
import type { ListFormat, ParsedList, ParseListHint } from './types.ts';
import { ListParseError, MAX_LIST_BYTES } from './types.ts';

export * from './types.ts';

/** How many leading characters are checked for binary content. */
const SNIFF_LENGTH = 8192;

/**
 * Reads a list. Bad rows never throw: they come back in `skipped` with a
 * reason and a sentence. Input that is not a list at all (a web page, a binary
 * file, JSON of another shape, an empty file, more than 20 MB or 200,000 rows)
 * throws one {@link ListParseError}; nothing is half-returned.
 *
 * @example parseList('threads.net\nthreads.com\n').entries.length // 2
 */
export function parseList(input: string | Uint8Array, hint: ParseListHint = {}): ParsedList {
  let text = typeof input === 'string' ? checkText(input) : decodeListBytes(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = firstVisible(text);
  if (start === -1) {
    throw new ListParseError('not-a-list', 'The list is empty: there is nothing to read.', 'empty');
  }
  const first = text[start];

  if (first === '<') {
    throw new ListParseError(
      'html',
      'This is a web page, not a list of domains. Check that the address points at the list file itself (for example its "raw" link).',
      'html',
    );
  }
  if (first === '{' || first === '[') return parseJson(text);

  const list = parseDelimitedText(text, hint);
  if (
    list.entries.length === 0 &&
    list.skipped.length > 0 &&
    list.skipped.every((row) => row.reason === 'invalid-domain' || row.reason === 'malformed')
  ) {
    throw new ListParseError(
      'not-a-list',
      `None of the ${list.skipped.length.toLocaleString('en')} rows is a domain name, so this does not look like a list of domains.`,
      'no-domains',
      [list.skipped.length],
    );
  }
  return list;
}

function parseDelimitedText(text: string, hint: ParseListHint): ParsedList {
  const firstLine = firstDataLine(text);
  if (/^"?#domain"?\s*(?:[,\t]|$)/i.test(firstLine)) {
    return parseHeaderCsv(text, firstLine.includes('\t') ? '\t' : ',', 'mastodon-csv');
  }
  if (!firstLine.startsWith('#')) {
    const delimiter = firstLine.includes('\t') ? '\t' : ',';
    const headerCells = readDelimited(firstLine, delimiter)[0]?.fields ?? [];
    if (isHeaderRow(headerCells)) {
      return parseHeaderCsv(text, delimiter, delimiter === '\t' ? 'tsv' : 'fediblockhole-csv');
    }
  }
  return parsePlainText(text, lineFormat(text, hint));
}

/** Plain text, TSV or Mastodon's user export: the same reading, different names. */
function lineFormat(text: string, hint: ParseListHint): ListFormat {
  if (/^[^#\r\n]*\t/m.test(text)) return 'tsv';
  if (text.includes('#')) return 'plain-text';
  const name = hint.fileName?.toLowerCase() ?? '';
  const type = hint.contentType?.toLowerCase() ?? '';
  if (name.endsWith('.csv') || type.includes('csv')) return 'mastodon-user-export';
  return 'plain-text';
}

/** No published list nests deeper than a handful of levels; FIRES JSON-LD pages reach about six. */
const MAX_JSON_DEPTH = 64;

function parseJson(text: string): ParsedList {
  // Checked before parsing: a "JSON bomb" nested millions deep takes seconds to parse and
  // overflows the stack of any reader that walks it afterwards.
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new ListParseError(
      'wrong-json-shape',
      `This JSON is nested more than ${MAX_JSON_DEPTH} levels deep, which no list of domains is; Hedge does not read it.`,
      'too-deep',
      [MAX_JSON_DEPTH],
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The JSON parser's own words (in the engine's language) stay as they are, in brackets.
    const detail = error instanceof Error ? ` (${error.message})` : '';
    throw new ListParseError('invalid-json', `This file starts like JSON but is not valid JSON${detail}.`, 'invalid-json', [detail]);
  }
  if (Array.isArray(value)) {
    if (isMastodonJson(value)) return parseMastodonJson(value);
    throw new ListParseError(
      'wrong-json-shape',
      'This JSON is an array, but not of domain blocks: Hedge expects objects with a "domain", as Mastodon exports them.',
      'array-not-blocks',
    );
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (isFiresCollection(record)) return parseFiresCollection(record);
    if (isRapidBlock(record)) return parseRapidBlock(record);
    const fediseerKind = fediseerKindOf(record);
    if (fediseerKind !== undefined) return parseFediseerAnswer(record, fediseerKind);
    if (isFediseerShortForm(record)) throw fediseerShortFormError();
    if (isFediseerError(record)) throw fediseerErrorAnswer(String(record.message));
    const type = typeof record.type === 'string' ? record.type : '';
    if (type === 'Dataset' || (type === 'OrderedCollection' && 'first' in record)) {
      throw new ListParseError(
        'wrong-json-shape',
        'This is a FIRES dataset description, not its list of changes. Subscribe to the dataset through its FIRES server instead.',
        'fires-dataset',
      );
    }
  }
  throw new ListParseError(
    'wrong-json-shape',
    'This JSON is not a list Hedge knows: it is neither Mastodon domain blocks, RapidBlock, nor a FIRES snapshot or change page.',
    'unknown-json',
  );
}

/** Whether arrays and objects nest deeper than `max` anywhere in the text (brackets inside strings do not count). */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (isInString) {
      if (c === 0x5c) i += 1; // a backslash escapes the next character
      else if (c === 0x22) isInString = false;
    } else if (c === 0x22) {
      isInString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

function tooLarge(): ListParseError {
  return new ListParseError(
    'too-large',
    `This list is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB, more than Mastodon itself imports; Hedge does not read it.`,
    'too-large',
    [MAX_LIST_BYTES / 1024 / 1024],
  );
}

function binary(): ListParseError {
  return new ListParseError('binary', 'This is not a text file (it looks like an image, an archive or another binary file).', 'binary');
}

/**
 * The text of a list's bytes exactly as {@link parseList} reads them: UTF-16
 * by its byte-order mark or its shape, else strict UTF-8; a byte-order mark is
 * dropped. Keep this text, not another decoding, wherever the list is stored
 * to be parsed again. Throws one {@link ListParseError} for input that is too
 * large, binary, UTF-32 or in an old 8-bit encoding.
 *
 * @example decodeListBytes(new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2e, 0, 0x62, 0])) // 'a.b'
 */
export function decodeListBytes(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_LIST_BYTES) throw tooLarge();
  const sniff = bytes.subarray(0, SNIFF_LENGTH);
  // Byte-order marks come first: UTF-16 text is full of zero bytes, which would otherwise read as binary.
  if ((sniff[0] === 0xff && sniff[1] === 0xfe && sniff[2] === 0 && sniff[3] === 0) || (sniff[0] === 0 && sniff[1] === 0 && sniff[2] === 0xfe && sniff[3] === 0xff)) {
    throw new ListParseError('binary', 'This file is UTF-32 text, which Hedge does not read. Save it as UTF-8 (or UTF-16) and try again.', 'utf-32');
  }
  const utf16 = utf16Encoding(sniff);
  if (utf16 !== undefined) return checkText(new TextDecoder(utf16).decode(bytes));
  if (sniff.includes(0)) throw binary();
  try {
    return checkText(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    if (error instanceof ListParseError) throw error;
    throw new ListParseError(
      'binary',
      'This file is not UTF-8 text (perhaps Latin-1 or another old encoding), so Hedge cannot read it as a list. Save it as UTF-8 and try again.',
      'not-utf-8',
    );
  }
}

/**
 * UTF-16 by its byte-order mark, or, without one, by its shape: text of ASCII
 * domains in UTF-16 has a zero in every other byte (the high byte of each
 * character), which no binary format keeps up for long.
 */
function utf16Encoding(sniff: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (sniff[0] === 0xff && sniff[1] === 0xfe) return 'utf-16le';
  if (sniff[0] === 0xfe && sniff[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(sniff.length / 2);
  if (pairs < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sniff[i] === 0) evenZeros += 1;
    if (sniff[i + 1] === 0) oddZeros += 1;
  }
  if (oddZeros === pairs && evenZeros === 0) return 'utf-16le';
  if (evenZeros === pairs && oddZeros === 0) return 'utf-16be';
  return undefined;
}

/** Refuses text that is too large or full of control characters. */
function checkText(text: string): string {
  if (text.length > MAX_LIST_BYTES || (text.length * 3 > MAX_LIST_BYTES && utf8Length(text) > MAX_LIST_BYTES)) throw tooLarge();
  let controls = 0;
  const end = Math.min(text.length, SNIFF_LENGTH);
  for (let i = 0; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0) throw binary();
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) controls += 1;
  }
  if (controls > 0 && controls * 100 > end) throw binary();
  return text;
}

function utf8Length(text: string): number {
  // Plain ASCII is one byte a character; only other text needs counting.
  if (!/[\u0080-\uffff]/.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    // A surrogate pair is 4 bytes in UTF-8: its high half counts 3 here and its low half 1.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xdc00 && c < 0xe000 ? 1 : 3;
  }
  return bytes;
}

function firstVisible(text: string): number {
  return text.search(/\S/);
}

/** The first line that is not blank, trimmed. */
function firstDataLine(text: string): string {
  const match = /^[ \t]*\S[^\r\n]*/m.exec(text);
  return match?.[0].trim() ?? '';
}
