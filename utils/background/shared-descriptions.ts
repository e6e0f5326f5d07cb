/**
 * A preview's rows described once per distinct provenance: the thousands of
 * rows one list blocks share their sources, severity, labels and comments,
 * which are then also packed once for the page (utils/protocol/plan-rows.ts).
 */
import type { Provenance } from '../core/model';

/**
 * `describe` made once per distinct provenance, its result without the domain
 * shared by every row with that provenance: the caller writes each row as one
 * object literal, `{ domain, ...shared, … }`, which is far quicker to make than
 * a copy of a copy. A provenance's key is its items'
 * fields in order: an object (a source: each subscription has one `SourceRef`)
 * by which object it is, anything else by its value; so a field added to the
 * provenance later still tells rows apart.
 * @param describe - what a row says about its domain's provenance; it must not depend on the domain beyond passing it on.
 */
export function sharedDescriptions<Described extends { domain: string }>(
  describe: (domain: string, provenance: readonly Provenance[]) => Described,
): (domain: string, provenance: readonly Provenance[]) => Omit<Described, 'domain'> {
  const described = new Map<string, Omit<Described, 'domain'>>();
  const objectIds = new Map<object, number>();
  const fieldKey = (value: unknown): string => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      let id = objectIds.get(value);
      if (id === undefined) {
        id = objectIds.size;
        objectIds.set(value, id);
      }
      return `#${id}`;
    }
    return Array.isArray(value) && value.length === 0 ? '[]' : (JSON.stringify(value) ?? '');
  };
  return (domain, provenance) => {
    let key = '';
    for (const item of provenance) {
      for (const field in item) key += `${field}:${fieldKey(item[field as keyof Provenance])},`;
      key += ';';
    }
    let shared = described.get(key);
    if (shared === undefined) {
      const { domain: _domain, ...rest } = describe(domain, provenance);
      shared = rest;
      described.set(key, shared);
    }
    return shared;
  };
}
