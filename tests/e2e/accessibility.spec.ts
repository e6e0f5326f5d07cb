import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, EXTENSION_DIR, ensureChromium, extensionWorker } from '../../scripts/chromium';
import { expect, test } from './fixtures';
import { THREADS_DOMAINS, SEED_MANUAL_BLOCKS, expectServerBlocks, openPopup, signIn } from './helpers';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

const SCHEMES = ['light', 'dark'] as const;
const OPTIONS_SECTIONS = ['Lists', 'Preview', 'Blocks', 'History', 'Export and share', 'Accounts'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations, each
 * in one line that names the rule, the element and what to fix.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) {
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch {
      // Extension pages forbid inline scripts (MV3's default content security policy), and
      // addScriptTag inlines the file; evaluating the source goes through the debugger instead.
      await page.evaluate(await readFile(AXE_PATH, 'utf8'));
    }
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return (violations as AxeViolation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}) at ${node.target.join(' ')}: ${violation.help}. ${node.failureSummary ?? ''}`),
    );
}

async function expectAccessibleInBothSchemes(page: Page, where: string): Promise<void> {
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page), `${where}, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the popup signed out has no serious accessibility violations, light or dark', async ({ openExtensionPage }) => {
  const popup = await openPopup(openExtensionPage);
  await expect(popup.getByLabel('Your Mastodon server')).toBeVisible();
  await expectAccessibleInBothSchemes(popup, 'popup signed out');
  // The problem shown for a bad address is announced and tied to its field.
  await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(popup.getByRole('alert')).toBeVisible();
  await expectAccessibleInBothSchemes(popup, 'popup with a sign-in problem');
});

test('the popup signed in and every options section have no serious accessibility violations, light or dark', async ({
  openExtensionPage,
  mastodon,
}) => {
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  await expectAccessibleInBothSchemes(popup, 'popup signed in');
  await popup.getByRole('switch', { name: 'Block Threads' }).click();
  await expect(popup.getByRole('button', { name: 'Confirm' })).toBeVisible();
  await expectAccessibleInBothSchemes(popup, 'popup confirming Block Threads');
  await popup.getByRole('button', { name: 'Confirm' }).click();
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, ...THREADS_DOMAINS]);

  // Every section with something in it: a list, a preview table, blocks, runs and saved follows.
  const options = await openExtensionPage('options.html#lists');
  await options.getByLabel('Subscribe by URL').fill(`${mastodon.url}/lists/gardenfence-mastodon.csv`);
  await options.getByLabel('Subscribe by URL').press('Enter');
  await expect(options.getByRole('region', { name: 'Your lists' }).getByRole('article')).toHaveCount(1);
  for (const section of OPTIONS_SECTIONS) {
    await options.getByRole('tab', { name: section }).click();
    await expect(options.getByRole('tabpanel', { name: section })).toBeVisible();
    if (section === 'Preview') {
      await options.getByRole('button', { name: 'Build preview' }).click();
      await expect(options.getByRole('table', { name: 'Planned changes' })).toBeVisible();
    }
    if (section === 'Lists') await options.getByText('Choose by labels').click();
    if (section === 'Blocks') await expect(options.getByRole('table', { name: 'Personal domain blocks' })).toBeVisible();
    if (section === 'History') await expect(options.getByRole('table', { name: 'Saved follows and followers' })).toBeVisible();
    await expectAccessibleInBothSchemes(options, `options › ${section}`);
  }
});

test('the lists’ overlap on Options › Lists has no serious accessibility violations, light or dark, its tables open or closed', async ({
  openExtensionPage,
  mastodon,
}) => {
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  const options = await openExtensionPage('options.html#lists');
  const files = ['gardenfence-mastodon.csv', 'oliphant-mirror-iftas-dni-2026-02.csv', 'oliphant-mirror-seirdy-tier0.csv'];
  for (const [index, file] of files.entries()) {
    await options.getByLabel('Subscribe by URL').fill(`${mastodon.url}/lists/${file}`);
    await options.getByLabel('Subscribe by URL').press('Enter');
    await expect(options.getByRole('region', { name: 'Your lists' }).getByRole('article')).toHaveCount(index + 1);
  }
  const overlap = options.getByRole('region', { name: 'How your lists overlap' });
  await options.getByLabel('Block when').selectOption('count');
  await options.getByLabel('Minimum number of lists').fill('2');
  await expect(overlap.getByRole('status')).toContainText('At 2 of 3 lists:');
  await expect(overlap.getByRole('img')).toHaveCount(2);
  await expectAccessibleInBothSchemes(options, 'options › Lists › overlap');
  await overlap.getByText('Show the numbers as tables').click();
  await expect(overlap.getByRole('table')).toHaveCount(4);
  await expectAccessibleInBothSchemes(options, 'options › Lists › overlap with its tables');
});

test('the confirmation window of a block from a Mastodon page has no serious accessibility violations, light or dark, and confirms by keyboard', async ({
  context,
  openExtensionPage,
  mastodon,
}) => {
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  const page = await context.newPage();
  await page.goto(`${mastodon.url}/@bob@threads.net`);
  const action = page.locator('[data-hedge-role="profile"]').getByRole('button', { name: 'Block threads.net with Hedge' });
  const opened = context.waitForEvent('page', { predicate: (candidate) => candidate.url().includes('/confirm.html?plan=') });
  await action.click({ timeout: 15_000 });
  const confirm = await opened;
  await expect(confirm.getByRole('heading', { name: 'Block threads.net?' })).toBeVisible();
  await expectAccessibleInBothSchemes(confirm, 'confirmation window');
  const closed = confirm.waitForEvent('close');
  await confirm.getByRole('button', { name: 'Block threads.net' }).focus();
  // Enter activates a button as it goes down; the window closes before a key-up could reach it.
  await confirm.keyboard.down('Enter');
  await closed;
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, 'threads.net']);
});

test('keyboard: Tab reaches Block Threads with a visible focus ring, Space opens its confirmation, Cancel and Confirm by keyboard', async ({
  openExtensionPage,
  mastodon,
}) => {
  const popup = await openPopup(openExtensionPage);
  await signIn(popup, mastodon);
  const threads = popup.getByRole('switch', { name: 'Block Threads' });
  await expect(threads).toBeEnabled();

  // From the top of the page, as a person arriving with the keyboard.
  await popup.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  let presses = 0;
  while (!(await threads.evaluate((element) => element === document.activeElement))) {
    presses += 1;
    expect(presses, 'Tab presses before the Block Threads switch').toBeLessThan(10);
    await popup.keyboard.press('Tab');
  }
  const focus = await threads.evaluate((element) => {
    const style = getComputedStyle(element);
    return { matches: element.matches(':focus-visible'), outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth };
  });
  expect(focus.matches).toBe(true);
  expect(focus.outlineStyle).not.toBe('none');
  expect(parseFloat(focus.outlineWidth)).toBeGreaterThanOrEqual(2);

  await popup.keyboard.press('Space');
  const panel = popup.getByRole('region', { name: 'Turn on “Block Threads”?' });
  await expect(panel).toBeVisible();
  // Confirm and Cancel are reachable with Tab too; Cancel by Enter leaves the server as it was.
  const cancel = panel.getByRole('button', { name: 'Cancel' });
  presses = 0;
  while (!(await cancel.evaluate((element) => element === document.activeElement))) {
    presses += 1;
    expect(presses, 'Tab presses before Cancel').toBeLessThan(10);
    await popup.keyboard.press('Tab');
  }
  await popup.keyboard.press('Enter');
  await expect(panel).toHaveCount(0);
  expect(mastodon.state.domainBlocks()).toEqual(SEED_MANUAL_BLOCKS);

  // Space on the switch again, then Confirm by keyboard.
  await threads.focus();
  await popup.keyboard.press('Space');
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: 'Confirm' }).focus();
  await popup.keyboard.press('Enter');
  await expectServerBlocks(mastodon, [...SEED_MANUAL_BLOCKS, ...THREADS_DOMAINS]);
  await expect(threads).toHaveAttribute('aria-checked', 'true');
});

test('keyboard: the options tabs move with the arrow keys and show their focus', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html#lists');
  const lists = options.getByRole('tab', { name: 'Lists' });
  await lists.focus();
  await options.keyboard.press('ArrowRight');
  const preview = options.getByRole('tab', { name: 'Preview' });
  await expect(preview).toBeFocused();
  await expect(preview).toHaveAttribute('aria-selected', 'true');
  await options.keyboard.press('End');
  await expect(options.getByRole('tab', { name: 'Accounts' })).toBeFocused();
  await expect(options.getByLabel('Your Mastodon server')).toBeVisible();
  // The tab list holds one stop: Tab moves on into the panel.
  await options.keyboard.press('Tab');
  await expect(options.getByRole('tabpanel', { name: 'Accounts' })).toBeFocused();
  const outline = await options.getByRole('tabpanel', { name: 'Accounts' }).evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe('none');
});

/** The UI languages Hedge ships besides English (public/_locales). */
const LANGUAGES = ['de', 'fr', 'es', 'ja'];

async function messagesOf(language: string): Promise<Record<string, { message: string }>> {
  return JSON.parse(await readFile(new URL(`../../public/_locales/${language}/messages.json`, import.meta.url), 'utf8'));
}

for (const language of LANGUAGES) {
  test(`in a browser set to “${language}”, the popup and the options page speak it and say so`, async ({ mastodon }) => {
    const messages = await messagesOf(language);
    const say = (key: string): string => messages[key]!.message;
    // Chromium takes its UI language, which `browser.i18n` follows, from --lang and LANGUAGE.
    const context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), `hedge-${language}-`)), {
      executablePath: ensureChromium(),
      headless: true,
      locale: language,
      env: { ...process.env, LANGUAGE: language },
      args: [...CHROMIUM_ARGS, `--lang=${language}`, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
    });
    try {
      const extensionId = new URL((await extensionWorker(context)).url()).host;
      const popup = await context.newPage();
      await popup.goto(`chrome-extension://${extensionId}/popup.html`);
      await expect(popup.locator('html')).toHaveAttribute('lang', new RegExp(`^${language}`));
      await expect(popup.getByLabel(say('signInInstanceLabel'))).toBeVisible();
      await popup.getByLabel(say('signInInstanceLabel')).fill(mastodon.url);
      const consentPage = context.waitForEvent('page', { predicate: (page) => page.url().startsWith(`${mastodon.url}/oauth/authorize`) });
      await popup.getByRole('button', { name: say('signIn'), exact: true }).click();
      await (await consentPage).getByRole('button', { name: 'Authorize' }).click();
      const threads = popup.getByRole('switch', { name: say('preset_threads_switch') });
      await expect(threads).toBeVisible();
      await expect(popup.getByText(say('statusBlockedByHedge'))).toBeVisible();
      await threads.click();
      await expect(popup.getByRole('button', { name: say('confirm'), exact: true })).toBeVisible();
      // The impact sentence is the translated one, with the count and the domain in it.
      const impact = say('impactFollowing_other').replace('$COUNT$', '3').replace('$DOMAINS$', 'threads.net');
      await expect(popup.getByText(impact, { exact: true })).toBeVisible();
      expect(await popup.locator('main').innerText()).not.toContain('Blocking removes');
      expect(await seriousViolations(popup)).toEqual([]);

      const options = await context.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await expect(options).toHaveTitle(say('optionsTitle'));
      for (const key of ['sectionLists', 'sectionPreview', 'sectionBlocks', 'sectionHistory', 'sectionExport', 'sectionAccounts']) {
        await expect(options.getByRole('tab', { name: say(key) })).toBeVisible();
      }
      await expect(options.getByRole('heading', { name: say('catalogTitle') })).toBeVisible();
      expect(await seriousViolations(options)).toEqual([]);
    } finally {
      await context.close();
    }
  });
}
