/**
 * The search of Options › Preview: a row matches when the search text, in any
 * case, is in its domain (punycode or Unicode), its labels, its comments or the
 * names of its sources. Nothing is prepared when a plan opens: a search looks in
 * each part of a row in turn, and whether a list of labels, comments or sources
 * holds the search is found once per list, which the rows of one list share
 * (utils/protocol/plan-rows.ts). So a plan of 20,000 rows opens without making
 * 20,000 texts, and a search still looks at every row.
 */
import type { PlannedChangeView } from '../protocol';
import { displayDomain } from './domain-display';
import { sourceLabel } from './source-names';

/** The rows that match a search: `match(query)` is the test of each row for one search text. */
export type RowSearch = (query: string) => (row: PlannedChangeView) => boolean;

/** A {@link RowSearch} for the rows of one plan. */
export function planSearch(): RowSearch {
  const whole = new Map<PlannedChangeView, string>();
  const sourceWords = new Map<readonly unknown[], string[]>();
  const wordsOf = (row: PlannedChangeView): string[] => {
    let words = sourceWords.get(row.sources);
    if (words === undefined) {
      words = row.sources.map(sourceLabel);
      sourceWords.set(row.sources, words);
    }
    return words;
  };
  /** The row's parts, lowercase, in the order the whole text joins them. */
  const partsOf = (row: PlannedChangeView): string[] => {
    const ascii = row.domain.toLowerCase();
    const unicode = ascii.includes('xn--') ? displayDomain(ascii).unicode : ascii;
    return [ascii, unicode, ...row.labels, ...row.comments, ...wordsOf(row)].map((part) => part.toLowerCase());
  };
  return (query) => {
    const needle = query.trim().toLowerCase();
    if (needle === '') return () => true;
    if (needle.includes(' ')) {
      return (row) => {
        let text = whole.get(row);
        if (text === undefined) {
          text = partsOf(row).join(' ');
          whole.set(row, text);
        }
        return text.includes(needle);
      };
    }
    // The parts are joined by spaces: a search without one can only be found inside a single part, and
    // whether a list of words holds it is found once for all the rows sharing that list.
    const holds = new Map<readonly unknown[], boolean>();
    const listHolds = (list: readonly unknown[], words: () => readonly string[]): boolean => {
      let found = holds.get(list);
      if (found === undefined) {
        found = words().some((word) => word.toLowerCase().includes(needle));
        holds.set(list, found);
      }
      return found;
    };
    return (row) => {
      const ascii = row.domain.toLowerCase();
      if (ascii.includes(needle)) return true;
      if (ascii.includes('xn--') && displayDomain(ascii).unicode.toLowerCase().includes(needle)) return true;
      return listHolds(row.labels, () => row.labels) || listHolds(row.comments, () => row.comments) || listHolds(row.sources, () => wordsOf(row));
    };
  };
}
