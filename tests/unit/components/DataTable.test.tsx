// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { DataTable, type DataTableColumn } from '../../../components/DataTable';

afterEach(cleanup);

interface Block {
  domain: string;
  follows: number;
}

const BLOCKS: Block[] = [
  { domain: 'threads.net', follows: 3 },
  { domain: 'poa.st', follows: 0 },
];

function columns(onSort: () => void = () => undefined): Array<DataTableColumn<Block>> {
  return [
    { key: 'domain', header: 'Domain', sort: { direction: 'ascending', onSort }, cell: (block) => block.domain },
    { key: 'follows', header: 'You follow', cell: (block) => block.follows },
    { key: 'actions', header: 'Actions', isHeaderHidden: true, cell: (block) => <button type="button">Unblock {block.domain}</button> },
  ];
}

describe('DataTable', () => {
  it('is a table named by its caption, with a column header per column and a row per item', () => {
    render(<DataTable caption="Personal domain blocks" columns={columns()} rows={BLOCKS} rowKey={(block) => block.domain} />);
    const table = screen.getByRole('table', { name: 'Personal domain blocks' });
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((header) => header.textContent)).toEqual(['Domain', 'You follow', 'Actions']);
    expect(headers.map((header) => header.getAttribute('scope'))).toEqual(['col', 'col', 'col']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent))).toEqual([
      ['threads.net', '3', 'Unblock threads.net'],
      ['poa.st', '0', 'Unblock poa.st'],
    ]);
  });

  it('reads out a hidden header without showing it, and sorts by a sortable one', () => {
    let sorted = 0;
    render(<DataTable caption="Blocks" columns={columns(() => (sorted += 1))} rows={BLOCKS} rowKey={(block) => block.domain} />);
    const [domain, follows, actions] = screen.getAllByRole('columnheader');
    expect(domain!.getAttribute('aria-sort')).toBe('ascending');
    expect(follows!.hasAttribute('aria-sort')).toBe(false);
    expect(actions!.querySelector('.visually-hidden')?.textContent).toBe('Actions');
    fireEvent.click(within(domain!).getByRole('button', { name: 'Domain' }));
    expect(sorted).toBe(1);
  });

  it('marks rows with their class', () => {
    render(<DataTable caption="Blocks" columns={columns()} rows={BLOCKS} rowKey={(block) => block.domain} rowClass={(block) => (block.follows === 0 ? 'is-excluded' : undefined)} />);
    expect(screen.getAllByRole('row').map((row) => row.getAttribute('class'))).toEqual([null, null, 'is-excluded']);
  });

  it.each([
    ['nothing', {}, '', 0],
    ['its empty state', { empty: <p>No follows saved yet.</p> }, 'No follows saved yet.', 0],
    ['its headers alone when kept', { isKeptWhenEmpty: true }, 'BlocksDomainYou followActions', 1],
  ])('shows %s when there is no row', (_what, props, text, tables) => {
    const { container } = render(<DataTable caption="Blocks" columns={columns()} rows={[]} rowKey={(block) => block.domain} {...props} />);
    expect(container.textContent).toBe(text);
    expect(screen.queryAllByRole('table', { name: 'Blocks' })).toHaveLength(tables);
  });
});

describe('DataTable, windowed', () => {
  afterEach(() => vi.restoreAllMocks());
  const many: Block[] = Array.from({ length: 5_000 }, (_, i) => ({ domain: `spam-${i}.hedge-test.social`, follows: i }));

  it.each([
    ['at the limit, draws every row', 300, 300],
    ['over it, draws only some, with the count for screen readers', 5_000, null],
  ])('%s', (_what, count, drawn) => {
    // happy-dom lays nothing out: the scrolling box is 600 px tall and a row 37 px, as a browser would measure them.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(37);
    render(<DataTable caption="Planned changes" columns={columns()} rows={many.slice(0, count)} rowKey={(block) => block.domain} windowedFrom={300} />);
    const table = screen.getByRole('table', { name: 'Planned changes' });
    const rows = table.querySelectorAll('tbody tr:not([aria-hidden])');
    if (drawn !== null) {
      expect(rows).toHaveLength(drawn);
      expect(table.hasAttribute('aria-rowcount')).toBe(false);
      return;
    }
    expect(rows.length).toBeLessThan(100);
    expect(table.getAttribute('aria-rowcount')).toBe(String(count + 1));
    // The first rows, in order, each with its place among all of them.
    expect([...rows].slice(0, 2).map((row) => [row.getAttribute('aria-rowindex'), row.querySelector('td')?.textContent])).toEqual([
      ['2', 'spam-0.hedge-test.social'],
      ['3', 'spam-1.hedge-test.social'],
    ]);
  });
});
