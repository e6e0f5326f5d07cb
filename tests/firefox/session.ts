/**
 * One Firefox spec's world: a fresh local Mastodon and a fresh Firefox ESR profile with Hedge's
 * Firefox end-to-end build installed (scripts/firefox.ts), closed together at the end.
 */
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithHedge, type FirefoxWithHedge } from '../../scripts/firefox';
import { startFakeMastodon, type FakeMastodon, type FakeMastodonOptions } from '../fake-mastodon/index';

export interface HedgeInFirefox {
  firefox: FirefoxWithHedge;
  mastodon: FakeMastodon;
  /** Opens one of Hedge's pages (`popup.html`, `options.html`) in a new tab, once it has loaded. */
  openExtensionPage(file: string): Promise<Page>;
  close(): Promise<void>;
}

/** The popup's real width (components/Popup.css: 360px plus the page margin). */
export const POPUP_VIEWPORT = { width: 380, height: 640 };

/**
 * Starts the local Mastodon and Firefox with Hedge.
 * @param options.mastodon - the fake's options (tests/fake-mastodon/README.md).
 * @param options.prefs - Firefox preferences for this launch.
 */
export async function startHedgeInFirefox(options: { mastodon?: FakeMastodonOptions; prefs?: Record<string, unknown> } = {}): Promise<HedgeInFirefox> {
  const mastodon = await startFakeMastodon(options.mastodon);
  let firefox: FirefoxWithHedge;
  try {
    firefox = await launchFirefoxWithHedge({ prefs: options.prefs });
  } catch (error) {
    await mastodon.close();
    throw error;
  }
  return {
    firefox,
    mastodon,
    openExtensionPage: (file) => firefox.openExtensionPage(file),
    close: async () => {
      await firefox.close();
      await mastodon.close();
    },
  };
}

/** Opens the popup as a tab at the toolbar popup's size. */
export async function openPopup(hedge: HedgeInFirefox): Promise<Page> {
  const popup = await hedge.openExtensionPage('popup.html');
  await popup.setViewport(POPUP_VIEWPORT);
  return popup;
}
