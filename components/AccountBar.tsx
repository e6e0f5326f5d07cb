import { useEffect, useState } from 'preact/hooks';
import type { AccountKey, AccountView } from '../utils/protocol';
import { t } from '../utils/i18n/translate';
import './AccountBar.css';

interface AccountBarProps {
  accounts: AccountView[];
  active: AccountView;
  onSwitch: (accountKey: AccountKey) => void;
}

/** The active account (avatar, name, handle), and a switcher when there are several. */
export function AccountBar({ accounts, active, onSwitch }: AccountBarProps) {
  // The avatar comes from the user's server. It is asked for once the popup is on screen: a page
  // loads its pictures before its load event, and the popup must not wait for a remote one.
  const isShown = usePageShown();
  return (
    <div class="account-bar">
      {/* The avatar is decoration: the name and handle beside it say who it is. */}
      <img class="account-bar__avatar" src={isShown ? active.avatarUrl : undefined} alt="" width={40} height={40} />
      <div class="account-bar__names">
        <span class="account-bar__display-name">{active.displayName || active.acct}</span>
        <span class="account-bar__handle" dir="ltr">
          {active.handle}
        </span>
      </div>
      {accounts.length > 1 ? (
        <div class="account-bar__switcher">
          <label for="account-switcher" class="visually-hidden">
            {t('accountSwitch')}
          </label>
          <select id="account-switcher" value={active.key} onChange={(event) => onSwitch((event.target as HTMLSelectElement).value)}>
            {accounts.map((account) => (
              <option key={account.key} value={account.key}>
                {account.handle}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Whether the page has loaded and painted a frame since: the browser shows the popup at its load
 * event, and a picture that arrives before its first frame holds that frame back.
 */
function usePageShown(): boolean {
  const [isShown, setShown] = useState(() => document.readyState === 'complete');
  useEffect(() => {
    if (isShown) return;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const afterNextFrame = (): void => {
      frame = requestAnimationFrame(() => {
        timer = setTimeout(() => setShown(true));
      });
    };
    // The event may have passed between the first render and this effect.
    if (document.readyState === 'complete') afterNextFrame();
    else window.addEventListener('load', afterNextFrame, { once: true });
    return () => {
      window.removeEventListener('load', afterNextFrame);
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return isShown;
}
