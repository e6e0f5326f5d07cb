/**
 * The background answers in the browser's language: refusals built in the
 * background (an address that is not a server, a missing sign-in), worded
 * from a core code (a file that is not a list, a domain hidden with `*`) and
 * from a Mastodon answer, through the real `handleIntent` with WXT's fake
 * browser switched to each locale's messages.json, against the local fake
 * Mastodon.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleIntent, type HandlerContext } from '../../utils/background/handlers';
import type { AccountView, HedgeErrorKind, Intent, Reply } from '../../utils/protocol';
import { startFakeMastodon, type FakeMastodon } from '../fake-mastodon/index';
import { LOCALES, formatMessage, readMessages, useLocale, type Locale } from '../unit/components/locale';
import { installFakeScripting, testEnvironment } from './oauth-helpers';

let mastodon: FakeMastodon | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
});

afterEach(async () => {
  useLocale('en');
  await mastodon?.close();
  mastodon = undefined;
});

function send<T>(intent: Intent): Promise<Reply<T>> {
  const context: HandlerContext = { env: testEnvironment(), sender: { isContentScript: false }, onStateChanged: async () => undefined };
  return handleIntent(intent, context) as Promise<Reply<T>>;
}

async function refusal(intent: Intent, kind: HedgeErrorKind): Promise<string> {
  const reply = await send(intent);
  if (reply.ok) throw new Error(`${intent.type} was accepted`);
  expect(reply.error.kind, reply.error.message).toBe(kind);
  return reply.error.message;
}

/** The message as the locale's file words it. */
function expected(locale: Locale, key: string, ...substitutions: string[]): string {
  const entry = readMessages(locale)[key];
  if (!entry) throw new Error(`${key} is missing in ${locale}`);
  return formatMessage(entry, substitutions);
}

async function signIn(): Promise<void> {
  mastodon = await startFakeMastodon({ version: '4.3', autoApprove: true });
  const reply = await send<AccountView>({ type: 'hedge/sign-in', instance: mastodon.url });
  if (!reply.ok) throw new Error(reply.error.message);
}

describe.each(LOCALES)('the background in %s', (locale) => {
  beforeEach(() => useLocale(locale));

  it('refuses an address that is not a server in words of the locale', async () => {
    const message = await refusal({ type: 'hedge/sign-in', instance: 'not a server' }, 'invalid-input');
    expect(message).toBe(expected(locale, 'bg_instanceUnreadable', 'not a server'));
  });

  it('asks to sign in first', async () => {
    const message = await refusal({ type: 'hedge/preview' }, 'not-signed-in');
    expect(message).toBe(expected(locale, 'bg_signInFirst'));
  });

  it('refuses a file that is a web page, and a domain hidden with *', async () => {
    await signIn();
    const page = await refusal(
      { type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'blocklist.html', text: '<!doctype html><html><body>threads.net</body></html>' } },
      'list-error',
    );
    expect(page).toBe(`blocklist.html: ${expected(locale, 'listError_html')}`);

    const hidden = await refusal({ type: 'hedge/manual-entry', list: 'always-block', action: 'add', domain: 'ap.***.st' }, 'invalid-input');
    expect(hidden).toBe(expected(locale, 'domainError_obfuscated', 'ap.***.st'));
  });

  it('names the rows of a list of nothing but canaries in the locale’s plural', async () => {
    await signIn();
    const message = await refusal(
      { type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'canaries.txt', text: '000this.is.generated.by.oliphant.social\nexample.org\n' } },
      'list-error',
    );
    expect(message).toBe(expected(locale, 'bg_listNothingUsable_other', '2', 'canary'));
  });
});

describe('German, word for word', () => {
  beforeEach(() => useLocale('de'));

  it.each([
    [{ type: 'hedge/sign-in', instance: 'http://mastodon.social' } as Intent, 'invalid-input', 'Hedge meldet sich nur über https an. Gib die Adresse als https://mastodon.social/ ein.'],
    [{ type: 'hedge/sign-in', instance: '' } as Intent, 'invalid-input', 'Hedge braucht die Serveradresse.'],
    [{ type: 'hedge/preview' } as Intent, 'not-signed-in', 'Melde dich zuerst bei deinem Mastodon-Konto an.'],
  ] as const)('%j → %s', async (intent, kind, message) => {
    expect(await refusal(intent, kind)).toBe(message);
  });

  it('a list that is not a list', async () => {
    await signIn();
    const message = await refusal({ type: 'hedge/subscription-add', source: { kind: 'file', fileName: 'export.json', text: '{"hello": "world"}' } }, 'list-error');
    expect(message).toBe(
      'export.json: Dieses JSON ist keine Liste, die Hedge kennt: weder Mastodon-Domain-Blockierungen noch RapidBlock noch ein FIRES-Snapshot oder eine FIRES-Änderungsseite.',
    );
  });
});
