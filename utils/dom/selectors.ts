/**
 * Every Mastodon selector the content script relies on, in one place, each
 * beside the markup it was checked against.
 *
 * Checked against (the tests run every selector over each):
 * - 4.2, 4.3: tests/fixtures/mastodon-dom, hand-derived from the JSX/TSX of
 *   v4.2.0 and v4.3.0;
 * - 4.5 (4.5.15), 4.6 (4.6.5) and glitch (glitch-soc 4.6.5, its "glitch"
 *   flavour): tests/fixtures/mastodon-dom/captured, pages the real web clients
 *   of tests/fixtures/mastodon-web rendered (scripts/capture-mastodon-markup.ts);
 * - masto-fe (the Mastodon front end Akkoma and Pleroma serve at /web): tests/fixtures/masto-fe,
 *   hand-derived from its glitch flavour (tests/unit/masto-fe-marks.test.ts states what is found).
 * Where a selector differs between versions, every form is listed. Upstream
 * files are under app/javascript/mastodon/ of mastodon/mastodon, glitch-soc's
 * under app/javascript/flavours/glitch/ of glitch-soc/mastodon. 4.6 styles
 * some components with CSS modules whose class names come from the file and
 * the rule (`_comp_account_header__name`); they are the same in every 4.6.5
 * build and in glitch-soc's.
 */

/** The web app's mount point and its server-rendered initial state (app/views/shared/_web_app.html.haml). */
export const APP_ROOT = 'div#mastodon';
export const INITIAL_STATE = 'script#initial-state';

/**
 * A profile link as every version renders it: `href="/@user"` (local) or
 * `href="/@user@domain"` (remote, Unicode domain). Status permalinks
 * (`/@user/123`) and profile tabs (`/@user/followers`) fail the path test.
 * Checked: 4.2, 4.3 (account_link_counts in expected.json), 4.5, 4.6, glitch
 * (notification avatars, account lists, mentions).
 */
export const PROFILE_LINK = 'a[href^="/@"]';
/**
 * glitch: authors, boosters, notification labels, hover cards, account cards and the
 * focused post link to the account's own page (`Permalink`, flavours/glitch/components/permalink.jsx:
 * `href` = the account's `url`, e.g. `https://www.threads.net/@bob`), so their acct is read from
 * `title` (`@bob@threads.net`; `demo` on account cards) or, where there is none (hover card,
 * focused post), the `.display-name__account` text inside. Checked: glitch.
 */
export const PERMALINK = 'a.permalink';
/**
 * masto-fe (Akkoma's and Pleroma's Mastodon front end, a 2023 glitch-soc; tests/fixtures/masto-fe):
 * a post's author link is a plain `a.status__display-name`, the focused post's a plain
 * `a.detailed-status__display-name`, each with the account's `url` as `href`
 * (flavours/glitch/components/status_header.jsx, features/status/components/detailed_status.jsx),
 * so, as for a permalink, the acct is read from the `.display-name__account` inside. One
 * attribute test takes both classes, as they are the whole `class` there (the content script's
 * byte budget has no room for two). The boost line's link of the same class holds no acct and is skipped.
 */
export const MASTO_FE_AUTHOR_LINK = 'a[class$=s__display-name]';
/** Every link that may name an account. */
export const ACCOUNT_LINK = `${PROFILE_LINK}, ${PERMALINK}, ${MASTO_FE_AUTHOR_LINK}`;
/** The acct a display name shows (`@bob@threads.net`, `@alice`). Checked: 4.2 to 4.6, glitch. */
export const DISPLAY_NAME_ACCOUNT = '.display-name__account';

/** `^/@user(@domain)?$`: the path of a profile link (mastodon-facts.md, "What holds across versions"). */
export const PROFILE_PATH_RE = /^\/@([^/@\s]+)(?:@([^/@\s]+))?\/?$/;

/**
 * Posts. `.status[data-id]` is the displayed post in timelines, threads and
 * notifications (components/status.jsx, 4.2 to 4.6, glitch). The detailed status is
 * the focused post of a thread (features/status/components/detailed_status.jsx; 4.5, 4.6, glitch).
 * 4.5+ quote posts: the quoted post is a `.status` nested (in `.status__quote`) inside the quoting one.
 */
export const STATUS = '.status';
export const DETAILED_STATUS = '.detailed-status';
/** Any post, in a timeline or focused. */
export const POST = `${STATUS}, ${DETAILED_STATUS}`;
/**
 * Links in a post's text: `.status__content` holds the text on every version (components/status_content.jsx,
 * 4.2 to 4.6, glitch). The client shortens a link's text with `.invisible` and `.ellipsis` spans, so a link
 * is read by its `href`. Checked: 4.2 to 4.6, glitch (mentions and hashtags in the fixtures; a list link in tests/e2e/shared-list.spec.ts).
 */
export const POST_TEXT_LINK = '.status__content a';
/** The post header holding the author link; 4.2 to 4.6 (`.status__info`; glitch a `header.status__info`); Hedge's notice goes after it. */
export const STATUS_INFO = '.status__info';
/**
 * The author link: 4.2 `a.status__display-name[title="acct"][target=_blank]`,
 * 4.3 the same plus `data-hover-card-account`, 4.5 and 4.6 a router `Link` with
 * `title="@acct"`, glitch `a.permalink.status__display-name[title="@acct"]`, masto-fe a plain
 * `a.status__display-name[href=<account url>]` (also its boost line's link, {@link MASTO_FE_AUTHOR_LINK}).
 * Detailed status: `a.detailed-status__display-name` (glitch: a permalink without title).
 */
export const AUTHOR_LINK = 'a.status__display-name, a.detailed-status__display-name';
/**
 * The line above a post: boosts ("X boosted"), self-replies (4.2 "Replied to",
 * 4.3+ "Replied to X" / "Continued thread") and "Pinned post". Only a boost
 * names an account that is not the author, so the icon decides. 4.2 to 4.6; glitch an `aside`.
 */
export const STATUS_PREPEND = '.status__prepend';
/** 4.2 `i.fa-retweet`, 4.3 to 4.6 and glitch `svg.icon-retweet` (material icon named after the old one). */
export const BOOST_ICON = '.fa-retweet, .icon-retweet';

/**
 * Account cards: 4.2 to 4.6 and glitch `.account` (components/account.jsx; 4.5 components/account/index.tsx
 * adds `.account__info-wrapper`), whose name link is the card's account; 4.6 and glitch list followers and
 * follows in `._comp_account_list_item__wrapper` (components/account_list_item), whose one link is the name.
 */
export const ACCOUNT_CARD = '.account, ._comp_account_list_item__wrapper';
export const ACCOUNT_CARD_NAME = 'a.account__display-name';
/** The home timeline's "Who to follow" carousel (4.3+ features/home_timeline/components/inline_follow_suggestions.jsx). */
export const SUGGESTION_CARD = '.inline-follow-suggestions__body__scrollable__card';
/** The avatar half of a suggestion card; its name half holds the acct text. */
export const SUGGESTION_CARD_AVATAR = '.inline-follow-suggestions__body__scrollable__card__avatar';

/** Notifications, 4.2 (features/notifications/components/notification.jsx): `bdi > a.notification__display-name`. */
export const NOTIFICATION_ACTOR_LINK = 'a.notification__display-name';
/**
 * Notifications, 4.3 to 4.6 and glitch (features/notifications_v2/components/notification_group_with_status.tsx):
 * actors are avatar links in `.notification-group__avatar-group` (4.5+ `.avatar-group`) and the first
 * one again in the label (glitch: a permalink). The embedded post (`.notification-group__embedded-status`) names no actor.
 */
export const NOTIFICATION_GROUP = '.notification-group';
export const NOTIFICATION_GROUP_EXCLUDED = '.notification-group__embedded-status, .status';
/**
 * Notifications about one post (mention, new post, edit, quote), 4.3 to 4.6 and glitch notification_with_status.tsx:
 * `.notification-ungrouped__header` holds an icon and a label; later versions put the actor's
 * `LinkedDisplayName` in the label ("{name} quoted your post"). The post below has its own author link.
 */
export const NOTIFICATION_UNGROUPED_HEADER = '.notification-ungrouped__header';

/**
 * Hover cards (4.3 to 4.6 and glitch, components/hover_card_controller.tsx), portalled to `<body>`:
 * `#hover-card.hover-card > a.hover-card__name`; the controller reuses the card for the next account.
 */
export const HOVER_CARD = '.hover-card';
export const HOVER_CARD_NAME = 'a.hover-card__name';

/**
 * Profile header, the element Hedge marks, and the acct in it. 4.2 (features/account/components/header.jsx)
 * `.account__header__tabs__name > h1 > small > span` = `@user@domain`; 4.3 to 4.5 `small > span` =
 * `@user` + `span.invisible` `@domain`, then `button.account__domain-pill`. 4.6 and glitch
 * (features/account_timeline/components/account_header, CSS modules): `._comp_account_header__nameWrapper`
 * holds the name and `button._comp_account_header__handleHelpButton` = `@user@domain`. The client may
 * write another account's name into the same elements when the user moves from one profile to the next
 * (seen on 4.5), so the header is read again whenever its text changes.
 */
export const PROFILE_HEADER = '.account__header__tabs__name, ._comp_account_header__nameWrapper';
export const PROFILE_HEADER_ACCT = 'small > span, ._comp_account_header__handleHelpButton';

/** Everything {@link findAccounts} starts from. */
export const ACCOUNT_CANDIDATES = `${ACCOUNT_LINK}, ${PROFILE_HEADER}`;
