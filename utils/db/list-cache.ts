/**
 * The last good copy of every subscribed list, kept in IndexedDB so that a
 * failed update (server down, an HTML error page, a list that grew past the
 * limit) leaves the subscription working on what it had.
 *
 * A database of its own (`hedge-list-cache`): list bodies are large, written
 * only by the fetcher, and can be dropped at any time without losing a choice
 * the user made.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** One list body as it was last fetched successfully. */
export interface CachedList {
  /** The subscription's URL, as given (the key). */
  url: string;
  /** The body, decoded as text; parse it again with `parseList`. */
  text: string;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** Epoch ms of the fetch that produced this copy. */
  fetchedAt: number;
  /** Epoch ms of the last time the server confirmed it (a 304 or a 200). */
  checkedAt: number;
}

/** Where the last good copies are kept. */
export interface ListCacheStore {
  get(url: string): Promise<CachedList | undefined>;
  put(entry: CachedList): Promise<void>;
  delete(url: string): Promise<void>;
}

interface ListCacheSchema extends DBSchema {
  lists: { key: string; value: CachedList };
}

/** The default database name. */
const LIST_CACHE_DB_NAME = 'hedge-list-cache';
const LIST_CACHE_DB_VERSION = 1;

/** The IndexedDB implementation of {@link ListCacheStore}; the database is opened on first use. */
export function createIdbListCache(dbName: string = LIST_CACHE_DB_NAME): ListCacheStore & { close(): Promise<void> } {
  let connection: Promise<IDBPDatabase<ListCacheSchema>> | undefined;
  const open = (): Promise<IDBPDatabase<ListCacheSchema>> => {
    connection ??= openDB<ListCacheSchema>(dbName, LIST_CACHE_DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('lists', { keyPath: 'url' });
      },
      blocking() {
        // A newer version waits in another context (an extension update): let it proceed.
        void connection?.then((db) => db.close());
        connection = undefined;
      },
    }).catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    return connection;
  };
  return {
    async get(url) {
      return (await open()).get('lists', url);
    },
    async put(entry) {
      await (await open()).put('lists', entry);
    },
    async delete(url) {
      await (await open()).delete('lists', url);
    },
    async close() {
      const current = connection;
      connection = undefined;
      if (current !== undefined) (await current).close();
    },
  };
}
