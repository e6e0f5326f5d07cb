/**
 * The GoToSocial servers whose pages Hedge marks (utils/background/marked-sites.ts), in this
 * browser's `storage.local`: host access is granted per browser, so they are not synced. Each
 * names the signed-in account whose lists and entries mark its pages.
 */
import { storage } from 'wxt/utils/storage';
import type { MarkedSiteView } from '../protocol';

/** A marked server as stored; pages see it with whether Hedge may still read it. */
export type StoredMarkedSite = Omit<MarkedSiteView, 'hasAccess'>;

const markedSitesItem = storage.defineItem<StoredMarkedSite[]>('local:markedSites', { version: 1, fallback: [] });

/** Every marked server, oldest first. */
export function listMarkedSites(): Promise<StoredMarkedSite[]> {
  return markedSitesItem.getValue();
}

/** Stores `site`, in place of one on the same origin. */
export async function saveMarkedSite(site: StoredMarkedSite): Promise<void> {
  const sites = await markedSitesItem.getValue();
  const index = sites.findIndex((stored) => stored.origin === site.origin);
  await markedSitesItem.setValue(index === -1 ? [...sites, site] : sites.map((stored, at) => (at === index ? site : stored)));
}

/** Removes the servers `isRemoved` picks; returns them. */
export async function removeMarkedSites(isRemoved: (site: StoredMarkedSite) => boolean): Promise<StoredMarkedSite[]> {
  const sites = await markedSitesItem.getValue();
  const removed = sites.filter(isRemoved);
  if (removed.length > 0) await markedSitesItem.setValue(sites.filter((site) => !isRemoved(site)));
  return removed;
}
