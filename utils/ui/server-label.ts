/**
 * The server's software and version as Options › Accounts names it. Mastodon's version is shown
 * in the UI language's sentence (`accountDetails`); the others by their own names: Akkoma and
 * Pleroma describe themselves inside a Mastodon version (`2.7.2 (compatible; Akkoma 3.15.2)`,
 * docs/other-servers.md), and GoToSocial gives its own version alone.
 */
import type { AccountView } from '../protocol';

const NAMES = { akkoma: 'Akkoma', pleroma: 'Pleroma', gotosocial: 'GoToSocial' } as const;

/** `Akkoma 3.15.2` for another server's account; null for Mastodon's (and accounts from before Hedge told them apart). */
export function otherServerLabel(account: Pick<AccountView, 'software' | 'serverVersion'>): string | null {
  if (account.software === undefined) return null;
  const named = /\(compatible; ([^)]+)\)\s*$/.exec(account.serverVersion)?.[1];
  return named ?? `${NAMES[account.software]} ${account.serverVersion}`.trim();
}
