/**
 * Three-way merge of the settings that follow the user between browsers.
 *
 * Browser sync (`storage.sync`) replaces a whole item and the last writer
 * wins. Each browser remembers the item as it last agreed with sync (the
 * base); when either side changed, both changes are merged entry by entry
 * against that base, so a list subscribed in one browser and another list
 * unsubscribed in a second browser at the same time are both kept:
 *
 *   in base | here | in sync | result
 *   --------+------+---------+---------------------------------------------
 *   any     | a    | a       | a
 *   x       | x    | b       | b (changed in the other browser)
 *   x       | a    | x       | a (changed here)
 *   x       | a    | b       | b (changed in both: the other browser's word wins)
 *   no      | a    | no      | a (added here)
 *   yes     | a    | no      | removed (removed in the other browser)
 *   no      | no   | b       | b (added in the other browser)
 *   yes     | no   | b       | removed (removed here)
 *
 * Entries are compared by their JSON with keys sorted: every value here is
 * plain data, and Chrome gives objects back from storage with their keys in
 * another order than they were written.
 */

/** One synced item as entries by id: a subscription by its id, a setting by its name. */
export type SyncEntries = Readonly<Record<string, unknown>>;

/**
 * Merges this browser's entries and sync's against their last agreed state.
 * @param base - the entries as this browser last agreed with sync; undefined before the first agreement.
 * @param here - this browser's entries now.
 * @param synced - sync's entries now; undefined when sync has none.
 */
export function mergeSyncEntries(base: SyncEntries | undefined, here: SyncEntries, synced: SyncEntries | undefined): Record<string, unknown> {
  const before = base ?? {};
  const theirs = synced ?? {};
  const merged: Record<string, unknown> = {};
  const ids = new Set([...Object.keys(before), ...Object.keys(here), ...Object.keys(theirs)]);
  for (const id of ids) {
    const wasThere = id in before;
    const isHere = id in here;
    const isSynced = id in theirs;
    if (isHere && isSynced) {
      merged[id] = isSame(here[id], before[id]) ? theirs[id] : isSame(theirs[id], before[id]) ? here[id] : theirs[id];
    } else if (isHere && !wasThere) {
      merged[id] = here[id];
    } else if (isSynced && !wasThere) {
      merged[id] = theirs[id];
    }
  }
  return merged;
}

/**
 * Whether two entry sets hold the same entries.
 * @param a - one set.
 * @param b - the other.
 */
export function isSameEntries(a: SyncEntries | undefined, b: SyncEntries | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => key in right && isSame(left[key], right[key]));
}

function isSame(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * JSON with every object's keys sorted.
 * @param value - plain data.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
