/**
 * Before the Firefox specs: Firefox ESR is there (installed from Debian when missing and we are
 * root), and the Firefox end-to-end build is fresh, so the specs never test an old build.
 */
import { buildExtension } from '../../scripts/build';
import { ensureFirefox } from '../../scripts/firefox';

export default function setup(): void {
  console.log(`Firefox specs: using ${ensureFirefox()}`);
  buildExtension('e2e', 'firefox');
}
