/**
 * What Hedge may offer on the account's server beyond the Mastodon API calls every supported
 * server shares. Pleroma and Akkoma have no Mastodon import page (`/settings/import`): their
 * router sends that path to the front end's page (docs/other-servers.md), so neither the
 * importer nor the `blocked_domains.csv` file can be used there. And a personal domain block there
 * only adds the domain to the user's list (lib/pleroma/user.ex `block_domain`): follows and
 * followers on it stay, and posts of followed accounts still show.
 */
import type { StoredAccount } from '../db/accounts';
import { detectServerSoftware, type ServerSoftware } from '../core/server-software';
import { t } from '../i18n/translate';
import { ReplyError } from './reply-error';

const SOFTWARE_NAMES = { pleroma: 'Pleroma', akkoma: 'Akkoma' } as const;

/**
 * What the account's server runs: as stored at sign-in, or, for an account signed in before Hedge
 * kept it, as its stored version says (a GoToSocial account could be signed in then).
 */
export function softwareOf(account: StoredAccount): ServerSoftware {
  return account.software ?? detectServerSoftware({ version: account.serverVersion });
}

/** Whether the account's server has Mastodon's import page: previews offer the importer and its file only there. */
export function hasMastodonImporter(account: StoredAccount): boolean {
  const software = softwareOf(account);
  return software !== 'pleroma' && software !== 'akkoma';
}

/** Throws a `ReplyError` in words when the account's server has no Mastodon importer (a preview made before, a page out of date). */
export function requireMastodonImporter(account: StoredAccount): void {
  const software = softwareOf(account);
  if (software === 'pleroma' || software === 'akkoma') {
    throw new ReplyError('denied', t('bg_importerMastodonOnly', new URL(account.origin).host, SOFTWARE_NAMES[software]));
  }
}

/** Whether a personal domain block cuts the follows and followers on that domain: on Mastodon only. */
export function blockCutsRelationships(account: StoredAccount): boolean {
  const software = softwareOf(account);
  return software !== 'pleroma' && software !== 'akkoma';
}
