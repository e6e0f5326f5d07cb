/**
 * Every Mastodon selector the content script relies on, in one place, each
 * beside the markup it was checked against.
 *
 * Fixtures: tests/fixtures/mastodon-dom (hand-derived from the JSX/TSX of
 * v4.2.0 and v4.3.0; its README also tables what changes in v4.5.0). Where a
 * selector is known to differ between versions, both forms are listed.
 * Upstream files are under app/javascript/mastodon/ of mastodon/mastodon.
 */

/** The web app's mount point and its server-rendered initial state (app/views/shared/_web_app.html.haml). */
export const APP_ROOT = 'div#mastodon';
export const INITIAL_STATE = 'script#initial-state';

/**
 * A profile link as every version renders it: `href="/@user"` (local) or
 * `href="/@user@domain"` (remote, Unicode domain). Status permalinks
 * (`/@user/123`) and profile tabs (`/@user/followers`) fail the path test.
 * Checked: every fixture (account_link_counts in expected.json).
 */
export const PROFILE_LINK = 'a[href^="/@"]';

/** `^/@user(@domain)?$`: the path of a profile link (mastodon-facts.md, "What holds across versions"). */
export const PROFILE_PATH_RE = /^\/@([^/@\s]+)(?:@([^/@\s]+))?\/?$/;

/**
 * Posts. `.status[data-id]` is the displayed post in timelines, threads and
 * notifications (components/status.jsx, 4.2 to 4.5). The detailed status is
 * the focused post of a thread (features/status/components/detailed_status.jsx).
 * 4.5 quote posts: the quoted post is a `.status` nested (in `.status__quote`) inside the quoting one.
 */
export const STATUS = '.status';
export const DETAILED_STATUS = '.detailed-status';
/** Any post, in a timeline or focused. */
export const POST = `${STATUS}, ${DETAILED_STATUS}`;
/** The post header holding the author link; 4.2 to 4.6 (`.status__info`); Hedge's notice goes after it. */
export const STATUS_INFO = '.status__info';
/**
 * The author link: 4.2 `a.status__display-name[title="acct"][target=_blank]`,
 * 4.3 the same plus `data-hover-card-account`, 4.5 a router `Link` with
 * `title="@acct"`. Detailed status: `a.detailed-status__display-name`.
 */
export const AUTHOR_LINK = 'a.status__display-name, a.detailed-status__display-name';
/**
 * The line above a post: boosts ("X boosted"), self-replies (4.2 "Replied to",
 * 4.3+ "Replied to X" / "Continued thread") and "Pinned post". Only a boost
 * names an account that is not the author, so the icon decides.
 */
export const STATUS_PREPEND = '.status__prepend';
/** 4.2 `i.fa-retweet`, 4.3+ `svg.icon-retweet` (material icon named after the old one). */
export const BOOST_ICON = '.fa-retweet, .icon-retweet';

/** Account cards (components/account.jsx; 4.5 components/account/index.tsx adds `.account__info-wrapper`). */
export const ACCOUNT_CARD = '.account';
export const ACCOUNT_CARD_NAME = 'a.account__display-name';
/** The home timeline's "Who to follow" carousel (4.3+ features/home_timeline/components/inline_follow_suggestions.jsx). */
export const SUGGESTION_CARD = '.inline-follow-suggestions__body__scrollable__card';
/** The avatar half of a suggestion card; its name half holds the acct text. */
export const SUGGESTION_CARD_AVATAR = '.inline-follow-suggestions__body__scrollable__card__avatar';

/** Notifications, 4.2 (features/notifications/components/notification.jsx): `bdi > a.notification__display-name`. */
export const NOTIFICATION_ACTOR_LINK = 'a.notification__display-name';
/**
 * Notifications, 4.3+ (features/notifications_v2/components/notification_group_with_status.tsx):
 * actors are avatar links in `.notification-group__avatar-group` (4.5 `.avatar-group`) and the first
 * one again in the label. The embedded post (`.notification-group__embedded-status`) names no actor.
 */
export const NOTIFICATION_GROUP = '.notification-group';
export const NOTIFICATION_GROUP_EXCLUDED = '.notification-group__embedded-status, .status';
/**
 * Notifications about one post (mention, new post, edit, quote), 4.3+ notification_with_status.tsx:
 * `.notification-ungrouped__header` holds an icon and a label; later versions put the actor's
 * `LinkedDisplayName` in the label ("{name} mentioned you"). The post below has its own author link.
 */
export const NOTIFICATION_UNGROUPED_HEADER = '.notification-ungrouped__header';

/** Hover cards (4.3+ components/hover_card_controller.tsx), portalled to `<body>`: `#hover-card.hover-card > a.hover-card__name`. */
export const HOVER_CARD = '.hover-card';
export const HOVER_CARD_NAME = 'a.hover-card__name';

/**
 * Profile header (features/account/components/header.jsx): 4.2 `.account__header__tabs__name > h1 > small > span`
 * = `@user@domain`; 4.3 to 4.5 `small > span` = `@user` + `span.invisible` `@domain`, then
 * `button.account__domain-pill`. 4.6 moved to hashed CSS-module classes: there the header's `h1` under
 * `.account-timeline__header` is used and the acct comes from the page path.
 */
export const PROFILE_HEADER_NAME = '.account__header__tabs__name';
export const PROFILE_HEADER_FALLBACK = '.account-timeline__header h1';
export const PROFILE_HEADER_ACCT = 'small > span';

/** Everything {@link findAccounts} starts from. */
export const ACCOUNT_CANDIDATES = `${PROFILE_LINK}, ${PROFILE_HEADER_NAME}, ${PROFILE_HEADER_FALLBACK}`;
