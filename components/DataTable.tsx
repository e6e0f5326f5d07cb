import type { ComponentChildren } from 'preact';

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
}

/**
 * The options page's tables (Preview, Blocks, History's snapshots, a list's
 * skipped rows): a real `<table>` with a caption and `<th scope="col">`
 * headers, so screen readers announce each cell with its column, scrolling
 * sideways inside its own box on a narrow window.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, rowClass, empty = null, isKeptWhenEmpty = false }: DataTableProps<Row>) {
  if (rows.length === 0 && !isKeptWhenEmpty) return <>{empty}</>;
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" aria-sort={column.sort?.direction}>
                <HeaderText column={column} />
              </th>
            ))}
          </tr>
        </thead>
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

function HeaderText<Row>({ column }: { column: DataTableColumn<Row> }) {
  if (column.isHeaderHidden) return <span class="visually-hidden">{column.header}</span>;
  if (!column.sort) return <>{column.header}</>;
  return (
    <button type="button" class="sort-button" onClick={column.sort.onSort}>
      {column.header}
    </button>
  );
}
