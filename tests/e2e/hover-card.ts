/**
 * Opening Mastodon's hover cards and clicking inside them as a person would, for the browser specs on
 * Mastodon's own web client (tests/e2e/real-client.spec.ts, tests/e2e/own-limit.spec.ts).
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Moves the mouse onto `target` as a person would, so the client's hover-card controller opens a card. */
export async function openHoverCard(page: Page, target: Locator): Promise<Locator> {
  const card = page.locator('.hover-card');
  await expect(async () => {
    const box = await target.boundingBox();
    if (!box) throw new Error('the link to hover is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 8);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await page.mouse.move(box.x + box.width / 2 + 2, box.y + box.height / 2 + 1, { steps: 3 });
    await expect(card).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  return card;
}

/**
 * Clicks `target` inside the hover card open for `anchor`, the pointer travelling there from the
 * anchor without a stop, as a person's does: the card closes 150 ms after the pointer leaves the
 * anchor unless it enters the card while moving (4.5 components/hover_card_controller.tsx ignores
 * an entry without `isActiveMouseMovement`).
 */
export async function clickInCard(page: Page, anchor: Locator, target: Locator): Promise<void> {
  const from = await anchor.boundingBox();
  const card = await page.locator('.hover-card').boundingBox();
  const to = await target.boundingBox();
  if (!from || !card || !to) throw new Error('nothing to click in the hover card');
  // Straight down from the name into the card, which opens below it, then across to the target.
  const x = Math.max(from.x + 2, card.x + 8);
  await page.mouse.move(x, from.y + from.height / 2, { steps: 2 });
  await page.mouse.move(x, card.y + 12, { steps: 6 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
  await target.click();
}
