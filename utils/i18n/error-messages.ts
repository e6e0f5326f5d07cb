/**
 * The pure core (utils/core/) explains refusals in English and by code: a
 * domain that is not one, a file that is not a list, a row of a list left out,
 * a FIRES server that does not answer as one, a scheduled refresh that waits
 * for the user, a plan's conflict, an operation the server refused. It may not
 * touch `browser`, so the words in the user's language are chosen here, at
 * the edge, from the code and the values the sentence names.
 *
 * Each table maps every code of its union to a message of
 * public/_locales/<lang>/messages.json; a code without a message does not
 * compile, and tests/unit/error-messages.test.ts checks that every message is
 * there in every language. A sentence that counts names its `_other` form;
 * the count is its first value, and the UI language's plural rules pick the
 * `_one` form when it fits.
 */
import { FAILURE_CODES, type FailureCode, type OperationError } from '../core/apply/types';
import { DOMAIN_ERROR_DETAILS, type DomainError, type DomainErrorDetail } from '../core/domain';
import { FETCH_LIST_DETAILS, type FetchListDetail, type FetchListError } from '../core/fetch-errors';
import { FIRES_ERROR_DETAILS, FiresError, type FiresErrorDetail } from '../core/fires/consumer';
import {
  LIST_PARSE_DETAILS,
  ListParseError,
  SKIP_DETAILS,
  type ListParseDetail,
  type SkipDetail,
  type SkippedRow,
} from '../core/lists/types';
import { CONFLICT_KINDS, type ConflictKind, type PlanConflict } from '../core/plan';
import { REFRESH_REASON_CODES, type RefreshReason, type RefreshReasonCode } from '../core/refresh-policy';
import { t, uiLanguage, type MessageKey } from './translate';
import { pluralRules } from './intl-formats';

/** The sentence of each way a text is not a domain (utils/core/domain.ts); `$1` is the text. */
export const DOMAIN_ERROR_MESSAGES: Readonly<Record<DomainErrorDetail, MessageKey>> = {
  empty: 'domainError_empty',
  'unreadable-url': 'domainError_unreadable_url',
  'not-server-url': 'domainError_not_server_url',
  obfuscated: 'domainError_obfuscated',
  'ip-address': 'domainError_ip_address',
  'forbidden-characters': 'domainError_forbidden_characters',
  'port-or-path': 'domainError_port_or_path',
  'not-domain-or-handle': 'domainError_not_domain_or_handle',
  'bad-characters': 'domainError_bad_characters',
  'too-long': 'domainError_too_long',
  'empty-label': 'domainError_empty_label',
  'bad-label': 'domainError_bad_label',
  'hyphen-label': 'domainError_hyphen_label',
  'long-label': 'domainError_long_label',
  'single-label': 'domainError_single_label',
  canary: 'domainError_canary',
  reserved: 'domainError_reserved',
};

/** The sentence of each way an input is not a list (utils/core/lists/types.ts). */
export const LIST_PARSE_MESSAGES: Readonly<Record<ListParseDetail, MessageKey>> = {
  empty: 'listError_empty',
  html: 'listError_html',
  'no-domains': 'listError_no_domains_other',
  'too-deep': 'listError_too_deep',
  'invalid-json': 'listError_invalid_json',
  'array-not-blocks': 'listError_array_not_blocks',
  'fires-dataset': 'listError_fires_dataset',
  'unknown-json': 'listError_unknown_json',
  'fediseer-short-form': 'listError_fediseer_short_form',
  'fediseer-error': 'listError_fediseer_error',
  'too-large': 'listError_too_large',
  'too-many-rows': 'listError_too_many_rows_other',
  binary: 'listError_binary',
  'utf-32': 'listError_utf_32',
  'not-utf-8': 'listError_not_utf_8',
};

/** The sentence of each FIRES failure (utils/core/fires/consumer.ts). */
export const FIRES_ERROR_MESSAGES: Readonly<Record<FiresErrorDetail, MessageKey>> = {
  'not-a-web-address': 'firesError_not_a_web_address',
  'no-nodeinfo': 'firesError_no_nodeinfo',
  'not-fires': 'firesError_not_fires',
  'datasets-not-object': 'firesError_datasets_not_object',
  'not-a-dataset': 'firesError_not_a_dataset',
  'labels-not-object': 'firesError_labels_not_object',
  'snapshot-not-object': 'firesError_snapshot_not_object',
  'no-first-page': 'firesError_no_first_page',
  'page-not-object': 'firesError_page_not_object',
  'page-without-changes': 'firesError_page_without_changes',
  'no-dataset-named': 'firesError_no_dataset_named',
  'too-many-pages': 'firesError_too_many_pages_other',
  'cursor-loop': 'firesError_cursor_loop',
};

/** The sentence of each way a list could not be fetched (utils/core/fetch-errors.ts); status codes are not grouped. */
export const FETCH_LIST_MESSAGES: Readonly<Record<FetchListDetail, MessageKey>> = {
  'url-not-address': 'bg_listUrlNotAddress',
  'url-credentials': 'bg_listUrlCredentials',
  'url-scheme': 'bg_listUrlScheme',
  'url-insecure': 'bg_listUrlInsecure',
  'redirect-insecure': 'bg_listRedirectInsecure',
  'redirect-other-origin': 'bg_listRedirectOtherOrigin',
  'redirect-hidden': 'bg_listRedirectHidden',
  'too-many-redirects': 'bg_listTooManyRedirects',
  'fires-other-origin': 'bg_firesOtherOrigin',
  'server-unreachable': 'bg_listServerUnreachable',
  'download-broke': 'bg_listDownloadBroke',
  'not-fetched': 'bg_listNotFetched',
  'could-not-fetch': 'bg_listCouldNotBeFetched',
  'copy-not-kept': 'bg_newCopyNotKept',
  'fires-unreachable': 'bg_firesServerUnreachable',
  timeout: 'bg_listTimeout',
  cancelled: 'bg_listUpdateCancelled',
  gone: 'bg_listGone',
  forbidden: 'bg_listForbidden',
  'rate-limited': 'bg_listRateLimited',
  'server-error': 'bg_listServerError',
  'unexpected-status': 'bg_listUnexpectedStatus',
  'too-large': 'bg_listTooLarge',
  'fires-not-json': 'bg_firesNotJson',
};

/** The sentence of each reason a scheduled refresh waits or is held (utils/core/refresh-policy.ts). */
export const REFRESH_REASON_MESSAGES: Readonly<Record<RefreshReasonCode, MessageKey>> = {
  'unreadable-now': 'refreshReason_unreadable_now',
  unreadable: 'refreshReason_unreadable',
  'suddenly-empty': 'refreshReason_suddenly_empty_other',
  shrank: 'refreshReason_shrank',
  'blocks-over-limit': 'refreshReason_blocks_over_limit_other',
  'unblocks-over-limit': 'refreshReason_unblocks_over_limit_other',
  'blocks-over-share': 'refreshReason_blocks_over_share_other',
  'unblocks-over-share': 'refreshReason_unblocks_over_share_other',
  'cuts-follows': 'refreshReason_cuts_follows',
  'cuts-follows-more': 'refreshReason_cuts_follows_more',
  'unknown-impact': 'refreshReason_unknown_impact_other',
  'names-own-server': 'refreshReason_names_own_server',
};

/** The sentence of each row left out of a list (utils/core/lists/types.ts `SkipDetail`); line and item numbers are not grouped. */
export const SKIP_DETAIL_MESSAGES: Readonly<Record<SkipDetail, MessageKey>> = {
  'line-without-domain': 'skipDetail_line_without_domain',
  'column-without-domain': 'skipDetail_column_without_domain',
  'spaces-inside': 'skipDetail_spaces_inside',
  'line-unknown-severity': 'skipDetail_line_unknown_severity',
  'item-without-domain': 'skipDetail_item_without_domain',
  'item-unknown-severity': 'skipDetail_item_unknown_severity',
  'not-rapidblock-block': 'skipDetail_not_rapidblock_block',
  'not-blocked': 'skipDetail_not_blocked',
  duplicate: 'skipDetail_duplicate',
  'fires-unknown-policy': 'skipDetail_fires_unknown_policy',
  'fires-not-a-domain': 'skipDetail_fires_not_a_domain',
  'fires-not-a-change': 'skipDetail_fires_not_a_change',
  'fires-no-entity': 'skipDetail_fires_no_entity',
};

/** The sentence of each conflict of a plan (utils/core/plan.ts); `$1` is the domain. */
export const CONFLICT_MESSAGES: Readonly<Record<ConflictKind, MessageKey>> = {
  'unblocked-by-you': 'conflict_unblocked_by_you',
  'own-instance': 'conflict_own_instance',
};

/** The sentence of each failed operation (utils/core/apply/failures.ts); `$1` is the HTTP status. */
export const APPLY_FAILURE_MESSAGES: Readonly<Record<FailureCode, MessageKey>> = {
  unauthorized: 'applyFailure_unauthorized',
  'rate-limited': 'applyFailure_rate_limited',
  'invalid-domain': 'applyFailure_invalid_domain',
  network: 'applyFailure_network',
  server: 'applyFailure_server',
  'cancelled-unreachable': 'applyFailure_cancelled_unreachable',
};

/**
 * The same, quoting the server's own words as `$2`. A slow-down and a cancel
 * do not quote them, as the English sentence does not.
 */
export const APPLY_FAILURE_QUOTING_MESSAGES: Readonly<Record<FailureCode, MessageKey>> = {
  unauthorized: 'applyFailure_unauthorized_quoting',
  'rate-limited': 'applyFailure_rate_limited',
  'invalid-domain': 'applyFailure_invalid_domain_quoting',
  network: 'applyFailure_network_quoting',
  server: 'applyFailure_server_quoting',
  'cancelled-unreachable': 'applyFailure_cancelled_unreachable',
};

/**
 * Every code the core explains, by table: what the completeness test walks.
 * @internal
 */
export const CORE_CODES = {
  domain: DOMAIN_ERROR_DETAILS,
  listParse: LIST_PARSE_DETAILS,
  fires: FIRES_ERROR_DETAILS,
  refresh: REFRESH_REASON_CODES,
  skipDetail: SKIP_DETAILS,
  conflict: CONFLICT_KINDS,
  applyFailure: FAILURE_CODES,
  fetchList: FETCH_LIST_DETAILS,
} as const;

/** Why a text is not a domain, in the user's language. */
export function domainErrorMessage(error: DomainError): string {
  return say(DOMAIN_ERROR_MESSAGES[error.detail], error.input);
}

/** Why an input is not a list, in the user's language. */
export function listParseErrorMessage(error: ListParseError): string {
  return say(LIST_PARSE_MESSAGES[error.detail], ...error.params);
}

/** Why a list or a FIRES server's answer could not be fetched, in the user's language. */
export function fetchListErrorMessage(error: FetchListError): string {
  if (error.detail === 'not-a-list') return error.cause instanceof ListParseError ? listParseErrorMessage(error.cause) : error.message;
  return t(FETCH_LIST_MESSAGES[error.detail], ...error.params);
}

/** Why a FIRES server could not be read, in the user's language. */
export function firesErrorMessage(error: FiresError): string {
  return say(FIRES_ERROR_MESSAGES[error.detail], ...error.params);
}

/** One reason of a refresh decision, in the user's language. */
export function refreshReasonMessage(reason: RefreshReason): string {
  return say(REFRESH_REASON_MESSAGES[reason.code], ...reason.params);
}

/** Why a list row was left out, in full and in the user's language; a row kept from before codes existed keeps its English. */
export function skippedRowMessage(row: SkippedRow): string {
  const explanation = row.explanation;
  if (!explanation) return row.message;
  if ('domainError' in explanation) return t(DOMAIN_ERROR_MESSAGES[explanation.domainError.detail], explanation.domainError.input);
  return t(SKIP_DETAIL_MESSAGES[explanation.detail], ...explanation.params.map(String));
}

/** What a plan's conflict is about, in the user's language. */
export function conflictMessage(conflict: Pick<PlanConflict, 'kind' | 'domain'>): string {
  return t(CONFLICT_MESSAGES[conflict.kind], conflict.domain);
}

/** Why an operation of a run failed, in the user's language; a failure journaled before codes existed keeps its English. */
export function applyFailureMessage(error: OperationError): string {
  if (!error.code) return error.message;
  const status = String(error.status);
  if (error.serverMessage) return t(APPLY_FAILURE_QUOTING_MESSAGES[error.code], status, error.serverMessage);
  return t(APPLY_FAILURE_MESSAGES[error.code], status);
}

/**
 * The words of a core error in the user's language, or null when `error` is
 * none of them (its own message then stands).
 */
export function coreErrorMessage(error: unknown): string | null {
  if (error instanceof ListParseError) return listParseErrorMessage(error);
  if (error instanceof FiresError) return firesErrorMessage(error);
  return null;
}

/** `t`, with the `_one` form of a counted sentence when its first value asks for it. */
function say(key: MessageKey, ...params: ReadonlyArray<string | number>): string {
  const [count] = params;
  if (key.endsWith('_other') && typeof count === 'number' && pluralRules(uiLanguage()).select(count) === 'one') {
    return t(`${key.slice(0, -'_other'.length)}_one` as MessageKey, ...params);
  }
  return t(key, ...params);
}
