/**
 * The words of the marks: a short badge label, a sentence for the tooltip and
 * the accessible description, the collapsed post's notice and the buttons.
 * They come from `public/_locales/<lang>/messages.json` (keys `mark*`) in the
 * browser's language through `i18n.getMessage`, which content scripts may call
 * (developer.chrome.com/docs/extensions/develop/concepts/content-scripts,
 * "Content scripts can access … i18n"). The plain `browser ?? chrome` global
 * is used rather than utils/i18n/translate.ts, whose `wxt/browser` import is the
 * polyfill elsewhere. Plain text only; callers put it in text nodes and
 * attributes.
 */
import type { SnapshotVerdict } from '../core/verdict-snapshot';

/** The verdicts that show a mark; `none` and `allowed` show nothing. */
export type MarkedKind = Exclude<SnapshotVerdict['kind'], 'none' | 'allowed'>;

type GetMessage = (key: string, substitutions?: string[]) => string;
type ExtensionGlobal = { i18n: { getMessage: GetMessage } } | undefined;

/**
 * The message `key` in the browser's language, `substitutions` filling `$1`…`$9`.
 * Looked up at each call: the global can be replaced (tests install their own).
 * Also the content script's other words (content-intents.ts).
 */
export function message(key: string, ...substitutions: string[]): string {
  const scope = globalThis as unknown as { browser?: ExtensionGlobal; chrome?: ExtensionGlobal };
  const api = scope.browser ?? scope.chrome;
  return api?.i18n.getMessage(key, substitutions) ?? '';
}

/** The part of a message key that names a kind: `server-limited` → `server_limited` (keys allow no `-`). */
function keyOf(kind: MarkedKind): string {
  return kind.replace('-', '_');
}

/**
 * Whether the mark is a parent's limit or list mark, not the domain's own: then the verdict's
 * `matchedDomain` is that parent (utils/core/verdict-snapshot.ts). A server's block names the
 * parent it matched, or its obfuscated form, in its own sentence.
 */
function isThroughParent(domain: string, verdict: SnapshotVerdict): boolean {
  return (verdict.kind === 'limited' || verdict.kind === 'listed') && (verdict.matchedDomain ?? domain) !== domain;
}

/** Whether a verdict shows a mark. */
export function isMarked(kind: SnapshotVerdict['kind']): kind is MarkedKind {
  return kind !== 'none' && kind !== 'allowed';
}

/** The badge's short label (`markBadge_<kind>`). */
export function badgeLabel(kind: MarkedKind): string {
  return message(`markBadge_${keyOf(kind)}`);
}

/**
 * The sentence that says why a domain is marked (`markWhy_<kind>`, or
 * `markWhyParent_<kind>` when the verdict is a parent's, `markWhy_own_limit` for the user's own
 * limit of the domain itself, with the matched domain as `$1` and the account's own domain as `$2`), then which
 * lists name it with their reason labels (`markLists`), or what the user's
 * server gives as its reason (`markServerReason`).
 */
export function describeVerdict(domain: string, verdict: SnapshotVerdict, kind: MarkedKind): string {
  const throughParent = isThroughParent(domain, verdict);
  const key = verdict.isOwnLimit && !throughParent ? 'markWhy_own_limit' : `markWhy${throughParent ? 'Parent' : ''}_${keyOf(kind)}`;
  const parts = [message(key, verdict.matchedDomain ?? domain, domain)];
  if (kind.startsWith('server-')) {
    if (verdict.serverComment) parts.push(message('markServerReason', verdict.serverComment));
  } else if (verdict.why) {
    parts.push(message('markLists', verdict.why));
  }
  return parts.join(' ');
}

/**
 * The one line that stands in for a collapsed post (`markNoticeOwn` for the user's own limit of the
 * domain itself, `markNotice`, or `markNoticeParent` through a limited parent, `…Why` with the lists
 * and labels when known): `$1` the matched domain, `$2` the lists, `$3` the post's own domain.
 */
export function collapsedNotice(domain: string, verdict: SnapshotVerdict): string {
  const throughParent = isThroughParent(domain, verdict);
  const key = verdict.isOwnLimit && !throughParent ? 'markNoticeOwn' : `markNotice${throughParent ? 'Parent' : ''}${verdict.why ? 'Why' : ''}`;
  return message(key, verdict.matchedDomain ?? domain, verdict.why ?? '', domain);
}

/**
 * The message of each action button: "Block example.com with Hedge", "Limit example.com with Hedge"
 * (`$1` the domain a click sends). The other buttons' words are `markShow`, `markHide` and
 * `markBlocking`.
 */
export const ACTION_MESSAGE = { block: 'markBlockDomain', limit: 'markLimitDomain' } as const;
