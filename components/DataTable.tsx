import type { ComponentChildren } from 'preact';
import { useMemo, useRef } from 'preact/hooks';
import { useVirtualRows } from '../utils/ui/virtual-rows';

/** One column: its header, and what each row shows in it. */
export interface DataTableColumn<Row> {
  /** Unique among the columns (Preact's key). */
  key: string;
  /** The header's text, in the UI language. */
  header: string;
  /**
   * The header is read out but not shown, for a column of buttons whose labels
   * already say what they do ("Actions").
   */
  isHeaderHidden?: boolean;
  /** A sortable column: the header becomes a button, and `aria-sort` says how the rows are sorted now. */
  sort?: { direction: 'ascending' | 'descending' | 'none'; onSort: () => void };
  cell: (row: Row) => ComponentChildren;
}

interface DataTableProps<Row> {
  /**
   * The table's name, for screen readers and `getByRole('table', { name })`; it
   * is not shown, as the section's heading already names the table on screen.
   */
  caption: string;
  columns: ReadonlyArray<DataTableColumn<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowClass?: (row: Row) => string | undefined;
  /** What shows in the table's place when there is no row; nothing by default. */
  empty?: ComponentChildren;
  /**
   * Keeps the table, headers alone, when there is no row: a search that matched
   * nothing leaves the sort buttons where they were.
   */
  isKeptWhenEmpty?: boolean;
  /**
   * With more rows than this, the table scrolls in a box of its own, its
   * headers stay on top, and only the rows in view are drawn
   * (utils/ui/virtual-rows.ts). Smaller tables draw every row, so the browser's
   * find-in-page sees them all.
   */
  windowedFrom?: number;
}

/** A row's height before it is measured: one line of text with the cell padding (theme.css). */
const ESTIMATED_ROW_PX = 37;

/**
 * The options page's tables (Preview, Blocks, History's snapshots, a list's
 * skipped rows): a real `<table>` with a caption and `<th scope="col">`
 * headers, so screen readers announce each cell with its column, scrolling
 * sideways inside its own box on a narrow window.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, rowClass, empty = null, isKeptWhenEmpty = false, windowedFrom }: DataTableProps<Row>) {
  if (rows.length === 0 && !isKeptWhenEmpty) return <>{empty}</>;
  const isWindowed = windowedFrom !== undefined && rows.length > windowedFrom;
  const head = (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column.key} scope="col" aria-sort={column.sort?.direction}>
            <HeaderText column={column} />
          </th>
        ))}
      </tr>
    </thead>
  );
  if (isWindowed) return <WindowedTable caption={caption} head={head} columns={columns} rows={rows} rowKey={rowKey} rowClass={rowClass} />;
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        {head}
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} class={rowClass?.(row)}>
              {columns.map((column) => (
                <td key={column.key}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type WindowedTableProps<Row> = Pick<DataTableProps<Row>, 'caption' | 'columns' | 'rows' | 'rowKey' | 'rowClass'> & { head: ComponentChildren };

/**
 * The rows in view and a spacer row above and below standing for the rest;
 * `aria-rowcount` and `aria-rowindex` tell screen readers where they are. The
 * box scrolls by keyboard too: it takes focus, as a named region.
 */
function WindowedTable<Row>({ caption, head, columns, rows, rowKey, rowClass }: WindowedTableProps<Row>) {
  const box = useRef<HTMLDivElement>(null);
  // The virtualizer measures every row again whenever `getItemKey` changes: it changes with the rows only.
  const keyOfRow = useRef(rowKey);
  keyOfRow.current = rowKey;
  const getItemKey = useMemo(() => {
    const keys = rows.map((row) => keyOfRow.current(row));
    return (index: number) => keys[index] as string;
  }, [rows]);
  const virtualizer = useVirtualRows({
    count: rows.length,
    getScrollElement: () => box.current,
    estimateRowHeight: ESTIMATED_ROW_PX,
    getItemKey,
  });
  const items = virtualizer.getVirtualItems();
  const above = items[0]?.start ?? 0;
  const below = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div ref={box} class="table-scroll table-scroll--windowed" role="region" tabIndex={0} aria-label={caption}>
      <table aria-rowcount={rows.length + 1}>
        <caption class="visually-hidden">{caption}</caption>
        {head}
        <tbody>
          {above > 0 ? <SpacerRow height={above} span={columns.length} /> : null}
          {items.map((item) => {
            const row = rows[item.index] as Row;
            return (
              <tr key={item.key} ref={virtualizer.measureElement} data-index={item.index} aria-rowindex={item.index + 2} class={rowClass?.(row)}>
                {columns.map((column) => (
                  <td key={column.key}>{column.cell(row)}</td>
                ))}
              </tr>
            );
          })}
          {below > 0 ? <SpacerRow height={below} span={columns.length} /> : null}
        </tbody>
      </table>
    </div>
  );
}

function SpacerRow({ height, span }: { height: number; span: number }) {
  return (
    <tr aria-hidden="true" class="table-spacer" style={{ height: `${height}px` }}>
      <td colSpan={span} />
    </tr>
  );
}

function HeaderText<Row>({ column }: { column: DataTableColumn<Row> }) {
  if (column.isHeaderHidden) return <span class="visually-hidden">{column.header}</span>;
  if (!column.sort) return <>{column.header}</>;
  return (
    <button type="button" class="sort-button" onClick={column.sort.onSort}>
      {column.header}
    </button>
  );
}
