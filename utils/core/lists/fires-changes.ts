/**
 * FIRES changes and the state they build (fedimod/fires, docs/reference/protocol,
 * components/fires-server app/serializers/change_serializer.ts at v0.8.0).
 *
 * A dataset is a log of changes about entities (`domain` in punycode, or `actor`
 * by URL): `Recommendation` (with `recommendedPolicy` accept | filter | reject |
 * drop), `Advisory` (information, no action), `Retraction` (withdraws earlier
 * advice) and `Tombstone` (only the id of a change that was deleted). Applying
 * the log in order leaves at most one piece of advice per entity. A map of
 * change id to entity lets a Tombstone find what it deletes.
 *
 * Mapping to Hedge: drop and reject are blocks (`suspend`), accept is an allow
 * entry (`noop`), filter, Advisories and Recommendations without a policy are
 * marking only (`silence` with `isAdvisory`). Actor entities are kept to be
 * shown, never applied: personal domain blocks cannot target one account.
 */
import { ListCollector } from './collector.ts';
import type { ListActorEntry, ListFormat, ParsedList, SkipExplanation } from './types.ts';
import type { Severity } from '../model.ts';

/** The kinds of change a FIRES dataset publishes. */
type FiresChangeType = 'Recommendation' | 'Advisory' | 'Retraction' | 'Tombstone';

/** One change, read from the wire. */
export interface FiresChange {
  /** The change's URL id, e.g. `https://fires.example/datasets/<id>/changes/<uuid>`. */
  id: string;
  type: FiresChangeType;
  published?: string;
  entityKind?: string;
  entityKey?: string;
  /** Label ids (URLs). */
  labels: string[];
  /** As sent; an unknown word is kept so it can be reported. */
  recommendedPolicy?: string;
  comment?: string;
}

/** The advice standing for one entity after the log is applied. */
interface FiresAdvice {
  entityKind: string;
  entityKey: string;
  /** The change this advice comes from. */
  changeId: string;
  type: 'Recommendation' | 'Advisory';
  recommendedPolicy?: string;
  labels: string[];
  published?: string;
  comment?: string;
}

/**
 * What a consumer remembers of a dataset between syncs. Plain records, so it
 * survives JSON and structured cloning alike.
 */
export interface FiresState {
  /** Advice by `entityKind + ' ' + entityKey`. */
  advice: Record<string, FiresAdvice>;
  /** Entity (`entityKind + ' ' + entityKey`) by change id, for Tombstones. */
  changeEntity: Record<string, string>;
  /** Id of the last change applied: the cursor of the next `changes?since=`. */
  lastChangeId?: string;
}

const CHANGE_TYPES: ReadonlySet<string> = new Set(['Recommendation', 'Advisory', 'Retraction', 'Tombstone']);

/** An empty state, before any snapshot or change. */
export function emptyFiresState(): FiresState {
  return { advice: {}, changeEntity: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one change; `undefined` when the value is not a FIRES change. */
export function readFiresChange(value: unknown): FiresChange | undefined {
  if (!isRecord(value)) return undefined;
  const { id, type } = value;
  if (typeof id !== 'string' || typeof type !== 'string') return undefined;
  // The serializer emits bare names; JSON-LD consumers may see `fires:` prefixes (fires.jsonld).
  const bareType = type.startsWith('fires:') ? type.slice(6) : type;
  if (!CHANGE_TYPES.has(bareType)) return undefined;
  const change: FiresChange = {
    id,
    type: bareType as FiresChangeType,
    labels: Array.isArray(value.labels) ? value.labels.filter((label): label is string => typeof label === 'string') : [],
  };
  if (typeof value.published === 'string') change.published = value.published;
  if (typeof value.entityKind === 'string') change.entityKind = value.entityKind;
  if (typeof value.entityKey === 'string') change.entityKey = value.entityKey;
  if (typeof value.recommendedPolicy === 'string') change.recommendedPolicy = value.recommendedPolicy;
  if (typeof value.comment === 'string' && value.comment.trim() !== '') change.comment = value.comment.trim();
  return change;
}

/** Whether a JSON value looks like a FIRES snapshot or change page (items with an `entityKind` or change type). */
export function isFiresCollection(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const items = value.orderedItems ?? value.items;
  if (!Array.isArray(items)) return false;
  const type = typeof value.type === 'string' ? value.type : '';
  if (items.length === 0) return typeof value.dataset === 'string' && /Collection/.test(type);
  return items.some((item) => readFiresChange(item) !== undefined);
}

/** The items of a FIRES collection or page. */
export function firesItems(value: Record<string, unknown>): unknown[] {
  const items = value.orderedItems ?? value.items;
  return Array.isArray(items) ? items : [];
}

/**
 * Applies one change to the state, in place. Returns a sentence when the
 * change could not be applied (a Tombstone for an unknown change is fine and
 * says nothing).
 */
export function applyFiresChange(state: FiresState, change: FiresChange): string | undefined {
  state.lastChangeId = change.id;
  if (change.type === 'Tombstone') {
    const entity = state.changeEntity[change.id];
    if (entity !== undefined) {
      if (state.advice[entity]?.changeId === change.id) delete state.advice[entity];
      delete state.changeEntity[change.id];
    }
    return undefined;
  }
  if (change.entityKind === undefined || change.entityKey === undefined) {
    return `The change ${change.id} names no entity, so it is left out.`;
  }
  const entity = `${change.entityKind} ${change.entityKey}`;
  state.changeEntity[change.id] = entity;
  if (change.type === 'Retraction') {
    delete state.advice[entity];
    return undefined;
  }
  const advice: FiresAdvice = {
    entityKind: change.entityKind,
    entityKey: change.entityKey,
    changeId: change.id,
    type: change.type,
    labels: change.labels,
  };
  if (change.recommendedPolicy !== undefined) advice.recommendedPolicy = change.recommendedPolicy;
  if (change.published !== undefined) advice.published = change.published;
  if (change.comment !== undefined) advice.comment = change.comment;
  state.advice[entity] = advice;
  return undefined;
}

/** How a piece of FIRES advice reads in Hedge's terms; `undefined` for an unknown policy. */
function adviceSeverity(advice: FiresAdvice): { severity: Severity; isAdvisory: boolean } | undefined {
  if (advice.type === 'Advisory' || advice.recommendedPolicy === undefined) return { severity: 'silence', isAdvisory: true };
  switch (advice.recommendedPolicy) {
    case 'drop':
    case 'reject':
      return { severity: 'suspend', isAdvisory: false };
    case 'accept':
      return { severity: 'noop', isAdvisory: false };
    case 'filter':
      return { severity: 'silence', isAdvisory: true };
    default:
      return undefined;
  }
}

function describe(advice: FiresAdvice): string {
  const what = advice.type === 'Advisory' ? 'FIRES advisory' : `FIRES recommends ${advice.recommendedPolicy ?? 'no action'}`;
  return advice.comment === undefined ? what : `${what}: ${advice.comment}`;
}

/**
 * Turns a FIRES state into a list: domain advice becomes entries, actor
 * advice is kept in `actors`. `labelNames` maps label ids to names where known.
 */
export function firesStateToList(
  state: FiresState,
  format: ListFormat,
  labelNames: ReadonlyMap<string, string> = new Map(),
  skippedChanges: ReadonlyArray<{ line: number; raw: string; message: string; explanation?: SkipExplanation }> = [],
): ParsedList {
  const collector = new ListCollector(format);
  for (const skip of skippedChanges) collector.skip(skip.line, skip.raw, 'malformed', skip.message, skip.explanation);
  const actors: ListActorEntry[] = [];
  let position = 0;
  for (const advice of Object.values(state.advice)) {
    position += 1;
    collector.countRow();
    const labels = advice.labels.map((label) => labelNames.get(label) ?? label);
    const mapped = adviceSeverity(advice);
    if (mapped === undefined) {
      collector.skip(
        position,
        advice.changeId,
        'malformed',
        `FIRES advice about ${advice.entityKey} has the policy “${advice.recommendedPolicy ?? ''}”, which Hedge does not know, so it is left out.`,
        { detail: 'fires-unknown-policy', params: [advice.entityKey, advice.recommendedPolicy ?? ''] },
      );
      continue;
    }
    if (advice.entityKind === 'actor') {
      const actor: ListActorEntry = { actor: advice.entityKey, severity: mapped.severity, labels, comment: describe(advice) };
      if (mapped.isAdvisory) actor.isAdvisory = true;
      actors.push(actor);
      continue;
    }
    if (advice.entityKind !== 'domain') {
      collector.skip(position, advice.changeId, 'malformed', `FIRES advice about a “${advice.entityKind}” is not about a domain, so it is left out.`, {
        detail: 'fires-not-a-domain',
        params: [advice.entityKind],
      });
      continue;
    }
    collector.add({
      line: position,
      raw: advice.entityKey,
      domain: advice.entityKey,
      severity: mapped.severity,
      comment: describe(advice),
      labels,
      isAdvisory: mapped.isAdvisory,
    });
  }
  return { ...collector.finish(), actors };
}

/**
 * Reads a FIRES snapshot or change page on its own (as `parseList` does): the
 * changes are applied in order to an empty state.
 */
export function parseFiresCollection(value: Record<string, unknown>): ParsedList {
  const isPage = value.type === 'OrderedCollectionPage';
  const state = emptyFiresState();
  const skipped: Array<{ line: number; raw: string; message: string; explanation: SkipExplanation }> = [];
  firesItems(value).forEach((item, index) => {
    const change = readFiresChange(item);
    const raw = JSON.stringify(item)?.slice(0, 200) ?? '';
    if (change === undefined) {
      skipped.push({
        line: index + 1,
        raw,
        message: `Item ${index + 1} is not a FIRES change, so it is left out.`,
        explanation: { detail: 'fires-not-a-change', params: [index + 1] },
      });
      return;
    }
    const problem = applyFiresChange(state, change);
    // applyFiresChange refuses only a change that names no entity.
    if (problem !== undefined) skipped.push({ line: index + 1, raw, message: problem, explanation: { detail: 'fires-no-entity', params: [change.id] } });
  });
  return firesStateToList(state, isPage ? 'fires-changes' : 'fires-snapshot', new Map(), skipped);
}
