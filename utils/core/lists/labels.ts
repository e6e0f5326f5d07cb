/**
 * Machine-readable tags hidden in a list's comment column:
 * - Garden Fence writes tags separated by `", "` in `public_comment`:
 *   `"alt-right, anti-lgbtq, hate-speech"` (gardenfence/blocklist, gardenfence-mastodon.csv);
 * - IFTAS writes `iftas:hate-speech;online-harassment` (2026 DNI) or
 *   `IFTAS:Hate-Speech;Online-Harassment` (2024 DNI, iftas-org/resources DNI/dni.csv);
 * - Oliphant's merged tiers mix both: `"inappropriate, underage, iftas:csam"`.
 * A comment that reads as prose yields no labels; the text itself always stays in `comment`.
 */

const TAG_RE = /^[a-z0-9][a-z0-9_-]{0,47}$/i;
const IFTAS_RE = /^iftas:/i;

/** Lists repeat the same few comments thousands of times: remember the answers (bounded). */
const memo = new Map<string, readonly string[]>();
const MEMO_LIMIT = 20_000;

/** The labels a comment carries, lowercase, without repeats; `[]` for prose or an empty comment. */
export function labelsFromComment(comment: string | undefined): string[] {
  if (comment === undefined || comment === '') return [];
  let labels = memo.get(comment);
  if (labels === undefined) {
    labels = readLabels(comment);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(comment, labels);
  }
  return labels.length === 0 ? [] : labels.slice();
}

function readLabels(comment: string): string[] {
  const text = comment.trim();
  if (text === '') return [];
  const labels: string[] = [];
  for (const part of text.split(',')) {
    const piece = part.trim();
    if (piece === '') continue;
    if (IFTAS_RE.test(piece)) {
      for (const name of piece.slice(6).split(';')) {
        const tag = name.trim().toLowerCase();
        if (!TAG_RE.test(tag)) return [];
        pushUnique(labels, `iftas:${tag}`);
      }
      continue;
    }
    if (!TAG_RE.test(piece)) return [];
    pushUnique(labels, piece.toLowerCase());
  }
  return labels;
}

/** Tags given as an array (RapidBlock `tags`), lowercase, trimmed, without repeats. */
export function labelsFromArray(tags: unknown): string[] {
  if (!Array.isArray(tags)) return [];
  const labels: string[] = [];
  for (const tag of tags) {
    if (typeof tag !== 'string') continue;
    const clean = tag.trim().toLowerCase();
    if (clean !== '') pushUnique(labels, clean);
  }
  return labels;
}

function pushUnique(labels: string[], label: string): void {
  if (!labels.includes(label)) labels.push(label);
}

/** How many of a list's labels a summary names: enough to tell what the list is about. */
const MOST_USED_LABELS = 12;

/**
 * The labels a list uses, the most frequent first (ties by name), at most
 * `max`: what a subscription or a FIRES dataset is about, at a glance.
 */
export function labelsInUse(entries: ReadonlyArray<{ labels: readonly string[] }>, max = MOST_USED_LABELS): string[] {
  const counts = new Map<string, number>();
  for (const entry of entries) for (const label of entry.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([label]) => label);
}
