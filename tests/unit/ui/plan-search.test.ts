/**
 * Options › Preview's search looks in each part of a row in turn
 * (utils/ui/plan-search.ts) and finds exactly the rows a search of the row's
 * whole text would: domain both ways, labels, comments and source names, in
 * any case, a search with spaces across the parts too.
 */
import { describe, expect, it } from 'vitest';
import type { PlannedChangeView } from '../../../utils/protocol';
import { displayDomain } from '../../../utils/ui/domain-display';
import { planSearch } from '../../../utils/ui/plan-search';
import { sourceLabel } from '../../../utils/ui/source-names';

const LIST = { kind: 'subscription' as const, id: 'list-1', name: 'Garden Fence' };
const PRESET = { kind: 'preset' as const, id: 'threads', name: 'Threads' };

function row(domain: string, extra: Partial<PlannedChangeView> = {}): PlannedChangeView {
  return { domain, sources: [LIST], severity: 'suspend', labels: [], comments: [], change: 'add', impact: null, ...extra };
}

const ROWS = [
  row('spam.example', { labels: ['Spam', 'bots'] }),
  row('xn--bcher-kva.example', { sources: [LIST, PRESET] }),
  row('quiet.example', { comments: ['Harassment of Users, reported twice'] }),
  row('plain.example', { sources: [] }),
];

/** The search as a row's whole text: every part joined by spaces, lowercase. */
function wholeTextMatches(candidate: PlannedChangeView, query: string): boolean {
  const shown = displayDomain(candidate.domain);
  const text = [shown.ascii, shown.unicode, ...candidate.labels, ...candidate.comments, ...candidate.sources.map(sourceLabel)].join(' ').toLowerCase();
  return text.includes(query.trim().toLowerCase());
}

describe('planSearch', () => {
  it.each([
    ['', 4],
    ['  ', 4],
    ['SPAM', 1],
    ['bücher', 1],
    ['xn--bcher', 1],
    ['garden fence', 3],
    ['fence', 3],
    ['threads', 1],
    ['example spam', 1],
    ['of users,', 1],
    ['example bots', 0],
    ['nowhere', 0],
  ])('"%s" finds the rows the whole text finds (%i)', (query, count) => {
    const found = ROWS.filter(planSearch()(query));
    expect(found).toEqual(ROWS.filter((candidate) => wholeTextMatches(candidate, query)));
    expect(found).toHaveLength(count);
  });
});
