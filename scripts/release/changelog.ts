/**
 * CHANGELOG.md: what changed for users in each version. Its sections are headed
 * `## Unreleased` (changes on the way, optional) and `## <version> - <YYYY-MM-DD>`,
 * newest first, as Keep a Changelog lays them out (keepachangelog.com/en/1.1.0).
 *
 * The version itself lives in package.json alone: WXT writes it into both manifests
 * (`version`, from package.json's `version` unless wxt.config.ts sets one, which it
 * does not: tests/unit/changelog.test.ts). `npm run zip` refuses to build store zips
 * whose version has no dated entry here (scripts/release/check-version.ts), and the
 * zips' entries carry that date (scripts/release/zip-stamp.ts).
 */

/** One section of the changelog. */
export interface ChangelogEntry {
  /** `0.1.0`, or `Unreleased`. */
  version: string;
  /** `YYYY-MM-DD`; absent for Unreleased or when the heading has none. */
  date?: string;
  /** The section's text without its heading, trimmed. */
  body: string;
}

export const UNRELEASED = 'Unreleased';

/** `## 0.1.0 - 2026-12-04`, `## [0.1.0] – 2026-12-04`, `## Unreleased`, `## [Unreleased]`. */
const HEADING = /^## +\[?([^\]\s]+)\]?(?: +[-–—] +(\S+))?\s*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The sections of a changelog, in the order they appear (newest first). */
export function parseChangelog(text: string): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  let current: { version: string; date?: string; lines: string[] } | null = null;
  const close = () => {
    if (current) entries.push({ version: current.version, ...(current.date ? { date: current.date } : {}), body: current.lines.join('\n').trim() });
  };
  for (const line of text.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      close();
      current = { version: heading[1]!, ...(heading[2] ? { date: heading[2] } : {}), lines: [] };
    } else if (line.startsWith('## ')) {
      close();
      current = { version: line.slice(3).trim(), lines: [] };
    } else {
      current?.lines.push(line);
    }
  }
  close();
  return entries;
}

/** Whether `date` is a real calendar day written `YYYY-MM-DD`. */
function isCalendarDate(date: string): boolean {
  const match = ISO_DATE.exec(date);
  if (!match) return false;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.toISOString().startsWith(date);
}

/**
 * Why the changelog and the version disagree, in words, or null when they agree: the
 * newest released section must be `version`'s, dated, and say something.
 */
export function versionProblem(version: string, changelog: string): string | null {
  const released = parseChangelog(changelog).filter((entry) => entry.version.toLowerCase() !== UNRELEASED.toLowerCase());
  const entry = released.find((candidate) => candidate.version === version);
  const fix = `Add a section "## ${version} - YYYY-MM-DD" at the top of CHANGELOG.md (below "## ${UNRELEASED}", if there is one) that says what changed for users, or change "version" in package.json.`;
  if (!entry) {
    const newest = released[0];
    return newest
      ? `package.json says version ${version}, which the manifests take, but CHANGELOG.md's newest version is ${newest.version} and it has no section for ${version}. ${fix}`
      : `CHANGELOG.md has no section for version ${version}, the version in package.json that the manifests take. ${fix}`;
  }
  if (released[0] !== entry) {
    return `CHANGELOG.md has a section for ${released[0]!.version} above the one for ${version}, the version in package.json: the newest released version must be the one being packed. Raise "version" in package.json to ${released[0]!.version}, or move that section under "## ${UNRELEASED}".`;
  }
  if (entry.date === undefined) {
    return `CHANGELOG.md's section for ${version} has no date: write its heading as "## ${version} - YYYY-MM-DD", with the day it is released.`;
  }
  if (!isCalendarDate(entry.date)) {
    return `CHANGELOG.md's section for ${version} is dated "${entry.date}", which is not a day written YYYY-MM-DD (for example 2026-12-04).`;
  }
  if (entry.body === '') {
    return `CHANGELOG.md's section for ${version} is empty: say what changed for users in this version.`;
  }
  return null;
}

/** The release day of `version` in the changelog, as midnight UTC; throws when there is none. */
export function releaseDate(version: string, changelog: string): Date {
  const problem = versionProblem(version, changelog);
  if (problem) throw new Error(problem);
  const entry = parseChangelog(changelog).find((candidate) => candidate.version === version)!;
  return new Date(`${entry.date}T00:00:00Z`);
}
