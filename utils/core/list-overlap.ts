/**
 * How the subscribed lists overlap, and what each consensus threshold would
 * make of them, in numbers only (Options › Lists draws it).
 *
 * Overlap: every list that is not an allowlist, with how many domains it
 * names (its allowances left out); a histogram of the domains by how many of
 * those lists name them; and the largest exact intersections, UpSet-style
 * (Lex et al., "UpSet: Visualization of Intersecting Sets", 2014): each domain
 * counts once, under the one set of lists that names it.
 *
 * Outcomes: one tally of every source (./desired-state.ts `tallySources`),
 * then the same `decideAction` a plan uses, once per threshold: "at least k
 * of the lists that take part" for k = 1 … voters + 1 (the last one no
 * domain can meet); no consensus at all decides as k = 1 does. A percentage maps to
 * one of those rows through `votesNeeded` (./consensus.ts), so the page picks
 * a row as the user moves the threshold without asking the background again.
 */
import { consensusPredicate, votesNeeded, type ConsensusRule } from './consensus.ts';
import { decideAction, entryDecider, tallySources, type CombineSourcesInput } from './desired-state.ts';

/** How many domains end blocked, limited, or only marked (listed). */
export interface ThresholdOutcome {
  blocked: number;
  limited: number;
  listed: number;
}

/** One list in the overlap. */
export interface OverlapList {
  id: string;
  name: string;
  /** Distinct domains the list names, its allowances left out. */
  domainCount: number;
  /** Whether the list takes part in the consensus. */
  inConsensus: boolean;
}

/** The lists' overlap and the outcome of every threshold. */
export interface ListOverlap {
  lists: OverlapList[];
  /** `histogram[i]`: domains named by exactly `i + 1` of the lists. */
  histogram: number[];
  /** The largest exact intersections, largest first: indexes into `lists` and how many domains only they name. */
  intersections: Array<{ lists: number[]; count: number }>;
  /** How many lists take part in the consensus. */
  voters: number;
  /** Every list on its own (no consensus). */
  withoutConsensus: ThresholdOutcome;
  /** `byVotes[k - 1]`: the outcome when at least k of the `voters` lists must agree, for k = 1 … voters + 1. */
  byVotes: ThresholdOutcome[];
}

/** How many intersections the summary keeps. */
export const TOP_INTERSECTIONS = 8;

/** Sums a desired state's actions from a tally, with one threshold. */
function countOutcome(tallies: ReturnType<typeof tallySources>['tallies'], isMet: (votes: number) => boolean): ThresholdOutcome {
  const outcome: ThresholdOutcome = { blocked: 0, limited: 0, listed: 0 };
  for (const t of tallies.values()) {
    const action = decideAction(t, isMet);
    if (action === 'block') outcome.blocked += 1;
    else if (action === 'limit') outcome.limited += 1;
    else if (action === 'listed') outcome.listed += 1;
  }
  return outcome;
}

/**
 * The overlap of `input.subscriptions` and the outcome of every threshold
 * over everything `input` combines (presets and the user's own entries too).
 * `input.consensus` is not read: every threshold is computed.
 */
export function summarizeOverlap(input: CombineSourcesInput): ListOverlap {
  const sources = input.subscriptions.filter((list) => list.isAllowlist !== true);
  const named = new Map<string, number[]>();
  const lists = sources.map((list, index): OverlapList => {
    const domains = new Set<string>();
    // What the plan leaves out is left out here too: allowances, and entries the user's choices by label ignore.
    const decide = entryDecider(list);
    for (const entry of list.entries) {
      if (domains.has(entry.domain)) continue;
      const decision = decide(entry);
      if (decision === undefined || decision.action === 'ignore') continue;
      domains.add(entry.domain);
      const by = named.get(entry.domain);
      if (by === undefined) named.set(entry.domain, [index]);
      else by.push(index);
    }
    return { id: list.ref.id, name: list.ref.name, domainCount: domains.size, inConsensus: list.inConsensus };
  });

  const histogram = lists.map(() => 0);
  const combinations = new Map<string, { lists: number[]; count: number }>();
  for (const by of named.values()) {
    histogram[by.length - 1]! += 1;
    const key = by.join(',');
    const combination = combinations.get(key);
    if (combination === undefined) combinations.set(key, { lists: by, count: 1 });
    else combination.count += 1;
  }
  const intersections = [...combinations.values()]
    .sort((a, b) => b.count - a.count || b.lists.length - a.lists.length || a.lists.join(',').localeCompare(b.lists.join(',')))
    .slice(0, TOP_INTERSECTIONS);

  // Any rule makes the consensus lists vote apart; the threshold is then chosen per row.
  const voting = tallySources({ ...input, consensus: { kind: 'count', min: 1 } });
  const byVotes: ThresholdOutcome[] = [];
  for (let needed = 1; needed <= voting.voters + 1; needed += 1) {
    byVotes.push(countOutcome(voting.tallies, consensusPredicate({ kind: 'count', min: needed }, voting.voters)));
  }
  // With no consensus every list applies on its own, its strongest row winning: exactly what "at least 1
  // list" decides, so that row answers for it (the unit tests compare both with the desired state).
  return { lists, histogram, intersections, voters: voting.voters, withoutConsensus: byVotes[0]!, byVotes };
}

/**
 * The outcome of a threshold from the precomputed rows, and how many lists it
 * asks for: what the page shows as the user moves the threshold.
 * @param overlap - the summary from {@link summarizeOverlap}.
 * @param rule - the threshold being chosen, or null for none.
 */
export function outcomeAt(overlap: Pick<ListOverlap, 'voters' | 'withoutConsensus' | 'byVotes'>, rule: ConsensusRule | null): { needed: number | null; outcome: ThresholdOutcome } {
  if (rule === null) return { needed: null, outcome: overlap.withoutConsensus };
  const needed = votesNeeded(rule, overlap.voters);
  const row = overlap.byVotes[Math.min(needed, overlap.voters + 1) - 1] ?? overlap.withoutConsensus;
  return { needed, outcome: row };
}
