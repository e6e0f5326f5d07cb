// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { Popup } from '../../../components/Popup';
import { OptionsApp, OPTIONS_SECTIONS } from '../../../components/OptionsApp';
import { PRESETS } from '../../../utils/core/presets';
import { CATALOG } from '../../../utils/core/catalog';
import { LOCALES, formatMessage, readMessages, useLocale, type LocaleMessage } from './locale';
import { NOW, SIGNED_IN_STATE, SIGNED_OUT_STATE, THREADS_ON_PLAN, recordingSend } from './fixtures';

afterEach(cleanup);

const english = readMessages('en');
const placeholdersOf = (text: string) => [...text.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((match) => match[1]!.toLowerCase()).sort();

/** What is wrong with one locale's `entry` for `key`, beside the English one: nothing when the list is empty. */
function messageProblems(key: string, entry: LocaleMessage | undefined, ours: LocaleMessage): string[] {
  // Chrome allows only ASCII letters, digits and '_' in message names.
  const name = /^[A-Za-z0-9_]+$/.test(key) ? [] : [`${key}: a message name may only have ASCII letters, digits and _`];
  if (!entry) return [...name, `${key}: missing`];
  if (entry.message.trim() === '') return [...name, `${key}: empty`];
  const theirs = placeholdersOf(entry.message);
  const expected = placeholdersOf(ours.message);
  if (theirs.join() !== expected.join()) return [...name, `${key}: uses placeholders [${theirs.join(', ')}], English [${expected.join(', ')}]`];
  const contents = theirs
    .filter((placeholder) => entry.placeholders?.[placeholder]?.content !== ours.placeholders?.[placeholder]?.content)
    .map((placeholder) => `${key}: placeholder ${placeholder} is ${JSON.stringify(entry.placeholders?.[placeholder]?.content)}, English ${JSON.stringify(ours.placeholders?.[placeholder]?.content)}`);
  return [...name, ...contents];
}

/** Counted messages without a noun to agree with the number ("3 failed."), so one form reads right for every count. */
const COUNTS_WITHOUT_NOUN = new Set(['runFailed']);

describe('counted messages', () => {
  it('come in a _one and an _other form, chosen by tCount', () => {
    const counted = Object.keys(english).filter((key) => english[key]!.message.includes('$COUNT$') && !COUNTS_WITHOUT_NOUN.has(key));
    // Every key is checked and every wrong one named, not only the first.
    const problems = counted.flatMap((key) => {
      const base = key.replace(/_(one|other)$/, '');
      if (!/_(one|other)$/.test(key)) {
        return [`"${key}" counts with $COUNT$: give it ${base}_one and ${base}_other forms (tCount picks one), or list it in COUNTS_WITHOUT_NOUN when no word agrees with the number`];
      }
      return [`${base}_one`, `${base}_other`].filter((form) => english[form] === undefined).map((form) => `"${key}" has no ${form}`);
    });
    expect(counted.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

describe.each(LOCALES)('public/_locales/%s/messages.json', (locale) => {
  const messages = readMessages(locale);

  it('has every message of the English file and no other', () => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
  });

  it('has every message not empty, with the same declared placeholders as English', () => {
    // Every key is checked and every problem named, not only the first.
    const problems = Object.keys(english).flatMap((key) => messageProblems(key, messages[key], english[key]!));
    expect(problems).toEqual([]);
  });

  it('translates every preset and every catalog list', () => {
    for (const preset of PRESETS) {
      const key = preset.id.replaceAll('-', '_');
      expect(messages[`preset_${key}_name`], preset.id).toBeDefined();
      expect(messages[`preset_${key}_explanation`], preset.id).toBeDefined();
      expect(messages[`preset_${key}_switch`], preset.id).toBeDefined();
    }
    for (const list of CATALOG) expect(messages[`catalog_${list.id.replaceAll('-', '_')}_covers`], list.id).toBeDefined();
  });

  it('names a preset one way as a source in Preview and Blocks, and as its action only on its switch', async () => {
    useLocale(locale);
    const source = formatMessage(messages.sourcePreset!, [messages.preset_threads_name!.message]);
    const switchLabel = messages.preset_threads_switch!.message;
    render(<Popup state={SIGNED_IN_STATE} send={recordingSend({}).send} requestPermission={async () => true} openOptions={() => undefined} now={NOW} />);
    expect(screen.getByRole('switch', { name: switchLabel })).toBeTruthy();
    cleanup();
    const { send } = recordingSend({
      'hedge/list-blocks': () => ({ ok: true, value: [{ domain: 'threads.net', origin: 'hedge', sources: THREADS_ON_PLAN.add[0]!.sources }] }),
      'hedge/preview': () => ({ ok: true, value: THREADS_ON_PLAN }),
    });
    for (const section of ['blocks', 'preview'] as const) {
      render(<OptionsApp state={SIGNED_IN_STATE} send={send} requestPermission={async () => true} copyText={async () => undefined} section={section} onSectionChange={() => undefined} />);
      if (section === 'preview') fireEvent.click(screen.getByRole('button', { name: messages.previewBuild!.message }));
      expect((await screen.findAllByText(source)).length, section).toBeGreaterThan(0);
      expect(document.body.textContent, section).not.toContain(switchLabel);
      cleanup();
    }
  });

  it('leaves no message name showing on the popup and in every options section', async () => {
    useLocale(locale);
    const keys = new Set(Object.keys(english));
    const shownKeys = () => [...document.body.querySelectorAll('*')].flatMap((element) => [...element.childNodes])
      .filter((node) => node.nodeType === 3)
      .map((node) => node.textContent?.trim() ?? '')
      // A text equal to a message name is a missing message, unless that message reads the same as its name.
      .filter((text) => keys.has(text) && messages[text]!.message !== text);
    const { send } = recordingSend({
      'hedge/set-preset': () => ({ ok: true, value: THREADS_ON_PLAN }),
      'hedge/list-blocks': () => ({ ok: true, value: [] }),
      'hedge/list-runs': () => ({ ok: true, value: [] }),
      'hedge/list-relationship-snapshots': () => ({ ok: true, value: [] }),
    });
    for (const state of [SIGNED_OUT_STATE, SIGNED_IN_STATE]) {
      render(<Popup state={state} send={send} requestPermission={async () => true} openOptions={() => undefined} now={NOW} />);
      expect(shownKeys()).toEqual([]);
      cleanup();
    }
    render(<Popup state={SIGNED_IN_STATE} send={send} requestPermission={async () => true} openOptions={() => undefined} now={NOW} />);
    fireEvent.click(screen.getAllByRole('switch')[0]!);
    await screen.findAllByRole('button', { name: messages.confirm!.message });
    expect(shownKeys()).toEqual([]);
    cleanup();
    for (const section of OPTIONS_SECTIONS) {
      render(
        <OptionsApp state={SIGNED_IN_STATE} send={send} requestPermission={async () => true} copyText={async () => undefined} section={section} onSectionChange={() => undefined} />,
      );
      await Promise.resolve();
      expect(shownKeys(), section).toEqual([]);
      cleanup();
    }
  });
});
