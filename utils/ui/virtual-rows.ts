/**
 * Windowed rendering for long tables: only the rows near the visible part of
 * a scrolling box are in the DOM, so a preview of 20,000 domains opens,
 * sorts and filters without freezing the page. The arithmetic (which rows
 * are in view, their measured heights, the space above and below) is
 * TanStack Virtual's framework-free core (@tanstack/virtual-core); this hook
 * wires it to Preact the way its React adapter does: options set on every
 * render, `_didMount` and `_willUpdate` in layout effects, a re-render on change.
 */
import { Virtualizer, elementScroll, measureElement, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

interface VirtualRowsOptions {
  count: number;
  /** The box that scrolls (overflow: auto). */
  getScrollElement: () => HTMLElement | null;
  /** A row's height before it is measured, in CSS pixels. */
  estimateRowHeight: number;
  /** Stable key of the row at an index, so measured heights follow their rows through a sort or a filter. */
  getItemKey: (index: number) => string;
}

/** Rows drawn beyond each edge of the box, so a quick scroll shows no gap. */
const OVERSCAN_ROWS = 12;

/** A virtualizer over `count` rows of the box `getScrollElement` returns. */
export function useVirtualRows({ count, getScrollElement, estimateRowHeight, getItemKey }: VirtualRowsOptions): Virtualizer<HTMLElement, HTMLTableRowElement> {
  const [, rerender] = useReducer((version: number) => version + 1, 0);
  const options = {
    count,
    getScrollElement,
    estimateSize: () => estimateRowHeight,
    getItemKey,
    overscan: OVERSCAN_ROWS,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    measureElement,
    onChange: () => rerender(undefined),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, HTMLTableRowElement>(options));
  virtualizer.setOptions(options);
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}
