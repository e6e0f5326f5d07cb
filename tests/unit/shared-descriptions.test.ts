/**
 * A preview describes each distinct provenance once (utils/background/shared-descriptions.ts):
 * rows with the same sources, severity, labels and comment share one description,
 * and any difference in a provenance's fields gives a description of its own.
 */
import { describe, expect, it } from 'vitest';
import { sharedDescriptions } from '../../utils/background/shared-descriptions';
import type { Provenance, SourceRef } from '../../utils/core/model';

const LIST: SourceRef = { kind: 'subscription', id: 'list-1', name: 'Garden Fence' };
const OTHER: SourceRef = { kind: 'subscription', id: 'list-2', name: 'Oliphant' };

function item(extra: Partial<Provenance> = {}): Provenance {
  return { source: LIST, severity: 'suspend', labels: [], ...extra };
}

/** A description that names everything it was made from, and counts how often it was made. */
function counting() {
  let made = 0;
  const describe = (domain: string, provenance: readonly Provenance[]) => {
    made += 1;
    return { domain, text: JSON.stringify(provenance) };
  };
  return { describe: sharedDescriptions(describe), made: () => made };
}

describe('sharedDescriptions', () => {
  it('describes rows with equal provenance once, without the domain, which each row adds', () => {
    const { describe: shared, made } = counting();
    const rows = ['a.example', 'b.example', 'c.example'].map((domain) => shared(domain, [item({ labels: ['spam'] })]));
    expect(made()).toBe(1);
    expect(rows[0]).toEqual({ text: JSON.stringify([item({ labels: ['spam'] })]) });
    expect(new Set(rows).size).toBe(1);
  });

  it.each<[string, Provenance[]]>([
    ['another source', [item({ source: OTHER })]],
    ['another severity', [item({ severity: 'silence' })]],
    ['labels', [item({ labels: ['spam'] })]],
    ['a comment', [item({ comment: 'Spam farm' })]],
    ['two sources', [item(), item({ source: OTHER })]],
    ['no provenance', []],
  ])('describes a provenance with %s apart from the plain one', (_what, provenance) => {
    const { describe: shared, made } = counting();
    const plain = shared('a.example', [item()]);
    const other = shared('b.example', provenance);
    expect(made()).toBe(2);
    expect(other.text).toBe(JSON.stringify(provenance));
    expect(plain.text).toBe(JSON.stringify([item()]));
  });
});
