/**
 * The store listings' text: read from docs/store/listing.<lang>.md, checked against the limits of
 * the Chrome Web Store and addons.mozilla.org and against the manifest's permissions, and laid out
 * as the files a person pastes into each store's dashboard (docs/store/<lang>/).
 *
 * A listing file has one `## ` section per field (Tile, Description, Single purpose, Permissions,
 * Remote code, Data use, and, in English, Notes for reviewers); Permissions has one `### ` section
 * per API permission and one for host access. The short description is not in it: it is the
 * manifest's `extDescription` (public/_locales/<lang>/messages.json), which the Chrome Web Store
 * shows as the summary, so both always say the same.
 */

/** The languages Hedge's listing and interface are written in (public/_locales). */
export const LISTING_LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type ListingLanguage = (typeof LISTING_LANGUAGES)[number];

/**
 * Limits, in characters (Unicode code points). The summary: Chrome's manifest `description` and the
 * store's summary (developer.chrome.com/docs/extensions/reference/manifest/description), within
 * AMO's 250. The description: the Chrome Web Store's 16,000. Single purpose and each justification:
 * the Chrome Web Store's privacy practices fields, 1,000 each. The tile: what fits on the
 * 440×280 promotional tile in two lines beside the icon (scripts/release/store-images.ts).
 */
export const LIMITS = { summary: 132, description: 16_000, field: 1_000, tile: 40 } as const;

/** The `### ` section that justifies the optional host access. */
export const HOST_ACCESS = 'Host access';

const REQUIRED_SECTIONS = ['Tile', 'Description', 'Single purpose', 'Permissions', 'Remote code', 'Data use'] as const;

/** One language's listing. */
export interface Listing {
  language: string;
  summary: string;
  tile: string;
  description: string;
  singlePurpose: string;
  /** Permission (or {@link HOST_ACCESS}) → why, in the order written. */
  permissions: Array<[string, string]>;
  remoteCode: string;
  dataUse: string;
  reviewerNotes?: string;
}

/** The number of characters a store counts: code points, so that Japanese counts as written. */
export function characterCount(text: string): number {
  return [...text].length;
}

/** `## ` sections of a Markdown text (the title and the text before the first section left out), trimmed. */
export function sections(markdown: string, level: 2 | 3 = 2): Map<string, string> {
  const marker = `${'#'.repeat(level)} `;
  const found = new Map<string, string>();
  let name: string | null = null;
  let lines: string[] = [];
  const close = () => {
    if (name !== null) found.set(name, lines.join('\n').trim());
  };
  for (const line of markdown.split(/\r?\n/)) {
    const isHeading = line.startsWith(marker) || (level === 3 && line.startsWith('## '));
    if (isHeading) {
      close();
      name = line.startsWith(marker) ? line.slice(marker.length).trim() : null;
      lines = [];
    } else {
      lines.push(line);
    }
  }
  close();
  return found;
}

/** Chinese, Japanese and Korean characters, which are written without spaces between words. */
const CJK = /[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** A wrapped line joined to the next: with a space, or without one between two CJK characters. */
function joinLines(text: string): string {
  return text.replace(/\s*\n\s*/g, (_break, offset: number) => {
    const before = text.slice(0, offset).trimEnd().slice(-1);
    const after = text.slice(offset).trimStart().charAt(0);
    return CJK.test(before) && CJK.test(after) ? '' : ' ';
  });
}

/** Paragraphs joined into lines: the stores show plain text, where a line break inside a paragraph would show. */
export function plainText(markdown: string): string {
  const blocks = markdown.split(/\n\s*\n/).map((block) => {
    const items = block.split(/\n(?=- )/);
    return items.map((item) => joinLines(item).trim()).join('\n');
  });
  return blocks.join('\n\n').trim();
}

/**
 * A listing read from its file, or the problems that keep it from the stores, each in words.
 * @param markdown - docs/store/listing.<language>.md.
 * @param summary - the manifest's `extDescription` in that language.
 * @param permissions - the manifest's `permissions`; `hasHostAccess` when it has optional host permissions.
 */
export function readListing(language: string, markdown: string, summary: string, permissions: readonly string[], hasHostAccess: boolean): { listing: Listing; problems: string[] } {
  const file = `docs/store/listing.${language}.md`;
  const fields = sections(markdown);
  const problems: string[] = [];
  for (const name of REQUIRED_SECTIONS) if (!fields.get(name)) problems.push(`${file} has no "## ${name}" section, or it is empty.`);
  const text = (name: string) => plainText(fields.get(name) ?? '');
  const justified = [...sections(fields.get('Permissions') ?? '', 3)].map(([name, why]): [string, string] => [name, plainText(why)]);
  const listing: Listing = {
    language,
    summary,
    tile: text('Tile'),
    description: text('Description'),
    singlePurpose: text('Single purpose'),
    permissions: justified,
    remoteCode: text('Remote code'),
    dataUse: text('Data use'),
    ...(fields.get('Notes for reviewers') ? { reviewerNotes: text('Notes for reviewers') } : {}),
  };

  const tooLong = (what: string, value: string, limit: number, room = 'the stores take') => {
    const count = characterCount(value);
    if (count > limit) problems.push(`${what} is ${count} characters long; ${room} at most ${limit}.`);
  };
  tooLong(`The short description (extDescription in public/_locales/${language}/messages.json)`, summary, LIMITS.summary);
  tooLong(`${file}'s Tile`, listing.tile, LIMITS.tile, 'the promotional tile has room for');
  tooLong(`${file}'s Description`, listing.description, LIMITS.description);
  tooLong(`${file}'s Single purpose`, listing.singlePurpose, LIMITS.field);
  tooLong(`${file}'s Remote code`, listing.remoteCode, LIMITS.field);
  tooLong(`${file}'s Data use`, listing.dataUse, LIMITS.field);
  if (summary.trim() === '') problems.push(`The short description (extDescription in public/_locales/${language}/messages.json) is empty.`);

  const wanted = [...permissions, ...(hasHostAccess ? [HOST_ACCESS] : [])];
  const names = justified.map(([name]) => name);
  for (const permission of wanted) if (!names.includes(permission)) problems.push(`${file} does not say why Hedge needs "${permission}": add "### ${permission}" under "## Permissions".`);
  for (const name of names) if (!wanted.includes(name)) problems.push(`${file} justifies "${name}", which the manifest does not ask for: remove it, or check wxt.config.ts.`);
  for (const [name, why] of justified) {
    if (why === '') problems.push(`${file}'s "### ${name}" is empty.`);
    tooLong(`${file}'s justification of "${name}"`, why, LIMITS.field);
  }
  return { listing, problems };
}

/** The files of one language's folder, docs/store/<lang>/, by name. */
export function listingFiles(listing: Listing): Map<string, string> {
  const files = new Map<string, string>([
    ['summary.txt', `${listing.summary}\n`],
    ['description.txt', `${listing.description}\n`],
    [
      'privacy-practices.txt',
      [
        `Single purpose\n\n${listing.singlePurpose}`,
        ...listing.permissions.map(([name, why]) => `Justification: ${name}\n\n${why}`),
        `Remote code\n\n${listing.remoteCode}`,
        `Data use\n\n${listing.dataUse}`,
      ].join('\n\n\n') + '\n',
    ],
  ]);
  if (listing.reviewerNotes) files.set('reviewer-notes.txt', `${listing.reviewerNotes}\n`);
  return files;
}
