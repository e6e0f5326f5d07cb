/**
 * The words of the marks: a short badge label and a sentence for the tooltip
 * and the accessible description. Plain text only; callers put it in text
 * nodes and attributes.
 */
import type { SnapshotVerdict } from '../core/verdict-snapshot';

/** The verdicts that show a mark; `none` and `allowed` show nothing. */
export type MarkedKind = Exclude<SnapshotVerdict['kind'], 'none' | 'allowed'>;

const BADGE_LABELS: Readonly<Record<MarkedKind, string>> = {
  blocked: 'Blocked',
  limited: 'Limited',
  listed: 'Listed',
  'server-suspended': 'Suspended by server',
  'server-limited': 'Limited by server',
  'parent-blocked': 'Parent blocked',
};

/** Whether a verdict shows a mark. */
export function isMarked(kind: SnapshotVerdict['kind']): kind is MarkedKind {
  return kind !== 'none' && kind !== 'allowed';
}

/** The badge's short label. */
export function badgeLabel(kind: MarkedKind): string {
  return BADGE_LABELS[kind];
}

/** "Garden Fence, Threads · bots, twitter" as a clause, or nothing. */
function listsClause(why: string | undefined): string {
  return why === undefined || why === '' ? '' : ` Lists: ${why}.`;
}

/**
 * The sentence that says why a domain is marked: which lists name it and with
 * which reason labels, or what the user's server says.
 */
export function describeVerdict(domain: string, verdict: SnapshotVerdict, kind: MarkedKind): string {
  const matched = verdict.matchedDomain ?? domain;
  const serverReason = verdict.serverComment === undefined ? '' : ` Its reason: ${verdict.serverComment}.`;
  switch (kind) {
    case 'blocked':
      return `You block ${matched}.${listsClause(verdict.why)}`;
    case 'limited':
      return `You limit ${matched}: Hedge collapses its posts.${listsClause(verdict.why)}`;
    case 'listed':
      return `${matched} is on a list you follow but not blocked.${listsClause(verdict.why)}`;
    case 'server-suspended':
      return `Your server suspends ${matched}.${serverReason}`;
    case 'server-limited':
      return `Your server limits ${matched}.${serverReason}`;
    case 'parent-blocked':
      return `You block ${matched}, but a personal block does not cover ${domain}: block it too to hide it.${listsClause(verdict.why)}`;
  }
}

/** The one line that stands in for a collapsed post. */
export function collapsedNotice(domain: string, verdict: SnapshotVerdict): string {
  const why = verdict.why === undefined || verdict.why === '' ? '' : ` (${verdict.why})`;
  return `Limited by you: a post from ${verdict.matchedDomain ?? domain}${why}.`;
}

/** Words of the buttons Hedge adds. */
export const BUTTON_TEXT = {
  show: 'Show',
  hide: 'Hide',
  block: 'Block domain with Hedge',
  blocking: 'Blocking…',
} as const;
