/**
 * Marking GoToSocial servers' pages (`MarkedSiteIntents`, utils/protocol/marked-sites.ts).
 */
import type { MarkedSiteIntents } from '../../protocol';
import { addMarkedSite, removeMarkedSite } from '../marked-sites';
import { requireString } from './checks';
import type { HandlerSlice } from './context';

export const MARKED_SITE_HANDLERS: HandlerSlice<MarkedSiteIntents> = {
  'hedge/add-marked-site': async (intent, context) => {
    const address = requireString(intent.address, 'bg_needsServerAddress');
    const accountKey = requireString(intent.accountKey, 'bg_accountGone');
    const site = await addMarkedSite(address, accountKey, context.env.hasPermission, context.env.now());
    await context.onStateChanged();
    return site;
  },

  'hedge/remove-marked-site': async (intent, context) => {
    await removeMarkedSite(requireString(intent.origin, 'bg_needsServerAddress'));
    await context.onStateChanged();
    return null;
  },
};
