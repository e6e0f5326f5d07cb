// @vitest-environment happy-dom
/**
 * A plan of more than 300 requests offers Mastodon's own import: the text says
 * to choose "Merge" and never "Overwrite", the button downloads the plan's
 * file (every part, without the rows left out in Preview), and "I have
 * imported it" shows what Hedge found on the server.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ImportAlternative } from '../../../components/ImportAlternative';
import { PlanConfirm } from '../../../components/PlanConfirm';
import type { DownloadFile, ImportOutcome, PlanPreview } from '../../../utils/protocol';
import { THREADS_ON_PLAN, recordingSend } from './fixtures';
import { LOCALES, useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

const LONG_PLAN: PlanPreview = { ...THREADS_ON_PLAN, operationCount: 350, importAlternative: { fileName: 'blocked_domains.csv', domainCount: 350 } };

const FILE: DownloadFile = {
  fileName: 'blocked_domains-1-of-2.csv',
  mimeType: 'text/csv',
  text: 'a.example.social\n',
  moreParts: [{ fileName: 'blocked_domains-2-of-2.csv', mimeType: 'text/csv', text: 'b.example.social\n' }],
};

function captureDownloads(): { names: string[]; restore: () => void } {
  const names: string[] = [];
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:import');
  return { names, restore: () => (click.mockRestore(), createObjectURL.mockRestore()) };
}

describe('the import alternative of a long plan', () => {
  it('says to choose Merge, not Overwrite, and downloads every part of the plan’s file', async () => {
    const { send, sent } = recordingSend({ 'hedge/import-alternative': () => ({ ok: true, value: FILE }) });
    const downloads = captureDownloads();
    render(<ImportAlternative plan={LONG_PLAN} send={send} excludeDomains={['threads.com']} onError={() => undefined} />);
    const text = document.body.textContent ?? '';
    expect(text).toContain('350 new blocks');
    expect(text).toContain('the mode “Merge”');
    expect(text).toContain('Do not choose “Overwrite”: it removes every block you have.');

    fireEvent.click(screen.getByRole('button', { name: 'Download blocked_domains.csv' }));
    await waitFor(() => expect(downloads.names).toEqual(['blocked_domains-1-of-2.csv', 'blocked_domains-2-of-2.csv']));
    expect(sent).toEqual([{ type: 'hedge/import-alternative', planId: LONG_PLAN.planId, excludeDomains: ['threads.com'] }]);
    downloads.restore();
  });

  it.each([
    [{ found: 350, missing: 0 }, 'Hedge found 350 of these blocks on your server and counts them as its own.'],
    [{ found: 1, missing: 349 }, 'Hedge found 1 of these blocks on your server and counts it as its own. 349 are not blocked on your server yet. Import the file with “Merge”, then tell Hedge again.'],
  ])('after “I have imported it”, says what Hedge found: %o', async (outcome: ImportOutcome, says) => {
    const { send, sent } = recordingSend({ 'hedge/import-alternative-done': () => ({ ok: true, value: outcome }) });
    render(<ImportAlternative plan={LONG_PLAN} send={send} onError={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'I have imported it' }));
    expect((await screen.findByRole('status')).textContent).toBe(says);
    expect(sent).toEqual([{ type: 'hedge/import-alternative-done', planId: LONG_PLAN.planId }]);
  });

  it('shows the background’s refusal', async () => {
    const error = { kind: 'not-found' as const, message: 'Download blocked_domains.csv for this plan first, import it in Mastodon with “Merge”, then tell Hedge.' };
    const { send } = recordingSend({ 'hedge/import-alternative-done': () => ({ ok: false, error }) });
    const onError = vi.fn();
    render(<ImportAlternative plan={LONG_PLAN} send={send} onError={onError} />);
    fireEvent.click(screen.getByRole('button', { name: 'I have imported it' }));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(error));
  });

  it('is part of every plan confirmation, and absent from a short plan', () => {
    const { send } = recordingSend({});
    const { rerender } = render(<PlanConfirm plan={LONG_PLAN} send={send} title="Plan" onDone={() => undefined} onError={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Download blocked_domains.csv' })).toBeTruthy();
    rerender(<PlanConfirm plan={THREADS_ON_PLAN} send={send} title="Plan" onDone={() => undefined} onError={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Download blocked_domains.csv' })).toBeNull();
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))('names Merge and Overwrite in %s', (locale) => {
    useLocale(locale);
    const { send } = recordingSend({});
    render(<ImportAlternative plan={LONG_PLAN} send={send} onError={() => undefined} />);
    const [explanation] = screen.getAllByText(/blocked_domains\.csv/);
    // Both modes are named, in the quotes of the language, with the file and the count.
    expect(explanation?.textContent).toMatch(/350/);
    expect(explanation?.textContent?.match(/[“„«「]/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });
});
