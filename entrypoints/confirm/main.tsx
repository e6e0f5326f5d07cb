// Hedge's window that confirms a block asked for on a Mastodon page (utils/background/page-block-window.ts).
import '../../components/theme.css';
import { render } from 'preact';
import { sendIntent } from '../../utils/protocol';
import { t, uiLanguage } from '../../utils/i18n/translate';
import { PageBlockConfirm } from '../../components/PageBlockConfirm';

const planId = new URLSearchParams(window.location.search).get('plan') ?? '';
document.documentElement.lang = uiLanguage();
document.title = t('confirmPageBlockWindowTitle');
render(<PageBlockConfirm planId={planId} send={sendIntent} onClose={() => window.close()} />, document.getElementById('app')!);
