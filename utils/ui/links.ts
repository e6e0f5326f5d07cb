/** Addresses the pages link to. */

/** The project's repository; also the website Hedge registers as an app (utils/mastodon/oauth.ts). */
export const PROJECT_URL = 'https://github.com/hedge-extension/hedge';

/** The privacy policy, docs/PRIVACY.md, as the repository shows it. */
export const PRIVACY_POLICY_URL = `${PROJECT_URL}/blob/main/docs/PRIVACY.md`;
