import { useId } from 'preact/hooks';
import type { LostAccount } from '../utils/core/lost-accounts';
import { isWebUrl } from '../utils/core/lost-accounts';
import { t, tCount, uiLanguage } from '../utils/i18n/translate';
import { formatDateTime } from '../utils/ui/format';
import type { KeyedLostGroup } from '../utils/ui/lost-groups';
import { DomainName } from './DomainName';
import './LostAccounts.css';

/** Up to this many people in all, every domain opens by itself; beyond, each is a click away. */
const OPEN_UP_TO = 12;

interface LostAccountsProps {
  groups: readonly KeyedLostGroup[];
  /** The list's name: "Whom you would lose" before a block, "Whom these blocks cut" after. */
  title: string;
}

/**
 * Whom a block cuts, by name and grouped by domain: the accounts the user
 * follows there and the ones there who follow them, each with its picture,
 * display name and handle, linked to the profile. Mastodon removes both sides
 * when the user blocks a domain (app/services/after_block_domain_from_account_service.rb).
 *
 * Display names are the server's text, custom emoji as `:shortcode:`, and show
 * as text; links and pictures are `http(s)` addresses only. Pictures come from
 * the user's own server, which serves remote accounts' media from its cache,
 * and are asked for without a referrer.
 */
export function LostAccounts({ groups, title }: LostAccountsProps) {
  if (groups.length === 0) return null;
  const language = uiLanguage();
  const people = groups.reduce((sum, group) => sum + group.followingCount + group.followersCount, 0);
  const headingId = useId();
  return (
    <section class="lost-accounts stack" aria-labelledby={headingId}>
      <h3 id={headingId} class="lost-accounts__title no-margin">
        {title}
      </h3>
      {groups.map((group) => (
        <details key={group.key} class="lost-accounts__group" open={people <= OPEN_UP_TO}>
          <summary>
            <DomainName domain={group.domain} />
            {group.takenAt === undefined ? null : <span class="muted"> · {formatDateTime(group.takenAt, language)}</span>}
            <span class="muted"> · {counts(group)}</span>
          </summary>
          <Side label={t('lostYouFollow')} accounts={group.following} count={group.followingCount} />
          <Side label={t('lostFollowYou')} accounts={group.followers} count={group.followersCount} />
        </details>
      ))}
    </section>
  );
}

function counts(group: KeyedLostGroup): string {
  const parts = [
    ...(group.followingCount > 0 ? [tCount('lostFollowingCount', group.followingCount)] : []),
    ...(group.followersCount > 0 ? [tCount('lostFollowersCount', group.followersCount)] : []),
  ];
  return parts.join(' · ');
}

function Side({ label, accounts, count }: { label: string; accounts: readonly LostAccount[]; count: number }) {
  if (count === 0) return null;
  const rest = count - accounts.length;
  return (
    <div class="lost-accounts__side">
      <div class="lost-accounts__label">{label}</div>
      <ul class="lost-accounts__list">
        {accounts.map((account) => (
          <li key={account.acct}>
            <AccountLine account={account} />
          </li>
        ))}
        {rest > 0 ? <li class="muted lost-accounts__more">{tCount('andMore', rest)}</li> : null}
      </ul>
    </div>
  );
}

function AccountLine({ account }: { account: LostAccount }) {
  const picture =
    account.avatar !== undefined && isWebUrl(account.avatar) ? (
      <img class="lost-account__avatar" src={account.avatar} alt="" width={24} height={24} loading="lazy" referrerpolicy="no-referrer" />
    ) : (
      <span class="lost-account__avatar lost-account__avatar--none" aria-hidden="true" />
    );
  const name = account.displayName.trim();
  const text = (
    <>
      {name ? <bdi class="lost-account__name">{name}</bdi> : null}{' '}
      <span class="lost-account__handle" dir="ltr">
        @{account.acct}
      </span>
    </>
  );
  return (
    <span class="lost-account">
      {picture}
      {isWebUrl(account.url) ? (
        <a href={account.url} target="_blank" rel="noopener noreferrer">
          {text}
        </a>
      ) : (
        <span>{text}</span>
      )}
    </span>
  );
}
