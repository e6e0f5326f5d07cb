// @vitest-environment happy-dom
/**
 * Hedge in German: the popup, every options section, the FIRES chooser and a
 * preview show no English sentence, and the words made outside the pages (the
 * content script's answers, the reasons the background gives a planned block)
 * come from the German locale too. "English" is every English message that
 * German words differently, plus the English the pure core and the presets
 * carry in their data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { OptionsApp, OPTIONS_SECTIONS } from '../../../components/OptionsApp';
import { Popup } from '../../../components/Popup';
import { CATALOG } from '../../../utils/core/catalog';
import { PRESETS } from '../../../utils/core/presets';
import type { Provenance } from '../../../utils/core/model';
import { requestPageAction, requestSnapshot, type ContentRuntime } from '../../../utils/dom/content-intents';
import { provenanceComment } from '../../../utils/i18n/source-name';
import type { FiresServerView, PlanPreview } from '../../../utils/protocol';
import { NOW, SIGNED_IN_STATE, SIGNED_OUT_STATE, THREADS_ON_PLAN, recordingSend } from './fixtures';
import { readMessages, useLocale } from './locale';

beforeEach(() => useLocale('de'));
afterEach(cleanup);

const english = readMessages('en');
const german = readMessages('de');

/**
 * English sentences a German page must not show: the English messages German words otherwise
 * (long enough not to be a name such as "Threads" or "FIRES"; placeholders cut out, so the
 * fixed words around them are looked for), and the English in the presets' and catalog's data.
 */
const ENGLISH: string[] = [
  ...Object.entries(english)
    .filter(([key, entry]) => german[key]?.message !== entry.message)
    .flatMap(([, entry]) => entry.message.split(/\$[A-Za-z0-9_]+\$/))
    .map((part) => part.trim())
    .filter((part) => part.length >= 12 && /\s/.test(part)),
  ...PRESETS.map((preset) => preset.explanation),
  ...CATALOG.map((list) => list.covers),
  'Always block',
  'Never block',
  'Your own entries',
];

function englishShown(): string[] {
  const text = document.body.textContent ?? '';
  return [...new Set(ENGLISH.filter((sentence) => text.includes(sentence)))];
}

/** A plan with an entry of the user's own, its reason worded as the background words it, in the locale in use. */
const planWithOwnEntries = (): PlanPreview => ({
  ...THREADS_ON_PLAN,
  add: [
    ...THREADS_ON_PLAN.add,
    {
      domain: 'poa.st',
      change: 'add',
      sources: [{ kind: 'manual', id: 'manual', name: 'Your own entries' }],
      severity: 'suspend',
      labels: [],
      comments: [provenanceComment({ source: { kind: 'manual', id: 'manual', name: 'Your own entries' }, severity: 'suspend', labels: [] }) ?? ''],
      impact: { followingCount: 0, followersCount: 0 },
    },
  ],
});

const FIRES_SERVER: FiresServerView = {
  origin: 'https://fires.example',
  datasets: [{ id: 'https://fires.example/datasets/dni', name: 'Example DNI', entryCount: null, labels: ['Hate Speech'] }],
};

const answers = {
  'hedge/set-preset': () => ({ ok: true as const, value: THREADS_ON_PLAN }),
  'hedge/preview': () => ({ ok: true as const, value: planWithOwnEntries() }),
  'hedge/fires-datasets': () => ({ ok: true as const, value: FIRES_SERVER }),
  'hedge/list-blocks': () => ({ ok: true as const, value: [] }),
  'hedge/list-runs': () => ({ ok: true as const, value: [] }),
  'hedge/list-relationship-snapshots': () => ({ ok: true as const, value: [] }),
};

describe('Hedge in German', () => {
  it('shows no English on the popup, signed out, signed in, and asking to confirm a preset', async () => {
    const { send } = recordingSend(answers);
    for (const state of [SIGNED_OUT_STATE, SIGNED_IN_STATE]) {
      render(<Popup state={state} send={send} requestPermission={async () => true} openOptions={() => undefined} now={NOW} />);
      expect(englishShown()).toEqual([]);
      cleanup();
    }
    render(<Popup state={SIGNED_IN_STATE} send={send} requestPermission={async () => true} openOptions={() => undefined} now={NOW} />);
    fireEvent.click(screen.getAllByRole('switch')[0]!);
    await screen.findAllByRole('button', { name: german.confirm!.message });
    expect(englishShown()).toEqual([]);
  });

  it.each(OPTIONS_SECTIONS)('shows no English in Options › %s', async (section) => {
    const { send } = recordingSend(answers);
    render(<OptionsApp state={SIGNED_IN_STATE} send={send} requestPermission={async () => true} copyText={async () => undefined} section={section} onSectionChange={() => undefined} />);
    if (section === 'preview') {
      fireEvent.click(screen.getByRole('button', { name: german.previewBuild!.message }));
      await waitFor(() => expect(document.body.textContent).toContain('poa.st'));
      expect(document.body.textContent).toContain(german.alwaysBlock!.message);
    }
    if (section === 'lists') {
      fireEvent.input(screen.getByRole('textbox', { name: german.firesServerLabel!.message }), { target: { value: 'https://fires.example' } });
      fireEvent.click(screen.getByRole('button', { name: german.firesShowDatasets!.message }));
      await screen.findByText('Example DNI');
    }
    await Promise.resolve();
    expect(englishShown()).toEqual([]);
  });

  it.each<[string, Provenance, string | undefined]>([
    ['an "always block" entry', { source: { kind: 'manual', id: 'manual', name: 'Your own entries' }, severity: 'suspend', labels: [] }, german.alwaysBlock!.message],
    ['a "never block" entry', { source: { kind: 'manual', id: 'manual', name: 'Your own entries' }, severity: 'noop', labels: [] }, german.neverBlock!.message],
    ['a preset', { source: { kind: 'preset', id: 'threads', name: 'Threads' }, severity: 'suspend', labels: [], comment: 'Hides Meta’s Threads' }, german.preset_threads_explanation!.message],
    ['the own server', { source: { kind: 'manual', id: 'own-instance', name: 'Your own server' }, severity: 'noop', labels: [] }, undefined],
    ['a list, in its own words', { source: { kind: 'subscription', id: 'x', name: 'X' }, severity: 'suspend', labels: [], comment: 'spam' }, 'spam'],
  ])('gives the reason of %s in German', (_what, provenance, expected) => {
    expect(provenanceComment(provenance)).toBe(expected);
  });

  it('words the content script’s failures in German', async () => {
    const silent: ContentRuntime = { sendMessage: async () => undefined, onMessage: { addListener: () => undefined, removeListener: () => undefined } };
    const broken: ContentRuntime = { ...silent, sendMessage: async () => Promise.reject(new Error('Extension context invalidated.')) };
    const stranger: ContentRuntime = { ...silent, sendMessage: async () => ({ ok: true, value: { origin: 'https://elsewhere.example', snapshot: null } }) };
    const block = (runtime: ContentRuntime, domain: string) => requestPageAction(runtime, 'hedge/block-domain-from-page', domain);
    expect(await block(silent, 'poa.st')).toEqual({ isDone: false, message: german.markUnreachable!.message });
    expect(await block(broken, 'poa.st')).toEqual({ isDone: false, message: 'Hedge war nicht erreichbar. Lade die Seite neu.' });
    // An answer for another origin leaves the page unmarked.
    expect(await requestSnapshot(stranger, 'https://mastodon.example')).toBeNull();
    await expect(block(silent, 'not a domain')).rejects.toThrow('„not a domain“ ist keine Domain, die Hedge blockieren kann.');
  });
});
