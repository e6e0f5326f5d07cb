// The theme's base rules come first, so that the components' own rules of the same weight win.
import '../../components/theme.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onStateChanged, sendIntent, type HedgeState } from '../../utils/protocol';
import { requestInstancePermission } from '../../utils/permissions/instance-permission';
import { t, uiLanguage } from '../../utils/i18n/translate';
import { isOptionsSection, OptionsApp, type OptionsSection } from '../../components/OptionsApp';
import { SUBSCRIBE_PARAM } from '../../utils/core/shared-list-link';

function copyText(text: string): Promise<void> {
  return navigator.clipboard.writeText(text);
}

function sectionFromHash(): OptionsSection {
  const hash = window.location.hash.slice(1);
  return isOptionsSection(hash) ? hash : 'lists';
}

function OptionsPage() {
  const [state, setState] = useState<HedgeState | null>(null);
  const [section, setSection] = useState<OptionsSection>(sectionFromHash);
  // "Subscribe with Hedge" on a Mastodon post opens this page with the list's address; Lists asks about it.
  const [offeredList, setOfferedList] = useState(() => new URLSearchParams(window.location.search).get(SUBSCRIBE_PARAM));

  useEffect(() => {
    const stop = onStateChanged(setState);
    void sendIntent({ type: 'hedge/get-state' }).then((reply) => {
      if (reply.ok) setState(reply.value);
      else console.warn('Hedge: no state from the background', reply.error.message);
    });
    const onHash = (): void => setSection(sectionFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      stop();
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  function changeSection(next: OptionsSection): void {
    history.replaceState(null, '', `#${next}`);
    setSection(next);
  }

  function closeOffer(): void {
    // A reload after the answer must not ask again.
    history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
    setOfferedList(null);
  }

  return (
    <OptionsApp
      state={state}
      send={sendIntent}
      requestPermission={requestInstancePermission}
      copyText={copyText}
      section={section}
      onSectionChange={changeSection}
      offeredList={offeredList}
      onOfferClosed={closeOffer}
    />
  );
}

document.documentElement.lang = uiLanguage();
document.title = t('optionsTitle');
render(<OptionsPage />, document.getElementById('app')!);
