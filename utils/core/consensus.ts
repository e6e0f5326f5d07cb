/**
 * The consensus step alone: how many of the lists that take part must name a
 * domain for their verdict to hold. Both the desired state
 * (./desired-state.ts) and the lists' overlap chart (./list-overlap.ts) read
 * the threshold here, so the chart's numbers are the ones a plan would use.
 */

/** How many consensus lists must agree: at least `min` of them, or at least `min` percent of them. */
export type ConsensusRule = { kind: 'count'; min: number } | { kind: 'percent'; min: number };

/**
 * The fewest votes that meet `rule` when `voters` lists take part, never
 * below 1. A percentage is met by `votes × 100 ≥ min × voters`, compared in
 * whole numbers of votes so that 66 % of 3 lists needs 2 of them, not 1.98.
 * A count above `voters` cannot be met: the answer is then more than `voters`.
 */
export function votesNeeded(rule: ConsensusRule, voters: number): number {
  if (rule.kind === 'count') return Math.max(1, rule.min);
  const target = rule.min * voters;
  let votes = Math.max(1, Math.ceil(target / 100));
  // Floating point may put `ceil` one off (66.6 × 3 = 199.79999…): settle on the exact comparison.
  while (votes > 1 && (votes - 1) * 100 >= target) votes -= 1;
  while (votes * 100 < target) votes += 1;
  return votes;
}

/**
 * Whether `votes` of the lists taking part meet the rule; no rule, or no vote, never does.
 * @param rule - the user's consensus setting, or null when every list applies on its own.
 * @param voters - how many lists take part in the consensus.
 */
export function consensusPredicate(rule: ConsensusRule | null, voters: number): (votes: number) => boolean {
  if (rule === null) return () => false;
  const needed = votesNeeded(rule, voters);
  return (votes) => votes > 0 && votes >= needed;
}

/** Throws a `RangeError`, in words, for a consensus rule that cannot be met. */
export function checkConsensus(rule: ConsensusRule | null): void {
  if (rule === null) return;
  if (rule.kind === 'count' && !(Number.isInteger(rule.min) && rule.min >= 1)) {
    throw new RangeError(`A consensus needs at least one list to agree; “${rule.min}” is not a whole number of lists of 1 or more.`);
  }
  if (rule.kind === 'percent' && !(rule.min > 0 && rule.min <= 100)) {
    throw new RangeError(`A consensus percentage must be above 0 and at most 100; “${rule.min}” is not.`);
  }
}
