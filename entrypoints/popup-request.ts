import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { askForFirstState } from '@/utils/ui/first-state';

/** Run by popup.html while it is parsed: see utils/ui/first-state.ts. */
export default defineUnlistedScript(() => askForFirstState());
