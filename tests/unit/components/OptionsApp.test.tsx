// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { OptionsApp, type OptionsSection } from '../../../components/OptionsApp';
import type { BlockRow, HedgeState, PlanPreview, RunSummary } from '../../../utils/protocol';
import { ALICE, ALICE_ON_FOSSTODON, NOW, SIGNED_IN_STATE, SIGNED_OUT_STATE, THREADS_ON_PLAN, recordingSend } from './fixtures';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

function renderOptions(section: OptionsSection, state: HedgeState | null, answers: Parameters<typeof recordingSend>[0] = {}) {
  const { send, sent } = recordingSend(answers);
  const onSectionChange = vi.fn();
  const copyText = vi.fn(async () => undefined);
  const view = render(
    <OptionsApp
      state={state}
      send={send}
      requestPermission={async () => true}
      copyText={copyText}
      section={section}
      onSectionChange={onSectionChange}
    />,
  );
  return { sent, onSectionChange, copyText, rerender: (next: OptionsSection) => view.rerender(
    <OptionsApp state={state} send={send} requestPermission={async () => true} copyText={copyText} section={next} onSectionChange={onSectionChange} />,
  ) };
}

describe('Options tabs', () => {
  it('moves between sections with the arrow keys, Home and End', () => {
    const { onSectionChange } = renderOptions('lists', SIGNED_IN_STATE);
    const tabs = screen.getByRole('tablist', { name: 'Hedge settings' });
    expect(within(tabs).getAllByRole('tab').map((tab) => tab.textContent)).toEqual([
      'Lists', 'Preview', 'Blocks', 'History', 'Export and share', 'Accounts',
    ]);
    expect(screen.getByRole('tab', { name: 'Lists' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Lists' }), { key: 'ArrowRight' });
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Lists' }), { key: 'ArrowLeft' });
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Lists' }), { key: 'End' });
    expect(onSectionChange.mock.calls).toEqual([['preview'], ['accounts'], ['accounts']]);
    expect(screen.getByRole('tabpanel', { name: 'Lists' })).toBeTruthy();
  });

  it.each(['preview', 'blocks', 'history', 'export'] as const)('asks to sign in first on %s when no account is signed in', (section) => {
    renderOptions(section, SIGNED_OUT_STATE);
    expect(screen.getByText('Sign in to a Mastodon account first.')).toBeTruthy();
  });
});

describe('Options footer', () => {
  it.each([
    ['signed in', SIGNED_IN_STATE],
    ['signed out', SIGNED_OUT_STATE],
    ['loading', null],
  ] as const)('links to the privacy policy in a new tab when %s', (_case, state) => {
    renderOptions('accounts', state);
    const link = screen.getByRole('link', { name: 'Privacy policy' });
    expect(link.getAttribute('href')).toBe('https://github.com/hedge-extension/hedge/blob/main/docs/PRIVACY.md');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.getByRole('contentinfo').textContent).toContain('Hedge talks only to the servers and lists you choose');
  });
});

describe('Options › Lists', () => {
  it.each([
    [1, 1, '1 entry, 1 row skipped.'],
    [0, 2, '0 entries, 2 rows skipped.'],
    [143, 0, '143 entries, 0 rows skipped.'],
  ])('says %d entries and %d skipped rows in the singular or plural', (entryCount, skippedCount, text) => {
    renderOptions('lists', { ...SIGNED_IN_STATE, subscriptions: [{ ...SIGNED_IN_STATE.subscriptions[0]!, entryCount, skippedCount }] });
    expect(screen.getByRole('article', { name: 'Garden Fence' }).textContent).toContain(text);
  });

  it.each([
    [1, 'Subscribed to my-blocks.csv (1 entry). Open Preview to see what it would change.'],
    [2, 'Subscribed to my-blocks.csv (2 entries). Open Preview to see what it would change.'],
  ])('counts the %d entries of a list just added in the singular or plural', async (entryCount, text) => {
    renderOptions('lists', SIGNED_IN_STATE, {
      'hedge/subscription-add': () => ({ ok: true, value: { ...SIGNED_IN_STATE.subscriptions[0]!, id: 'file', name: 'my-blocks.csv', entryCount } }),
    });
    const file = new File(['poa.st\n'], 'my-blocks.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText('Import a file'), { target: { files: [file] } });
    await screen.findByText(text);
  });

  it('sends an imported file as its bytes, so a UTF-16 list reaches the parser undecoded', async () => {
    const { sent } = renderOptions('lists', SIGNED_IN_STATE, {
      'hedge/subscription-add': () => ({ ok: true, value: { ...SIGNED_IN_STATE.subscriptions[0]!, id: 'file', name: 'my-blocks', entryCount: 1 } }),
    });
    // "poa.st" saved as UTF-16 LE with its byte-order mark, as Notepad's "Unicode" saves it.
    const bytes = new Uint8Array([0xff, 0xfe, ...[...'poa.st\n'].flatMap((char) => [char.charCodeAt(0), 0])]);
    fireEvent.change(screen.getByLabelText('Import a file'), { target: { files: [new File([bytes], 'my-blocks.txt', { type: 'text/plain' })] } });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'my-blocks.txt', base64: Buffer.from(bytes).toString('base64') } });
  });

  it.each([
    ['url', true],
    ['fires', true],
    ['file', false],
  ] as const)('offers "Refresh now" on a list from a %s: %s', async (origin, isOffered) => {
    const { sent } = renderOptions('lists', { ...SIGNED_IN_STATE, subscriptions: [{ ...SIGNED_IN_STATE.subscriptions[0]!, origin }] }, {
      'hedge/subscription-refresh': () => ({ ok: true, value: null }),
    });
    const card = screen.getByRole('article', { name: 'Garden Fence' });
    const refresh = within(card).queryByRole('button', { name: 'Refresh now' });
    expect(refresh !== null).toBe(isOffered);
    expect(within(card).getByRole('button', { name: 'Parse report' })).toBeTruthy();
    if (refresh) {
      fireEvent.click(refresh);
      await waitFor(() => expect(sent).toEqual([{ type: 'hedge/subscription-refresh', subscriptionId: 'garden-fence' }]));
    }
  });

  it('counts a parse report of one entry and one skipped row in the singular', async () => {
    renderOptions('lists', SIGNED_IN_STATE, {
      'hedge/parse-report': () => ({ ok: true, value: { subscriptionId: 'garden-fence', entryCount: 1, skipped: [{ line: 2, reason: 'duplicate', text: 'poa.st' }] } }),
    });
    fireEvent.click(within(screen.getByRole('article', { name: 'Garden Fence' })).getByRole('button', { name: 'Parse report' }));
    await screen.findByText('1 entry read, 1 row skipped.');
  });

  it('shows the catalog with maintainer, method, size, date and source; archived lists cannot be subscribed', () => {
    renderOptions('lists', SIGNED_IN_STATE);
    const catalog = screen.getByRole('region', { name: 'Known lists' });
    const garden = within(catalog).getByRole('listitem', { name: /^Garden Fence/ });
    expect(garden.textContent).toContain('sunny.garden (@gardenfence@sunny.garden)');
    expect(garden.textContent).toContain('consensus, then reviewed by hand');
    expect(garden.textContent).toContain('143');
    expect(garden.textContent).toContain('Jul 5, 2026');
    // Already subscribed in the state: the button says so and is disabled.
    expect(within(garden).getByRole('button', { name: 'Subscribed' }).hasAttribute('disabled')).toBe(true);
    const oliphant = within(catalog).getByRole('listitem', { name: /^Oliphant unified tier0/ });
    expect(oliphant.textContent).toContain('archived');
    expect(oliphant.textContent).toContain('No longer maintained since Apr 15, 2026');
    expect(within(oliphant).queryByRole('button')).toBeNull();
  });

  it('subscribes to a catalog list by its URL', async () => {
    const { sent } = renderOptions('lists', SIGNED_IN_STATE, {
      'hedge/subscription-add': () => ({ ok: true, value: { ...SIGNED_IN_STATE.subscriptions[0]!, id: 'dni', name: 'IFTAS DNI', entryCount: 87 } }),
    });
    const dni = screen.getByRole('listitem', { name: /^IFTAS DNI/ });
    fireEvent.click(within(dni).getByRole('button', { name: 'Subscribe' }));
    await screen.findByText('Subscribed to IFTAS DNI (87 entries). Open Preview to see what it would change.');
    expect(sent).toEqual([{ type: 'hedge/subscription-add', source: { kind: 'url', url: 'https://connect.iftas.org/wp-content/uploads/2024/04/dni.csv' } }]);
  });

  it.each([
    ['ftp://example.org/list.csv', false],
    ['not a url', false],
    ['https://lists.example.org/blocks.csv', true],
  ])('checks the URL %s before subscribing', async (url, isAccepted) => {
    const { sent } = renderOptions('lists', SIGNED_IN_STATE, {
      'hedge/subscription-add': () => ({ ok: true, value: SIGNED_IN_STATE.subscriptions[0]! }),
    });
    fireEvent.input(screen.getByLabelText('Subscribe by URL'), { target: { value: url } });
    fireEvent.submit(screen.getByLabelText('Subscribe by URL').closest('form')!);
    if (isAccepted) await waitFor(() => expect(sent).toEqual([{ type: 'hedge/subscription-add', source: { kind: 'url', url } }]));
    else {
      expect(screen.getByRole('alert').textContent).toBe('Type a full https:// address of a list file.');
      expect(sent).toEqual([]);
    }
  });

  it('changes how silence rows are treated and whether the list takes part in the consensus', async () => {
    const { sent } = renderOptions('lists', SIGNED_IN_STATE, {
      'hedge/subscription-update': () => ({ ok: true, value: SIGNED_IN_STATE.subscriptions[0]! }),
    });
    const card = screen.getByRole('article', { name: 'Garden Fence' });
    expect(card.textContent).toContain('143 entries, 0 rows skipped.');
    fireEvent.change(within(card).getByLabelText('Rows marked “silence”:'), { target: { value: 'block' } });
    fireEvent.click(within(card).getByLabelText('Takes part in the consensus'));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent).toEqual([
      { type: 'hedge/subscription-update', subscriptionId: 'garden-fence', silenceAs: 'block' },
      { type: 'hedge/subscription-update', subscriptionId: 'garden-fence', inConsensus: false },
    ]);
  });

  it('switches a list to an allowlist, and shows a list stored as one with the switch on', async () => {
    const { sent } = renderOptions('lists', SIGNED_IN_STATE, {
      'hedge/subscription-update': () => ({ ok: true, value: { ...SIGNED_IN_STATE.subscriptions[0]!, isAllowlist: true } }),
    });
    const card = screen.getByRole('article', { name: 'Garden Fence' });
    const allowlist = within(card).getByRole('checkbox', { name: 'This list is an allowlist' }) as HTMLInputElement;
    expect(allowlist.checked).toBe(false);
    expect(card.textContent).toContain('their “noop” rows only mark a domain');
    fireEvent.click(allowlist);
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/subscription-update', subscriptionId: 'garden-fence', isAllowlist: true }]));
    cleanup();

    renderOptions('lists', { ...SIGNED_IN_STATE, subscriptions: [{ ...SIGNED_IN_STATE.subscriptions[0]!, name: 'allowlist', isAllowlist: true }] });
    const stored = within(screen.getByRole('article', { name: 'allowlist' })).getByRole('checkbox', { name: 'This list is an allowlist' }) as HTMLInputElement;
    expect(stored.checked).toBe(true);
  });

  it('shows the parse report with skipped rows as text, never as markup, each reason in words beside its code, also in its CSV', async () => {
    renderOptions('lists', SIGNED_IN_STATE, {
      'hedge/parse-report': () => ({
        ok: true,
        value: {
          subscriptionId: 'garden-fence',
          entryCount: 141,
          skipped: [
            { line: 7, reason: 'obfuscated', text: 'bad*.example — bad*.example is obfuscated.' },
            { line: 9, reason: 'invalid-domain', text: '<img src=x onerror=alert(1)>' },
            { line: 12, reason: 'from-a-newer-version', text: 'later.example' },
            { line: 15, reason: 'invalid-domain', text: '=HYPERLINK("https://evil.example","open")' },
          ],
        },
      }),
    });
    fireEvent.click(within(screen.getByRole('article', { name: 'Garden Fence' })).getByRole('button', { name: 'Parse report' }));
    const table = await screen.findByRole('table', { name: 'Skipped rows' });
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Line', 'Reason', 'Code', 'Text']);
    const cells = within(table).getAllByRole('row').slice(1).map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
    expect(cells).toEqual([
      ['7', 'The domain is partly hidden with asterisks, so it cannot be blocked', 'obfuscated', 'bad*.example — bad*.example is obfuscated.'],
      ['9', 'Not a valid domain name', 'invalid-domain', '<img src=x onerror=alert(1)>'],
      ['12', 'from-a-newer-version', 'from-a-newer-version', 'later.example'],
      ['15', 'Not a valid domain name', 'invalid-domain', '=HYPERLINK("https://evil.example","open")'],
    ]);
    expect(table.querySelector('img')).toBeNull();
    expect(screen.getByText('141 entries read, 4 rows skipped.')).toBeTruthy();

    const blobs: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:skipped';
    });
    fireEvent.click(screen.getByRole('button', { name: 'Download skipped rows (CSV)' }));
    createObjectURL.mockRestore();
    expect((await blobs[0]!.text()).split('\r\n')).toEqual([
      'line,reason,code,text',
      '7,"The domain is partly hidden with asterisks, so it cannot be blocked",obfuscated,bad*.example — bad*.example is obfuscated.',
      '9,Not a valid domain name,invalid-domain,<img src=x onerror=alert(1)>',
      '12,from-a-newer-version,from-a-newer-version,later.example',
      // A row that a spreadsheet would run as a formula is written as text.
      `15,Not a valid domain name,invalid-domain,"'=HYPERLINK(""https://evil.example"",""open"")"`,
      '',
    ]);
  });

  it('sets the consensus threshold', async () => {
    const { sent } = renderOptions('lists', SIGNED_IN_STATE, { 'hedge/set-consensus': () => ({ ok: true, value: null }) });
    fireEvent.change(screen.getByLabelText('Block when'), { target: { value: 'count' } });
    fireEvent.input(screen.getByLabelText('Minimum number of lists'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(sent).toEqual([{ type: 'hedge/set-consensus', consensus: { kind: 'count', min: 3 } }]);
  });
});

const PREVIEW_PLAN: PlanPreview = {
  ...THREADS_ON_PLAN,
  planId: 'plan-preview',
  add: [
    ...THREADS_ON_PLAN.add,
    {
      domain: 'xn--80ak6aa92e.com',
      change: 'add',
      sources: [{ kind: 'subscription', id: 'garden-fence', name: 'Garden Fence' }],
      severity: 'suspend',
      labels: ['spam'],
      comments: ['Look-alike of apple.com'],
      impact: { followingCount: 1, followersCount: 0 },
    },
  ],
  operationCount: 3,
  estimatedMs: 3 * 60_000,
};

describe('Options › Preview', () => {
  it('shows the plan as a table, searchable and sortable, and applies it without the rows left out', async () => {
    const { sent } = renderOptions('preview', SIGNED_IN_STATE, {
      'hedge/preview': () => ({ ok: true, value: PREVIEW_PLAN }),
      'hedge/confirm-plan': () => ({ ok: true, value: { runId: 'run-3' } }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Build preview' }));
    const table = await screen.findByRole('table', { name: 'Planned changes' });
    const domains = () => within(table).getAllByRole('row').slice(1).map((row) => row.querySelectorAll('td')[1]?.textContent);
    expect(domains()).toEqual(['threads.com', 'threads.net', 'аррӏе.com (xn--80ak6aa92e.com)']);
    const sourcesOf = () => within(table).getAllByRole('row').slice(1).map((row) => row.querySelectorAll('td')[3]?.textContent);
    expect(sourcesOf()).toEqual(['Preset: Threads', 'Preset: Threads', 'List: Garden Fence']);
    fireEvent.click(within(table).getByRole('button', { name: 'You follow' }));
    expect(domains()).toEqual(['threads.com', 'аррӏе.com (xn--80ak6aa92e.com)', 'threads.net']);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'look-alike' } });
    expect(domains()).toEqual(['аррӏе.com (xn--80ak6aa92e.com)']);
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: '' } });
    expect(screen.getByText('3 requests to your server, about 3 minutes.')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Include threads.com'));
    expect(screen.getByText('2 requests to your server, about 2 minutes.')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Include threads.net'));
    expect(screen.getByText('1 request to your server, about 1 minute.')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Include threads.net'));
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await screen.findByText('Started. Progress shows at the top of this page and in the toolbar.');
    expect(sent[1]).toEqual({ type: 'hedge/confirm-plan', planId: 'plan-preview', excludeDomains: ['threads.com'] });
  });

  it('shows a row’s labels once, and its comment only when it says more', async () => {
    const garden = { kind: 'subscription' as const, id: 'garden-fence', name: 'Garden Fence' };
    renderOptions('preview', SIGNED_IN_STATE, {
      'hedge/preview': () => ({
        ok: true,
        value: {
          ...PREVIEW_PLAN,
          add: [
            // As Garden Fence writes it, the comment is the tags (tests/fixtures/lists/gardenfence-mastodon.csv).
            { ...PREVIEW_PLAN.add[2]!, domain: '5dollah.click', sources: [garden], labels: ['harassment', 'spam'], comments: ['harassment, spam'] },
            { ...PREVIEW_PLAN.add[2]!, domain: 'reply.example', sources: [garden], labels: ['spam'], comments: ['spam', 'Mass mentions of strangers.'] },
          ],
        },
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Build preview' }));
    const table = await screen.findByRole('table', { name: 'Planned changes' });
    const reasons = within(table).getAllByRole('row').slice(1).map((row) => [...row.querySelectorAll('td:last-child > *')].map((part) => part.textContent));
    expect(reasons).toEqual([['harassment, spam'], ['spam', 'Mass mentions of strangers.']]);
  });
});

const BLOCKS: BlockRow[] = [
  { domain: 'spam.example', origin: 'user', sources: [] },
  { domain: 'threads.net', origin: 'hedge', sources: [{ kind: 'preset', id: 'threads', name: 'Threads' }] },
  { domain: 'gab.com', origin: 'hedge', sources: [{ kind: 'subscription', id: 'garden-fence', name: 'Garden Fence' }] },
];

describe('Options › Blocks', () => {
  it.each([
    ['hidden', true],
    ['shown', false],
    [undefined, false],
  ] as const)('says once, in words, when the server hides which servers it limits or suspends (%s)', (visibility, isSaid) => {
    const state = { ...SIGNED_IN_STATE, ...(visibility === undefined ? {} : { serverBlocksVisibility: visibility }) };
    renderOptions('blocks', state, { 'hedge/list-blocks': () => ({ ok: true, value: BLOCKS }) });
    const sentence = 'Your server does not publish which servers it limits or suspends, so Hedge cannot mark them.';
    expect(screen.queryAllByText(sentence)).toHaveLength(isSaid ? 1 : 0);
  });

  it('offers the subdomains a block leaves open, and blocks them all in one plan shown first', async () => {
    const offers = [
      { domain: 'eu.bigcorp.social', parent: 'bigcorp.social', followingCount: 1, followersCount: 1 },
      { domain: 'm.bigcorp.social', parent: 'bigcorp.social', followingCount: 0, followersCount: 1, isSeen: true as const },
      { domain: 'news.bigcorp.social', parent: 'bigcorp.social', followingCount: 0, followersCount: 0, isSeen: true as const },
    ];
    const { sent } = renderOptions('blocks', SIGNED_IN_STATE, {
      'hedge/list-blocks': () => ({ ok: true, value: BLOCKS }),
      'hedge/subdomain-offers': () => ({ ok: true, value: offers }),
      'hedge/block-subdomains': () => ({
        ok: true,
        value: { ...THREADS_ON_PLAN, planId: 'plan-subdomains', add: offers.map((offer) => ({ ...THREADS_ON_PLAN.add[0]!, domain: offer.domain, sources: [{ kind: 'manual', id: 'manual', name: 'Your own entries' }] })) },
      }),
    });
    const table = await screen.findByRole('table', { name: 'Subdomains of domains you block' });
    expect(within(table).getAllByRole('row').map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent))).toEqual([
      [],
      ['eu.bigcorp.social', 'bigcorp.social', '1', '1', 'your follows and followers'],
      ['m.bigcorp.social', 'bigcorp.social', '0', '1', 'your follows and followers · seen in the web UI'],
      ['news.bigcorp.social', 'bigcorp.social', '0', '0', 'seen in the web UI'],
    ]);
    expect(screen.getByText(/A personal block in Mastodon covers the exact domain only/)).toBeTruthy();
    expect(screen.getByText(/Hedge keeps them in this browser only, at most 500 per account/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Block these too' }));
    const panel = await screen.findByRole('region', { name: 'Block these subdomains too?' });
    expect(panel.textContent).toContain('eu.bigcorp.social');
    expect(sent.filter((intent) => intent.type === 'hedge/block-subdomains')).toEqual([
      { type: 'hedge/block-subdomains', domains: ['eu.bigcorp.social', 'm.bigcorp.social', 'news.bigcorp.social'] },
    ]);
    expect(sent.some((intent) => intent.type === 'hedge/confirm-plan')).toBe(false);
  });

  it('shows no offer when no subdomain of a block is among the follows and followers', async () => {
    renderOptions('blocks', SIGNED_IN_STATE, {
      'hedge/list-blocks': () => ({ ok: true, value: BLOCKS }),
      'hedge/subdomain-offers': () => ({ ok: true, value: [] }),
    });
    await screen.findByRole('table', { name: 'Personal domain blocks' });
    expect(screen.queryByRole('button', { name: 'Block these too' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Subdomains your blocks leave open' })).toBeNull();
  });

  it('filters by origin, searches, and plans an unblock', async () => {
    const { sent } = renderOptions('blocks', SIGNED_IN_STATE, {
      'hedge/list-blocks': () => ({ ok: true, value: BLOCKS }),
      'hedge/unblock': () => ({ ok: true, value: { ...THREADS_ON_PLAN, planId: 'plan-unblock', add: [], remove: [{ ...THREADS_ON_PLAN.add[0]!, change: 'remove' }] } }),
    });
    const table = await screen.findByRole('table', { name: 'Personal domain blocks' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getByText('List: Garden Fence')).toBeTruthy();
    // The preset is named as a source, as in Preview; "Block Threads" is only its switch in the popup.
    expect(within(table).getByText('Preset: Threads')).toBeTruthy();
    expect(table.textContent).not.toContain('Block Threads');
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'user' } });
    expect(screen.getByText('Showing 1 block of 3.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'subscription' } });
    expect(screen.getByText('Showing 1 block of 3.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'all' } });
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'threads' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unblock threads.net' }));
    const panel = await screen.findByRole('region', { name: 'Unblock?' });
    expect(panel.textContent).toContain('Hedge will remove 1 block it added: threads.net.');
    expect(sent.at(-1)).toEqual({ type: 'hedge/unblock', domain: 'threads.net' });
  });

  it('says an unblock of a block made by hand removes that block because it was asked, and brings no follows back', async () => {
    renderOptions('blocks', SIGNED_IN_STATE, {
      'hedge/list-blocks': () => ({ ok: true, value: BLOCKS }),
      // As change-previews.ts previewUnblock plans a block Hedge has no record of: no sources.
      'hedge/unblock': () => ({
        ok: true,
        value: { ...THREADS_ON_PLAN, planId: 'plan-unblock-own', add: [], remove: [{ ...THREADS_ON_PLAN.add[0]!, domain: 'spam.example', sources: [], change: 'remove', impact: null }], operationCount: 1 },
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Unblock spam.example' }));
    const panel = await screen.findByRole('region', { name: 'Unblock?' });
    expect(panel.textContent).toContain(
      'Hedge will remove 1 block you made yourself, because you asked: spam.example. Follows it removed do not come back; Mastodon does not restore them.',
    );
    expect(panel.textContent).not.toContain('it added');
    expect(panel.textContent).not.toContain('Blocks you made yourself stay.');
  });

  it('adds and removes "always" and "never" entries', async () => {
    const { sent } = renderOptions(
      'blocks',
      { ...SIGNED_IN_STATE, manualEntries: { alwaysBlock: ['bad.example'], neverBlock: [] } },
      { 'hedge/list-blocks': () => ({ ok: true, value: [] }), 'hedge/manual-entry': () => ({ ok: true, value: null }) },
    );
    fireEvent.input(screen.getByLabelText('Domain'), { target: { value: 'friends.example' } });
    fireEvent.change(screen.getByLabelText('List'), { target: { value: 'never-block' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove bad.example' }));
    await waitFor(() => expect(sent.filter((intent) => intent.type === 'hedge/manual-entry')).toHaveLength(2));
    expect(sent.filter((intent) => intent.type === 'hedge/manual-entry')).toEqual([
      { type: 'hedge/manual-entry', domain: 'friends.example', list: 'never-block', action: 'add' },
      { type: 'hedge/manual-entry', domain: 'bad.example', list: 'always-block', action: 'remove' },
    ]);
  });
});

const RUN: RunSummary = {
  runId: 'run-1',
  accountKey: ALICE.key,
  startedAt: NOW - 86_400_000,
  endedAt: NOW - 86_000_000,
  status: 'done',
  added: 140,
  removed: 0,
  failures: [{ domain: 'bad_domain.example', change: 'add', message: 'Your server refused this domain.', serverMessage: 'Validation failed: Domain is not a valid domain name' }],
  isUndoable: true,
};

describe('Options › History', () => {
  it('shows runs with the server’s message for failures, and plans an undo', async () => {
    const { sent } = renderOptions('history', SIGNED_IN_STATE, {
      'hedge/list-runs': () => ({ ok: true, value: [RUN] }),
      'hedge/list-relationship-snapshots': () => ({ ok: true, value: [] }),
      'hedge/undo-run': () => ({ ok: true, value: { ...THREADS_ON_PLAN, planId: 'plan-undo' } }),
    });
    await screen.findByText('140 blocked, 0 unblocked, 1 failed.');
    expect(screen.getByText(/Validation failed: Domain is not a valid domain name/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo this run' }));
    await screen.findByRole('region', { name: 'Undo this run?' });
    expect(sent.at(-1)).toEqual({ type: 'hedge/undo-run', runId: 'run-1' });
  });
});

describe('Options › Export and Accounts', () => {
  it('copies the admin CSV for publishing', async () => {
    const { copyText } = renderOptions('export', SIGNED_IN_STATE, {
      'hedge/export': () => ({ ok: true, value: { fileName: 'hedge-admin.csv', mimeType: 'text/csv', text: '#domain,#severity\nthreads.net,suspend\n' } }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Copy its text' }));
    await screen.findByText('Copied.');
    expect(copyText).toHaveBeenCalledWith('#domain,#severity\nthreads.net,suspend\n');
  });

  it('lists every account and signs one out', async () => {
    const { sent } = renderOptions('accounts', { ...SIGNED_IN_STATE, accounts: [ALICE, ALICE_ON_FOSSTODON] }, {
      'hedge/sign-out': () => ({ ok: true, value: null }),
    });
    expect(screen.getByRole('button', { name: 'Use @alice@fosstodon.org' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out @alice@fosstodon.org' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/sign-out', accountKey: ALICE_ON_FOSSTODON.key }]));
  });

  it('shows the sign-in form, not "Add account", once the last account has signed out', async () => {
    const { send, sent } = recordingSend({ 'hedge/sign-out': () => ({ ok: true, value: null }) });
    const page = (state: HedgeState) => (
      <OptionsApp state={state} send={send} requestPermission={async () => true} copyText={async () => undefined} section="accounts" onSectionChange={() => undefined} />
    );
    const view = render(page(SIGNED_IN_STATE));
    expect(screen.getByRole('button', { name: 'Add account' })).toBeTruthy();
    expect(screen.queryByLabelText('Your Mastodon server')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out @alice@mastodon.social' }));
    await waitFor(() => expect(sent).toEqual([{ type: 'hedge/sign-out', accountKey: ALICE.key }]));
    // The background broadcasts the state without the account.
    view.rerender(page(SIGNED_OUT_STATE));
    expect(screen.getByLabelText('Your Mastodon server')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add account' })).toBeNull();
  });

  it('keeps every error on screen until it is dismissed', async () => {
    renderOptions('export', SIGNED_IN_STATE, {
      'hedge/export': () => ({ ok: false, error: { kind: 'not-signed-in', message: 'Sign in to export your blocks.' } }),
    });
    fireEvent.click(screen.getAllByRole('button', { name: 'Download' })[0]!);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign in to export your blocks.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
