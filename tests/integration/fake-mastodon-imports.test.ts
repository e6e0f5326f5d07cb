/**
 * The local Mastodon's web session and importer (tests/fake-mastodon/web-imports.ts), driven as a
 * browser would: the session cookie, the form's CSRF token, the upload, the confirmation step,
 * the job, and each fault.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD, SESSION_COOKIE, startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index.ts';

let server: FakeMastodon | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Browser {
  cookie: string;
  get(path: string): Promise<Response>;
  post(path: string, body: FormData | URLSearchParams, origin?: string): Promise<Response>;
}

function browser(mastodon: FakeMastodon, cookie = ''): Browser {
  const jar = { cookie };
  const remember = (response: Response) => {
    const set = response.headers.get('set-cookie');
    const value = set ? new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(set)?.[1] : undefined;
    if (value) jar.cookie = value;
    return response;
  };
  const headers = (origin?: string) => ({ cookie: `${SESSION_COOKIE}=${jar.cookie}`, ...(origin ? { origin } : {}) });
  return {
    get cookie() {
      return jar.cookie;
    },
    get: async (path) => remember(await fetch(`${mastodon.url}${path}`, { headers: headers(), redirect: 'manual' })),
    post: async (path, body, origin = mastodon.url) => remember(await fetch(`${mastodon.url}${path}`, { method: 'POST', body, headers: headers(origin), redirect: 'manual' })),
  };
}

const csrf = (page: string) => /<meta name="csrf-token" content="([^"]+)">/.exec(page)?.[1] ?? '';

function upload(token: string, text: string, mode = 'merge', type = 'domain_blocking'): FormData {
  const form = new FormData();
  form.set('authenticity_token', token);
  form.set('form_import[type]', type);
  form.set('form_import[mode]', mode);
  form.set('form_import[data]', new Blob([text], { type: 'text/csv' }), 'blocked_domains.csv');
  return form;
}

async function signedIn(mastodon: FakeMastodon): Promise<Browser> {
  const user = browser(mastodon);
  const form = await (await user.get('/auth/sign_in')).text();
  const answer = await user.post('/auth/sign_in', new URLSearchParams({ authenticity_token: csrf(form), 'user[email]': DEMO_EMAIL, 'user[password]': DEMO_PASSWORD }));
  expect(answer.status).toBe(302);
  return user;
}

async function importDomains(user: Browser, text: string): Promise<{ id: string; page: string }> {
  const index = await (await user.get('/settings/imports')).text();
  const created = await user.post('/settings/imports', upload(csrf(index), text));
  expect(created.status).toBe(302);
  const id = /\/settings\/imports\/(\d+)$/.exec(created.headers.get('location') ?? '')?.[1] ?? '';
  const show = await (await user.get(`/settings/imports/${id}`)).text();
  return { id, page: show };
}

describe("the local Mastodon's importer", () => {
  it('signs demo in, takes a domain-blocks file with Merge, asks to confirm, and blocks every row in one job', async () => {
    server = await startFakeMastodon({ seed: 'empty', blockSideEffectsDelayMs: 10 });
    server.state.addDomainBlock('kept.example');
    const user = await signedIn(server);
    const { id, page } = await importDomains(user, '#domain\nOne.example\n\ntwo.example\n');
    expect(page).toContain('You are about to <strong>block</strong> up to <strong>2 domains</strong> from <strong>blocked_domains.csv</strong>.');
    expect(page).toContain(`data-method="post" href="/settings/imports/${id}/confirm"`);
    expect(server.state.domainBlocks()).toEqual(['kept.example']);

    const confirmed = await user.post(`/settings/imports/${id}/confirm`, new URLSearchParams({ authenticity_token: csrf(page) }));
    expect(confirmed.headers.get('location')).toBe(`${server.url}/settings/imports`);
    await server.state.jobsDone();
    expect(server.state.domainBlocks().sort()).toEqual(['kept.example', 'one.example', 'two.example']);
    const index = await (await user.get('/settings/imports')).text();
    expect(index).toMatch(new RegExp(`<tr id="bulk_import_${id}"><td>Domain blocking list</td><td>Finished</td><td>2 / 2</td>`));
  });

  it.each([
    ['no session', async (m: FakeMastodon) => browser(m).get('/settings/imports'), 302],
    ['a POST from another origin', async (m: FakeMastodon) => {
      const user = await signedIn(m);
      const token = csrf(await (await user.get('/settings/imports')).text());
      return user.post('/settings/imports', upload(token, 'a.example\n'), 'chrome-extension://abcdef');
    }, 422],
    ['a wrong CSRF token', async (m: FakeMastodon) => (await signedIn(m)).post('/settings/imports', upload('forged', 'a.example\n')), 422],
  ] as const)('refuses %s', async (_name, act, status) => {
    server = await startFakeMastodon({ seed: 'empty' });
    const answer = await act(server);
    expect(answer.status).toBe(status);
    if (status === 302) expect(answer.headers.get('location')).toBe(`${server.url}/auth/sign_in`);
    expect(server.importer.imports()).toEqual([]);
  });

  it.each([
    ['more than 20,000 rows', `${Array.from({ length: 20_001 }, (_, i) => `d${i}.example`).join('\n')}\n`, 'The selected file contains more than 20000 rows'],
    ['an empty file', '\n\n', 'The selected file appears to be empty.'],
    ['a file of another type', 'Account address,Show boosts\nbob@threads.net,true\n', 'The selected file contains data of a different type than what was selected.'],
  ])('renders the form again with the error for %s', async (_name, text, error) => {
    server = await startFakeMastodon({ seed: 'empty' });
    const user = await signedIn(server);
    const token = csrf(await (await user.get('/settings/imports')).text());
    const answer = await user.post('/settings/imports', upload(token, text));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(`<span class="error">${error}</span>`);
    expect(server.importer.imports()).toEqual([]);
  });

  it('faults: the session ends at a step, the upload is refused, the form lacks the type, the job fails halfway', async () => {
    server = await startFakeMastodon({ seed: 'empty', blockSideEffectsDelayMs: 10 });
    const user = await signedIn(server);
    server.importer.setFaults({ formDiffers: true });
    expect(await (await user.get('/settings/imports')).text()).not.toContain('value="domain_blocking"');

    server.importer.setFaults({ refuseUpload: 'Import is not possible right now.' });
    const token = csrf(await (await user.get('/settings/imports')).text());
    expect(await (await user.post('/settings/imports', upload(token, 'a.example\n'))).text()).toContain('<span class="error">Import is not possible right now.</span>');

    server.importer.setFaults({ failAfterRows: 2 });
    const { id, page } = await importDomains(user, 'a.example\nb.example\nc.example\nd.example\n');
    await user.post(`/settings/imports/${id}/confirm`, new URLSearchParams({ authenticity_token: csrf(page) }));
    await server.state.jobsDone();
    expect(server.state.domainBlocks().sort()).toEqual(['a.example', 'b.example']);
    expect(await (await user.get('/settings/imports')).text()).toContain(`<tr id="bulk_import_${id}"><td>Domain blocking list</td><td>Finished</td><td>0 / 4</td>`);

    server.importer.setFaults({ signOutAt: 'confirm' });
    const second = await importDomains(user, 'e.example\n');
    const refused = await user.post(`/settings/imports/${second.id}/confirm`, new URLSearchParams({ authenticity_token: csrf(second.page) }));
    expect(refused.headers.get('location')).toBe(`${server.url}/auth/sign_in`);
    expect(server.state.domainBlocks()).not.toContain('e.example');
  });
});
