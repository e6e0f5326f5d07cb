/**
 * Choosing by labels and reasons: per subscription, the user says what the
 * entries carrying a label (a FIRES label, a Fediseer reason, a tag in a CSV
 * comment) do: block, limit, only mark, or ignore.
 *
 * How an entry's action is decided ({@link labelDecider}):
 * 1. its labels are normalised (trimmed, lowercase), as rules' labels are;
 * 2. each label takes the strongest of the rules that name it directly or
 *    through a Fediseer group that covers it ({@link FEDISEER_GROUPS});
 *    a label without any rule takes the subscription's default, which is
 *    "as the list says" (the entry's severity, today's behaviour) unless the
 *    user chose another;
 * 3. the strongest action over all its labels wins: block > limit > mark >
 *    ignore, so one label the user wants blocked is enough to block, and an
 *    entry is ignored only when every label it carries is ignored. An entry
 *    without labels takes the default.
 * `ignore` takes the entry out of its list's contribution: it neither blocks,
 * limits nor marks, and does not count towards the consensus.
 */
import type { ListEntry } from './types.ts';

/** What the entries carrying a label do: a block, Hedge's limit, a mark only (listed, nothing sent), or nothing. */
export type LabelAction = 'block' | 'limit' | 'mark' | 'ignore';

/** Every {@link LabelAction}, strongest first. */
export const LABEL_ACTIONS: readonly LabelAction[] = ['block', 'limit', 'mark', 'ignore'];

const RANK: Readonly<Record<LabelAction, number>> = { ignore: 0, mark: 1, limit: 2, block: 3 };

/** A subscription's choices by label, as stored and synced: plain data, sorted by label. */
export interface LabelRules {
  /** Normalised label or Fediseer group name → action, sorted by label, each label once. */
  byLabel: Array<[label: string, action: LabelAction]>;
  /** What entries whose labels have no rule do; absent: what the list's severity says. */
  otherwise?: LabelAction;
}

/**
 * Fediseer's reason groups, as its censures endpoint expands them: a
 * `reasons_csv` that holds `__all_pedos__` or `__all_bigots__` also asks for
 * each of these texts, and a censure matches when one of them appears
 * anywhere in its reason, lowercase (`r in censure.reason.lower()`). Source:
 * github.com/Fediseer/fediseer, fediseer/apis/v1/censures.py, `CensuresGiven.get`
 * (CHANGELOG.md: "meta reasons … which will attempt to filter all reasons which
 * fall into them as supergroups"). Hesitations do not expand them
 * (fediseer/apis/v1/hesitations.py); here a group covers any label of any list
 * the same way, so one choice acts on every reason it stands for.
 * - `__all_pedos__`: child sexual abuse material and its apologists
 *   (`csam`, `loli`, `shota`, `pedophil` for pedophile, pedophilia);
 * - `__all_bigots__`: bigotry and hate (`racism`, `sexism`, `transphobia`,
 *   `homophobia`, `islamophobia`, `nazi`, `fascist`, `hate speech`, `bigotry`).
 */
export const FEDISEER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  __all_pedos__: ['csam', 'loli', 'shota', 'pedophil'],
  __all_bigots__: ['racism', 'sexism', 'transphobia', 'homophobia', 'islamophobia', 'nazi', 'fascist', 'hate speech', 'bigotry'],
};

/** Whether a name is one of {@link FEDISEER_GROUPS}. */
export function isFediseerGroup(name: string): boolean {
  return Object.hasOwn(FEDISEER_GROUPS, name);
}

/** A label as rules compare it: trimmed, lowercase. */
export function normalizeLabel(label: string): string {
  return label.trim().toLowerCase();
}

/** The Fediseer groups that cover a normalised label (one of their texts appears in it). */
export function groupsCovering(label: string): string[] {
  return Object.keys(FEDISEER_GROUPS).filter((group) => group === label || FEDISEER_GROUPS[group]!.some((text) => label.includes(text)));
}

/** Whether a value is a {@link LabelAction}. */
export function isLabelAction(value: unknown): value is LabelAction {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/**
 * The most labels one subscription keeps rules for: more than the choices a list offers
 * ({@link labelCountsOf}), few enough that an account's subscriptions stay well inside the 8 KB a
 * browser's sync storage allows one item (`storage.sync.QUOTA_BYTES_PER_ITEM`).
 */
export const MAX_LABEL_RULES = 100;

/**
 * Rules checked as input (a page's message, another browser's sync): labels
 * normalised, each once (the last word wins), sorted; undefined when it does
 * not read. Empty rules read as no rules.
 */
export function readLabelRules(value: unknown): LabelRules | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { byLabel, otherwise } = value as { byLabel?: unknown; otherwise?: unknown };
  if (!Array.isArray(byLabel) || byLabel.length > MAX_LABEL_RULES) return undefined;
  if (otherwise !== undefined && !isLabelAction(otherwise)) return undefined;
  const rules = new Map<string, LabelAction>();
  for (const pair of byLabel) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || !isLabelAction(pair[1])) return undefined;
    const label = normalizeLabel(pair[0]);
    if (label === '' || label.length > 200) return undefined;
    rules.set(label, pair[1]);
  }
  return {
    byLabel: [...rules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ...(otherwise === undefined ? {} : { otherwise }),
  };
}

/** Whether rules change nothing: no rule and the default as the list says. */
export function hasNoRules(rules: LabelRules | undefined): boolean {
  return rules === undefined || (rules.byLabel.length === 0 && rules.otherwise === undefined);
}

/** What decided an entry: the action, and the labels whose rules chose it (empty when the default did). */
export interface LabelDecision {
  action: LabelAction;
  labels: string[];
}

/** Decides entries of one subscription: {@link labelDecider}'s answer. */
export type LabelDecider = (labels: readonly string[], asListed: Exclude<LabelAction, 'ignore'>) => LabelDecision;

/**
 * Compiles a subscription's rules once for all its entries (see the module comment for the
 * algorithm): each label's own action, through its direct rule and the groups covering it, is
 * worked out once and remembered, as lists repeat the same few labels thousands of times.
 * @param rules - the subscription's rules; absent: none, every entry as the list says.
 */
export function labelDecider(rules: LabelRules | undefined): LabelDecider {
  if (rules === undefined || rules.byLabel.length === 0) {
    const otherwise = rules?.otherwise;
    return (_labels, asListed) => ({ action: otherwise ?? asListed, labels: [] });
  }
  const byLabel = new Map(rules.byLabel);
  const ownActions = new Map<string, LabelAction | null>();
  const actionOf = (label: string): LabelAction | null => {
    let own = ownActions.get(label);
    if (own === undefined) {
      own = byLabel.get(label) ?? null;
      for (const group of groupsCovering(label)) {
        const groupAction = byLabel.get(group);
        if (groupAction !== undefined && (own === null || RANK[groupAction] > RANK[own])) own = groupAction;
      }
      ownActions.set(label, own);
    }
    return own;
  };
  return (labels, asListed) => {
    const fallback = rules.otherwise ?? asListed;
    let action: LabelAction | undefined;
    let deciding: string[] = [];
    let hasUnruled = labels.length === 0;
    for (const raw of labels) {
      const label = normalizeLabel(raw);
      const own = actionOf(label);
      if (own === null) {
        hasUnruled = true;
      } else if (action === undefined || RANK[own] > RANK[action]) {
        action = own;
        deciding = [label];
      } else if (own === action && !deciding.includes(label)) {
        deciding.push(label);
      }
    }
    if (action === undefined) return { action: fallback, labels: [] };
    if (hasUnruled && RANK[fallback] > RANK[action]) return { action: fallback, labels: [] };
    return { action, labels: deciding };
  };
}

/** How many entries carry a label or a group, for the choices a subscription offers. */
export type LabelCount = [label: string, count: number];

/** How many labels a subscription offers choices for: the most used. */
const MAX_LABEL_CHOICES = 60;

/**
 * The labels a list's entries carry with how many entries carry each, the
 * most used first (ties by name), at most `max`, then every Fediseer group
 * that covers at least one entry's label, with the entries it covers.
 */
export function labelCountsOf(entries: ReadonlyArray<Pick<ListEntry, 'labels'>>, max = MAX_LABEL_CHOICES): LabelCount[] {
  const counts = new Map<string, number>();
  const groupCounts = new Map<string, number>();
  for (const entry of entries) {
    const seen = new Set(entry.labels.map(normalizeLabel));
    const groups = new Set<string>();
    for (const label of seen) {
      if (label === '') continue;
      counts.set(label, (counts.get(label) ?? 0) + 1);
      for (const group of groupsCovering(label)) groups.add(group);
    }
    for (const group of groups) groupCounts.set(group, (groupCounts.get(group) ?? 0) + 1);
  }
  const byUse = (a: LabelCount, b: LabelCount): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const labels = [...counts].filter(([label]) => !isFediseerGroup(label)).sort(byUse).slice(0, max);
  return [...labels, ...[...groupCounts].sort(byUse)];
}
