/**
 * The public shapes of a parsed list. Other tools drive `parseList` and read
 * these: keep them stable and only ever add to them.
 */
import type { DomainError } from '../domain.ts';
import type { Severity } from '../model.ts';

/** Which published format a list was read as. */
export type ListFormat =
  /** Mastodon's admin export: `#domain,#severity,#reject_media,...`. */
  | 'mastodon-csv'
  /** Mastodon's user export (`blocked_domains.csv`): one domain a row, no header. */
  | 'mastodon-user-export'
  /** FediBlockHole-style CSV: a header without `#`, columns in any order. */
  | 'fediblockhole-csv'
  /** One domain a line, with `#` comments and blank lines. */
  | 'plain-text'
  /** Tab-separated: domain, then optionally severity and comment. */
  | 'tsv'
  /** `GET /api/v1/admin/domain_blocks` or `/api/v1/instance/domain_blocks`: an array of domain-block objects. */
  | 'mastodon-json'
  /** RapidBlock: `{"@spec", publishedAt, blocks: {domain: {isBlocked, reason, tags}}}`. */
  | 'rapidblock-json'
  /** A FIRES dataset snapshot (the newest change per entity). */
  | 'fires-snapshot'
  /** A page of FIRES changes, applied in order. */
  | 'fires-changes'
  /** Fediseer's `GET /api/v1/censures_given/{domains}`: `{instances: [{domain, censure_reasons, censure_count}], total}`. */
  | 'fediseer-censures'
  /** Fediseer's `GET /api/v1/hesitations_given/{domains}`: `{instances: [{domain, hesitation_reasons, hesitation_count}], total}`. */
  | 'fediseer-hesitations';

/** One domain of a list, after normalisation. */
export interface ListEntry {
  /** Lowercase punycode. */
  domain: string;
  /**
   * `suspend` and `silence` as Mastodon means them. `noop` is Mastodon's block
   * without severity (often media rejection only): it neither blocks nor
   * allows, the domain is only listed.
   */
  severity: Severity;
  /** The list's own words (public comment, or private comment when that is all there is). */
  comment?: string;
  /** Machine-readable tags, lowercase: `bots`, `iftas:hate-speech`, a FIRES label id. */
  labels: string[];
  rejectMedia?: boolean;
  /**
   * The list advises marking only (a FIRES `filter`, an Advisory, a
   * Recommendation without policy): never blocked and never collapsed, whatever
   * the user chose for `silence` rows.
   */
  isAdvisory?: boolean;
  /** The list vouches for the domain (a FIRES `accept`): it outweighs other lists' blocks. */
  isAllowance?: boolean;
}

/** Why a row of a list was left out. */
export type SkipReason =
  | 'canary'
  | 'obfuscated'
  | 'invalid-domain'
  | 'malformed'
  | 'duplicate'
  /** A RapidBlock row with `isBlocked: false`: a request that was turned down, not a block. */
  | 'not-a-block';

/**
 * Every sentence that says why one row was left out, by code, apart from the
 * rows whose domain is not one (those carry their {@link DomainErrorDetail}).
 * Pages word them in the user's language (utils/i18n/error-messages.ts).
 */
export const SKIP_DETAILS = [
  'line-without-domain',
  'column-without-domain',
  'spaces-inside',
  'line-unknown-severity',
  'item-without-domain',
  'item-unknown-severity',
  'not-rapidblock-block',
  'not-blocked',
  'duplicate',
  'fires-unknown-policy',
  'fires-not-a-domain',
  'fires-not-a-change',
  'fires-no-entity',
] as const;

/** One of {@link SKIP_DETAILS}. */
export type SkipDetail = (typeof SKIP_DETAILS)[number];

/** The sentence of a skipped row by code, and the values it names in order. */
export type SkipExplanation = { detail: SkipDetail; params: Array<string | number> } | { domainError: Pick<DomainError, 'detail' | 'input'> };

/** A row of a list that did not become an entry, and why, in words a user understands. */
export interface SkippedRow {
  /** 1-based line of the row's start in the text (the item's position for JSON). */
  line: number;
  raw: string;
  reason: SkipReason;
  /** Why, in English, for logs and tests. */
  message: string;
  /** The same sentence by code. */
  explanation?: SkipExplanation;
}

/** An actor (account) a FIRES dataset advises about: shown, never applied. */
export interface ListActorEntry {
  /** The actor's URL. */
  actor: string;
  severity: Severity;
  labels: string[];
  comment?: string;
  isAdvisory?: boolean;
}

/** A whole list, read. */
export interface ParsedList {
  format: ListFormat;
  entries: ListEntry[];
  skipped: SkippedRow[];
  /** FIRES only: advice about single accounts, kept to show, not applied. */
  actors?: ListActorEntry[];
}

/** What went wrong with input that is not a list at all. */
export type ListParseErrorCode =
  | 'not-a-list'
  | 'too-large'
  | 'too-many-rows'
  | 'binary'
  | 'html'
  | 'invalid-json'
  | 'wrong-json-shape';

/**
 * Which sentence explains a {@link ListParseError}: a code can have several
 * (`binary` for an image, UTF-32 text or Latin-1 text). Pages show the
 * sentence in the user's language by this code and the error's `params`
 * (utils/i18n/error-messages.ts); `message` is the English one.
 */
export const LIST_PARSE_DETAILS = [
  'empty',
  'html',
  'no-domains',
  'too-deep',
  'invalid-json',
  'array-not-blocks',
  'fires-dataset',
  'unknown-json',
  'fediseer-short-form',
  'fediseer-error',
  'too-large',
  'too-many-rows',
  'binary',
  'utf-32',
  'not-utf-8',
] as const;

/** One of {@link LIST_PARSE_DETAILS}. */
export type ListParseDetail = (typeof LIST_PARSE_DETAILS)[number];

/** Thrown by `parseList` for input that is not a list at all; nothing is half-returned. */
export class ListParseError extends Error {
  override readonly name = 'ListParseError';
  /**
   * @param code - what went wrong, for code that reasons about it
   * @param message - the English sentence
   * @param detail - which sentence it is
   * @param params - the values the sentence names, in order (a count, a size, the JSON parser's words)
   */
  constructor(
    readonly code: ListParseErrorCode,
    message: string,
    readonly detail: ListParseDetail,
    readonly params: ReadonlyArray<string | number> = [],
  ) {
    super(message);
  }
}

/** Hints about where the input came from; they only break ties between formats. */
export interface ParseListHint {
  fileName?: string;
  contentType?: string;
}

/** Lists larger than this (bytes of UTF-8) are refused, as Mastodon's own import does (20 MB). */
export const MAX_LIST_BYTES = 20 * 1024 * 1024;

/** Lists with more rows than this are refused: ten times Mastodon's 20,000-row import limit. */
export const MAX_LIST_ROWS = 200_000;
