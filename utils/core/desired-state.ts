/**
 * Combining every source into what should be blocked, limited, marked or left
 * alone, each domain with its provenance.
 *
 * Rules, strongest first:
 * 1. the user's own server and the user's "never block" entries are allowed;
 * 2. the user's "always block" entries and chosen presets are blocked;
 * 3. an allowance wins over every other list: any entry of a list the user
 *    marked as an allowlist, or a FIRES `accept`. A `noop` row elsewhere is
 *    Mastodon's block without severity (often media rejection only): it
 *    neither blocks nor vetoes, the domain is only listed;
 * 4. otherwise each subscription votes: `suspend` rows block, `silence` rows
 *    limit (or block, when the user chose so for that list), advisory rows
 *    (FIRES filter and Advisory) only mark. Where the user chose by labels for
 *    that list, the rules decide instead, the strongest action over an entry's
 *    labels winning (lists/label-rules.ts); an ignored entry is left out of
 *    the list's contribution altogether. Lists outside the consensus apply
 *    on their own; lists inside it act only together: a domain is blocked when
 *    at least K of them (or P percent of them) block it, limited when that many
 *    block or limit it, and otherwise "listed", marked but left alone, as
 *    FediCheck's 66 % threshold and Oliphant's tiers do.
 * Then the user's own limits: a domain the user limits is limited whatever
 * rules 1, 3 and 4 decided (a "never block" entry or a list's allowance keeps
 * the domain from being blocked, not from being collapsed), unless it is
 * blocked or is the user's own server. A block wins over a limit: a limit never
 * takes a block away, so it never changes what is sent to the server.
 * Every source that names a domain stays in its provenance, including the ones
 * a stronger rule overrode, so the UI can say why.
 */
import { checkConsensus, consensusPredicate, type ConsensusRule } from './consensus.ts';
import { normalizeDomain } from './domain.ts';
import { labelDecider, type LabelAction, type LabelRules } from './lists/label-rules.ts';
import type { ListEntry } from './lists/types.ts';
import type { DesiredAction, DesiredDomain, DesiredState, Provenance, Severity, SourceRef } from './model.ts';
import { findPreset, type PresetId } from './presets.ts';

/** A preset the user switched on. */
interface PresetSelection {
  id: PresetId;
}

/** A list the user subscribed to, with its last good entries. */
export interface SubscribedList {
  ref: SourceRef;
  entries: readonly ListEntry[];
  /** What the list's `silence` rows become: Hedge's limit (marked and collapsed), or a block. */
  silenceAs: 'limit' | 'block';
  /** Whether the list acts only together with the other consensus lists (when a consensus rule is set). */
  inConsensus: boolean;
  /** Every entry of the list is an allowance ("This list is an allowlist"); absent: false. */
  isAllowlist?: boolean;
  /** What the entries carrying each label do (Options › Lists, "Choose by labels"); absent: as the list says. */
  labelRules?: LabelRules;
}

/** The user's own entries, as typed (they are normalised again here). */
interface ManualEntries {
  alwaysBlock: readonly string[];
  neverBlock: readonly string[];
  /** The domains the user limits itself; absent: none. */
  limit?: readonly string[];
}

/** Everything {@link combineSources} combines. */
export interface CombineSourcesInput {
  presets: readonly PresetSelection[];
  subscriptions: readonly SubscribedList[];
  manual: ManualEntries;
  /** `null`: every list applies on its own. */
  consensus: ConsensusRule | null;
  /** The user's own server (`mastodon.social`), never blocked whatever a list says. */
  ownInstance: string;
}

/** The combined state and the entries that could not be used, in words a user understands. */
export interface CombineSourcesResult {
  desired: DesiredState;
  problems: string[];
}

/** The provenance source of the user's own entries. */
const MANUAL_SOURCE: SourceRef = { kind: 'manual', id: 'manual', name: 'Your own entries' };

/** The id of {@link OWN_LIMIT_SOURCE}, by which the verdict snapshot tells the user's own limit from a list's. */
export const OWN_LIMIT_SOURCE_ID = 'own-limit';

/** The provenance source of the user's own limits. */
const OWN_LIMIT_SOURCE: SourceRef = { kind: 'manual', id: OWN_LIMIT_SOURCE_ID, name: 'Your own limit' };

/** The provenance source that protects the user's own server. */
const OWN_INSTANCE_SOURCE: SourceRef = { kind: 'manual', id: 'own-instance', name: 'Your own server' };

const ACTION_RANK: Readonly<Record<DesiredAction, number>> = { allow: 0, listed: 1, limit: 2, block: 3 };

/** What every source says of one domain, before the consensus step decides. */
export interface Tally {
  provenance: Provenance[];
  isProtected: boolean;
  isOwnServer: boolean;
  isOwnLimit: boolean;
  isForced: boolean;
  isListAllowed: boolean;
  independent?: DesiredAction;
  consensusBlock: number;
  consensusLimit: number;
  consensusListed: number;
}

/** Combines every source into the desired state. See the module comment for the rules. */
export function combineSources(input: CombineSourcesInput): DesiredState {
  return combineSourcesWithReport(input).desired;
}

/**
 * Like {@link combineSources}, and also says which of the user's own entries
 * or presets could not be used (an unknown preset, text that is not a domain).
 * Throws a `RangeError` for a consensus rule that cannot be met.
 */
export function combineSourcesWithReport(input: CombineSourcesInput): CombineSourcesResult {
  checkConsensus(input.consensus);
  const { tallies, voters, problems } = tallySources(input);
  const isMet = consensusPredicate(input.consensus, voters);
  const desired = new Map<string, DesiredDomain>();
  for (const [domain, t] of tallies) desired.set(domain, { domain, action: decideAction(t, isMet), provenance: t.provenance });
  return { desired, problems };
}

/** Every domain's {@link Tally}, how many lists take part in the consensus, and the entries that could not be used. */
export interface SourceTallies {
  tallies: Map<string, Tally>;
  voters: number;
  problems: string[];
}

/**
 * Gathers what every source says of each domain (rules 1 to 4 before any
 * threshold). Lists vote apart from the others only when `input.consensus` is
 * set; the threshold itself is applied by {@link decideAction}, so one tally
 * answers for every threshold (the lists' overlap chart, ./list-overlap.ts).
 */
export function tallySources(input: CombineSourcesInput): SourceTallies {
  const problems: string[] = [];
  const tallies = new Map<string, Tally>();
  const tally = (domain: string): Tally => {
    let found = tallies.get(domain);
    if (found === undefined) {
      found = { provenance: [], isProtected: false, isOwnServer: false, isOwnLimit: false, isForced: false, isListAllowed: false, consensusBlock: 0, consensusLimit: 0, consensusListed: 0 };
      tallies.set(domain, found);
    }
    return found;
  };

  const own = normalizeDomain(input.ownInstance);
  const ownDomain = 'domain' in own ? own.domain : input.ownInstance.trim().toLowerCase();
  if (ownDomain !== '') {
    const t = tally(ownDomain);
    t.isProtected = true;
    t.isOwnServer = true;
    t.provenance.push({ source: OWN_INSTANCE_SOURCE, severity: 'noop', labels: [] });
  }

  for (const text of input.manual.neverBlock) {
    const result = normalizeDomain(text);
    if ('error' in result) {
      problems.push(`“${text}” in “never block” was not used: ${result.error.message}`);
      continue;
    }
    const t = tally(result.domain);
    t.isProtected = true;
    t.provenance.push({ source: MANUAL_SOURCE, severity: 'noop', labels: [] });
  }

  for (const text of input.manual.alwaysBlock) {
    const result = normalizeDomain(text, { forList: true });
    if ('error' in result) {
      problems.push(`“${text}” in “always block” was not used: ${result.error.message}`);
      continue;
    }
    const t = tally(result.domain);
    t.isForced = true;
    t.provenance.push({ source: MANUAL_SOURCE, severity: 'suspend', labels: [] });
  }

  for (const text of input.manual.limit ?? []) {
    const result = normalizeDomain(text);
    if ('error' in result) {
      problems.push(`“${text}” in “limited by you” was not used: ${result.error.message}`);
      continue;
    }
    const t = tally(result.domain);
    t.isOwnLimit = true;
    t.provenance.push({ source: OWN_LIMIT_SOURCE, severity: 'silence', labels: [], comment: 'Limited by you' });
  }

  for (const selection of input.presets) {
    const preset = findPreset(selection.id);
    if (preset === undefined) {
      problems.push(`The preset “${selection.id}” is not known to this version of Hedge and was not used.`);
      continue;
    }
    const source: SourceRef = { kind: 'preset', id: preset.id, name: preset.name };
    for (const domain of preset.domains) {
      const t = tally(domain);
      t.isForced = true;
      t.provenance.push({ source, severity: 'suspend', labels: [], comment: preset.explanation });
    }
  }

  const consensus = input.consensus;
  const voters = consensus === null ? 0 : input.subscriptions.filter((list) => list.inConsensus).length;
  for (const list of input.subscriptions) {
    const isVoter = consensus !== null && list.inConsensus;
    const decide = entryDecider(list);
    for (const entry of list.entries) {
      const decision = decide(entry);
      if (decision?.action === 'ignore') continue;
      const t = tally(entry.domain);
      const provenance: Provenance = { source: list.ref, severity: entry.severity, labels: entry.labels };
      if (entry.comment !== undefined) provenance.comment = entry.comment;
      if (decision !== undefined && decision.labels.length > 0) provenance.ruleLabels = decision.labels;
      t.provenance.push(provenance);
      const action = decision === undefined ? 'allow' : LABEL_ACTION_AS_DESIRED[decision.action];
      if (action === 'allow') {
        t.isListAllowed = true;
      } else if (isVoter) {
        if (action === 'block') t.consensusBlock += 1;
        else if (action === 'limit') t.consensusLimit += 1;
        else t.consensusListed += 1;
      } else if (t.independent === undefined || ACTION_RANK[action] > ACTION_RANK[t.independent]) {
        t.independent = action;
      }
    }
  }

  return { tallies, voters, problems };
}

/**
 * What one domain ends as, from its tally and the consensus threshold (see
 * the module comment for the rules).
 * @param t - the domain's tally from {@link tallySources}.
 * @param isMet - whether that many consensus votes meet the threshold (./consensus.ts).
 */
export function decideAction(t: Tally, isMet: (votes: number) => boolean): DesiredAction {
  let action: DesiredAction;
  if (t.isProtected) action = 'allow';
  else if (t.isForced) action = 'block';
  else if (t.isListAllowed) action = 'allow';
  else {
    const agreed: DesiredAction | undefined = isMet(t.consensusBlock)
      ? 'block'
      : isMet(t.consensusBlock + t.consensusLimit)
        ? 'limit'
        : t.consensusBlock + t.consensusLimit + t.consensusListed > 0
          ? 'listed'
          : undefined;
    action = strongest(t.independent, agreed) ?? 'listed';
  }
  if (t.isOwnLimit && !t.isOwnServer && action !== 'block') action = 'limit';
  return action;
}

/**
 * What the user's choices by label make of a list's entry: undefined for an allowance (rules choose
 * among a list's blocks, limits and marks; an allowance stays one), else the action that won and the
 * labels that decided. The one reading of the rules, for the desired state and the lists' overlap.
 */
export function entryDecider(list: SubscribedList): (entry: ListEntry) => ReturnType<ReturnType<typeof labelDecider>> | undefined {
  const decide = labelDecider(list.labelRules);
  return (entry) => {
    if (list.isAllowlist === true || entry.isAllowance === true) return undefined;
    return decide(entry.labels, LISTED_AS_LABEL_ACTION[entryAction(entry, list.silenceAs)]);
  };
}

/** A list's own word as a label rule's action, and back. */
const LISTED_AS_LABEL_ACTION = { block: 'block', limit: 'limit', listed: 'mark' } as const;
const LABEL_ACTION_AS_DESIRED: Readonly<Record<Exclude<LabelAction, 'ignore'>, Exclude<DesiredAction, 'allow'>>> = { block: 'block', limit: 'limit', mark: 'listed' };

/** What one entry of a list that is not an allowlist asks for, before combining. */
function entryAction(entry: Pick<ListEntry, 'severity' | 'isAdvisory'>, silenceAs: 'limit' | 'block'): Exclude<DesiredAction, 'allow'> {
  if (entry.isAdvisory === true) return 'listed';
  const severity: Severity = entry.severity;
  if (severity === 'noop') return 'listed';
  if (severity === 'suspend') return 'block';
  return silenceAs === 'block' ? 'block' : 'limit';
}

function strongest(a: DesiredAction | undefined, b: DesiredAction | undefined): DesiredAction | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return ACTION_RANK[a] >= ACTION_RANK[b] ? a : b;
}
