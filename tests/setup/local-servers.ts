/**
 * The unit and integration tests read lists from local servers on
 * http://127.0.0.1 and http://localhost, as the end-to-end build does
 * (wxt.config.ts, utils/core/build-flags.ts). Tests of the store build's
 * refusal stub `HEDGE_LOCAL_HTTP` to `refused` themselves.
 */
import { vi } from 'vitest';

vi.stubEnv('HEDGE_LOCAL_HTTP', 'allowed');
