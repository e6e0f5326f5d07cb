/**
 * A FIRES consumer (fedimod/fires, docs/reference/protocol): discover a server
 * through nodeinfo, list its datasets and labels, load a dataset's snapshot,
 * then follow its changes.
 *
 * Paging: `GET <changes>?since=<uuid>` returns at most 100 changes after that
 * one. The cursor of the next request is built from the id of the last item
 * received, never from the page's `next`: the reference server's `next` skips a
 * record when a page is full (fires-server app/controllers/changes_controller.ts
 * at v0.8.0). An empty page means caught up. A cursor that comes back again
 * (a server that ignores `since`) or more than `maxPages` pages stop with a
 * {@link FiresError}; the state passed in is never modified, so a failed sync
 * leaves the last good state as it was.
 *
 * Unauthenticated clients get 100 requests per 5 minutes per IP
 * (mastodon-facts.md, "Public lists"): pacing is the adapter's business.
 */
import type { ParsedList } from '../lists/types.ts';
import type { FiresHttp } from '../ports.ts';
import {
  applyFiresChange,
  emptyFiresState,
  firesItems,
  firesStateToList,
  readFiresChange,
  type FiresState,
} from '../lists/fires-changes.ts';

/** What went wrong while talking to a FIRES server. */
export type FiresErrorCode = 'not-fires' | 'bad-answer' | 'cursor-loop' | 'too-many-pages';

/**
 * Which sentence explains a {@link FiresError}. Pages show the sentence in the
 * user's language by this code and the error's `params`
 * (utils/i18n/error-messages.ts); `message` is the English one.
 */
export const FIRES_ERROR_DETAILS = [
  'not-a-web-address',
  'no-nodeinfo',
  'not-fires',
  'datasets-not-object',
  'not-a-dataset',
  'labels-not-object',
  'snapshot-not-object',
  'no-first-page',
  'page-not-object',
  'page-without-changes',
  'no-dataset-named',
  'too-many-pages',
  'cursor-loop',
] as const;

/** One of {@link FIRES_ERROR_DETAILS}. */
export type FiresErrorDetail = (typeof FIRES_ERROR_DETAILS)[number];

/** A FIRES failure with a message a user can read. */
export class FiresError extends Error {
  override readonly name = 'FiresError';
  /**
   * @param code - what went wrong, for code that reasons about it
   * @param message - the English sentence
   * @param detail - which sentence it is
   * @param params - the values the sentence names, in order (an address, a count)
   */
  constructor(
    readonly code: FiresErrorCode,
    message: string,
    readonly detail: FiresErrorDetail,
    readonly params: ReadonlyArray<string | number> = [],
  ) {
    super(message);
  }
}

/** Where a FIRES server keeps its datasets and labels. */
export interface FiresServer {
  origin: string;
  datasetsUrl: string;
  labelsUrl?: string;
}

/** One dataset of a FIRES server. */
export interface FiresDataset {
  id: string;
  name: string;
  summary?: string;
  url?: string;
  changesUrl: string;
  snapshotUrl: string;
}

/** Options of {@link syncFiresChanges}. */
export interface SyncOptions {
  /** At most this many pages in one sync (100 changes each). */
  maxPages?: number;
}

/** The outcome of a sync: the new state and what it took. */
export interface FiresSyncResult {
  state: FiresState;
  pages: number;
  applied: number;
  /** Changes that could not be applied, each with a sentence. */
  problems: string[];
}

/** 1,000 pages of 100 changes: far beyond any published dataset, yet bounded. */
const DEFAULT_MAX_PAGES = 1000;

/** nodeinfo 2.0 and 2.1 schema links (https://nodeinfo.diaspora.software/protocol). */
const NODEINFO_SCHEMA_RE = /^http:\/\/nodeinfo\.diaspora\.software\/ns\/schema\/2\.[0-9]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badAnswer(detail: FiresErrorDetail, what: string, params: ReadonlyArray<string | number> = []): FiresError {
  return new FiresError('bad-answer', `The FIRES server sent an answer Hedge cannot read: ${what}.`, detail, params);
}

/**
 * Finds the FIRES endpoints of a server from its nodeinfo
 * (`/.well-known/nodeinfo`, then the 2.x document with `protocols: ["fires"]`
 * and `metadata.fires.{datasets,labels}`, fires-server nodeinfo_controller.ts).
 */
export async function discoverFires(http: FiresHttp, serverUrl: string): Promise<FiresServer> {
  let origin: string;
  try {
    origin = new URL(serverUrl).origin;
  } catch {
    throw new FiresError('not-fires', `“${serverUrl}” is not a web address.`, 'not-a-web-address', [serverUrl]);
  }
  let wellKnown: unknown;
  try {
    wellKnown = await http.getJson(`${origin}/.well-known/nodeinfo`);
  } catch (error) {
    // A 404 or 410 here means the server publishes no nodeinfo: say what that means for FIRES,
    // not that "there is no list". Other failures (network, timeout) keep their own words.
    const status = (error as { status?: unknown } | null)?.status;
    if (status === 404 || status === 410) {
      throw new FiresError('not-fires', `${origin} does not publish nodeinfo, so it is not a FIRES server.`, 'no-nodeinfo', [origin]);
    }
    throw error;
  }
  const links = isRecord(wellKnown) && Array.isArray(wellKnown.links) ? wellKnown.links : [];
  const link = links
    .filter(isRecord)
    .find((item) => typeof item.rel === 'string' && NODEINFO_SCHEMA_RE.test(item.rel) && typeof item.href === 'string');
  if (link === undefined) throw new FiresError('not-fires', `${origin} does not publish nodeinfo, so it is not a FIRES server.`, 'no-nodeinfo', [origin]);
  const nodeinfo = await http.getJson(String(link.href));
  const protocols = isRecord(nodeinfo) && Array.isArray(nodeinfo.protocols) ? nodeinfo.protocols : [];
  if (!protocols.includes('fires')) {
    throw new FiresError('not-fires', `${origin} is a fediverse server but does not speak FIRES.`, 'not-fires', [origin]);
  }
  const metadata = isRecord(nodeinfo) && isRecord(nodeinfo.metadata) && isRecord(nodeinfo.metadata.fires) ? nodeinfo.metadata.fires : {};
  const server: FiresServer = {
    origin,
    datasetsUrl: typeof metadata.datasets === 'string' ? metadata.datasets : `${origin}/datasets`,
  };
  server.labelsUrl = typeof metadata.labels === 'string' ? metadata.labels : `${origin}/labels`;
  return server;
}

function readDataset(value: unknown): FiresDataset | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || !isRecord(value.endpoints)) return undefined;
  const { changes, snapshot } = value.endpoints;
  if (typeof changes !== 'string' || typeof snapshot !== 'string') return undefined;
  const dataset: FiresDataset = {
    id: value.id,
    name: typeof value.name === 'string' && value.name.trim() !== '' ? value.name.trim() : value.id,
    changesUrl: changes,
    snapshotUrl: snapshot,
  };
  if (typeof value.summary === 'string') dataset.summary = value.summary;
  if (typeof value.url === 'string') dataset.url = value.url;
  return dataset;
}

/** The datasets a FIRES server offers. */
export async function listFiresDatasets(http: FiresHttp, server: FiresServer): Promise<FiresDataset[]> {
  const body = await http.getJson(server.datasetsUrl);
  if (!isRecord(body)) throw badAnswer('datasets-not-object', 'the list of datasets is not a JSON object');
  const datasets = firesItems(body).map(readDataset);
  return datasets.filter((dataset): dataset is FiresDataset => dataset !== undefined);
}

/** Label id (and URL) → name, to show label names instead of ids. */
export async function loadFiresLabels(http: FiresHttp, server: FiresServer): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (server.labelsUrl === undefined) return names;
  const body = await http.getJson(server.labelsUrl);
  if (!isRecord(body)) throw badAnswer('labels-not-object', 'the list of labels is not a JSON object');
  for (const label of firesItems(body)) {
    if (!isRecord(label) || typeof label.name !== 'string') continue;
    if (typeof label.id === 'string') names.set(label.id, label.name);
    if (typeof label.url === 'string') names.set(label.url, label.name);
  }
  return names;
}

/** The `since` cursor for a change id: the last path segment (`.../changes/<uuid>` → `<uuid>`). */
export function cursorOf(changeId: string): string {
  const path = changeId.split(/[?#]/)[0] ?? changeId;
  return path.slice(path.lastIndexOf('/') + 1);
}

function pageUrl(changesUrl: string, cursor: string): string {
  const url = new URL(changesUrl);
  url.searchParams.set('since', cursor);
  return url.toString();
}

/**
 * Loads a dataset's snapshot (the newest change per entity) into a fresh
 * state whose cursor is where the snapshot says the changes continue.
 */
export async function loadFiresSnapshot(http: FiresHttp, dataset: FiresDataset): Promise<FiresSyncResult> {
  const body = await http.getJson(dataset.snapshotUrl);
  if (!isRecord(body)) throw badAnswer('snapshot-not-object', 'the snapshot is not a JSON object');
  const state = emptyFiresState();
  const problems: string[] = [];
  let newest: { id: string; published: string } | undefined;
  let applied = 0;
  for (const item of firesItems(body)) {
    const change = readFiresChange(item);
    if (change === undefined) {
      problems.push('An item of the snapshot is not a FIRES change and was left out.');
      continue;
    }
    const problem = applyFiresChange(state, change);
    if (problem === undefined) applied += 1;
    else problems.push(problem);
    const published = change.published ?? '';
    if (newest === undefined || published > newest.published) newest = { id: change.id, published };
  }
  // The snapshot links the changes that follow it: `changes?since=<newest>`.
  const since = typeof body.changes === 'string' ? new URL(body.changes, dataset.snapshotUrl).searchParams.get('since') : null;
  if (since !== null && since !== '') state.lastChangeId = since;
  else if (newest !== undefined) state.lastChangeId = newest.id;
  else delete state.lastChangeId;
  return { state, pages: 1, applied, problems };
}

/**
 * Follows a dataset's changes from the state's cursor (or from the
 * beginning) until an empty page, and returns the new state. The state passed
 * in is left untouched.
 */
export async function syncFiresChanges(
  http: FiresHttp,
  dataset: FiresDataset,
  previous: FiresState,
  options: SyncOptions = {},
): Promise<FiresSyncResult> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const state = structuredClone(previous);
  const problems: string[] = [];
  const seenCursors = new Set<string>();
  let pages = 0;
  let applied = 0;

  let url: string;
  if (state.lastChangeId === undefined) {
    const root = await http.getJson(dataset.changesUrl);
    if (!isRecord(root) || typeof root.first !== 'string') throw badAnswer('no-first-page', 'the changes collection has no first page');
    url = root.first;
  } else {
    const cursor = cursorOf(state.lastChangeId);
    seenCursors.add(cursor);
    url = pageUrl(dataset.changesUrl, cursor);
  }

  for (;;) {
    if (pages >= maxPages) {
      throw new FiresError(
        'too-many-pages',
        `The FIRES server kept sending pages of changes (${maxPages.toLocaleString('en')} so far); Hedge stopped and kept the list as it was.`,
        'too-many-pages',
        [maxPages],
      );
    }
    const page = await http.getJson(url);
    pages += 1;
    if (!isRecord(page)) throw badAnswer('page-not-object', 'a page of changes is not a JSON object');
    const items = firesItems(page);
    if (items.length === 0) break;
    let last: string | undefined;
    for (const item of items) {
      const change = readFiresChange(item);
      if (change === undefined) {
        problems.push('An item of a page of changes is not a FIRES change and was left out.');
        continue;
      }
      const problem = applyFiresChange(state, change);
      if (problem === undefined) applied += 1;
      else problems.push(problem);
      last = change.id;
    }
    if (last === undefined) throw badAnswer('page-without-changes', 'a page of changes holds no change Hedge can read');
    const cursor = cursorOf(last);
    if (seenCursors.has(cursor)) {
      throw new FiresError(
        'cursor-loop',
        'The FIRES server sent the same changes again instead of newer ones; Hedge stopped and kept the list as it was.',
        'cursor-loop',
      );
    }
    seenCursors.add(cursor);
    url = pageUrl(dataset.changesUrl, cursor);
  }
  return { state, pages, applied, problems };
}

/** The state as a list, with label names where known (domain entries; actors kept aside). */
export function firesList(state: FiresState, labelNames?: ReadonlyMap<string, string>): ParsedList {
  return firesStateToList(state, 'fires-snapshot', labelNames);
}
