/**
 * The search of Options › Preview: a row matches when the search text, in any
 * case, is in its domain (punycode or Unicode), its labels, its comments or the
 * names of its sources. Nothing is prepared when a plan opens: a search looks in
 * each part of a row in turn, and the words of labels, comments and sources are
 * lowercased once per list of them, which the rows of one list share
 * (utils/protocol/plan-rows.ts). So a plan of 20,000 rows opens without making
 * 20,000 texts, and a search still looks at every row.
 */
import type { SourceRef } from '../core/model';
import type { PlannedChangeView } from '../protocol';
import { displayDomain } from './domain-display';
import { sourceLabel } from './source-names';

/** Whether a row matches a search; one per plan, so that what it learns of the rows is kept. */
export type RowSearch = (row: PlannedChangeView, query: string) => boolean;

/** A {@link RowSearch} for the rows of one plan. */
export function planSearch(): RowSearch {
  const lowered = new Map<readonly string[], string[]>();
  const sourceWords = new Map<readonly SourceRef[], string[]>();
  const whole = new Map<PlannedChangeView, string>();
  const lowerWords = (words: readonly string[]): string[] => {
    let found = lowered.get(words);
    if (found === undefined) {
      found = words.map((word) => word.toLowerCase());
      lowered.set(words, found);
    }
    return found;
  };
  const sourcesOf = (row: PlannedChangeView): string[] => {
    let found = sourceWords.get(row.sources);
    if (found === undefined) {
      found = row.sources.map((source) => sourceLabel(source).toLowerCase());
      sourceWords.set(row.sources, found);
    }
    return found;
  };
  /** The row's parts, lowercase, in the order the whole text joins them. */
  const partsOf = (row: PlannedChangeView): string[] => {
    const ascii = row.domain.toLowerCase();
    const unicode = ascii.includes('xn--') ? displayDomain(ascii).unicode.toLowerCase() : ascii;
    return [ascii, unicode, ...lowerWords(row.labels), ...lowerWords(row.comments), ...sourcesOf(row)];
  };
  return (row, query) => {
    const needle = query.trim().toLowerCase();
    if (needle === '') return true;
    // The parts are joined by spaces: a search without one can only be found inside a single part.
    if (!needle.includes(' ')) {
      const ascii = row.domain.toLowerCase();
      if (ascii.includes(needle)) return true;
      if (ascii.includes('xn--') && displayDomain(ascii).unicode.toLowerCase().includes(needle)) return true;
      const isIn = (part: string): boolean => part.includes(needle);
      return lowerWords(row.labels).some(isIn) || lowerWords(row.comments).some(isIn) || sourcesOf(row).some(isIn);
    }
    let text = whole.get(row);
    if (text === undefined) {
      text = partsOf(row).join(' ');
      whole.set(row, text);
    }
    return text.includes(needle);
  };
}
