// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ExportSection } from '../../../components/ExportSection';
import type { DownloadFile } from '../../../utils/protocol';
import { recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const part = (n: number, of: number, text: string): DownloadFile => ({ fileName: `blocked_domains-${n}-of-${of}.csv`, mimeType: 'text/csv', text });

describe('Options › Export and share', () => {
  it.each([
    ['one file', { fileName: 'blocked_domains.csv', mimeType: 'text/csv', text: 'threads.net\n' }, ['blocked_domains.csv']],
    [
      'every part of a long export',
      { ...part(1, 3, 'a.example.social\n'), moreParts: [part(2, 3, 'b.example.social\n'), part(3, 3, 'c.example.social\n')] },
      ['blocked_domains-1-of-3.csv', 'blocked_domains-2-of-3.csv', 'blocked_domains-3-of-3.csv'],
    ],
  ])('downloads %s', async (_what, file: DownloadFile, names) => {
    const { send } = recordingSend({ 'hedge/export': () => ({ ok: true, value: file }) });
    const downloaded: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloaded.push(this.download);
    });
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:export');
    render(<ExportSection send={send} onError={() => undefined} copyText={async () => undefined} />);

    fireEvent.click(screen.getAllByRole('button', { name: 'Download' })[0]!);

    await waitFor(() => expect(downloaded).toEqual(names));
    click.mockRestore();
    createObjectURL.mockRestore();
  });
});
