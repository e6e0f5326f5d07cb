import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseList } from '../../../utils/core/lists/index';
import { commentsAddingToLabels } from '../../../utils/ui/reasons';

const LISTS = join(import.meta.dirname, '../../fixtures/lists');

describe('commentsAddingToLabels', () => {
  it.each([
    // Garden Fence's public_comment is its tags: the labels say it all.
    ['gardenfence-mastodon.csv', '5dollah.click', ['anti-lgbtq', 'harassment', 'hate-speech', 'racism', 'spam'], []],
    // IFTAS DNI 2024 writes "IFTAS:CSAM"; the label is read from it in lowercase.
    ['iftas-dni-2024-06.csv', '9yo.punipoka.pink', ['iftas:csam'], []],
    // IFTAS DNI 2026 as Oliphant mirrors it: two tags after one prefix.
    ['oliphant-mirror-iftas-dni-2026-02.csv', '13bells.com', ['iftas:hate-speech', 'iftas:online-harassment'], []],
  ])('%s: %s shows its labels and no comment repeating them', (file, domain, labels, comments) => {
    const entry = parseList(readFileSync(join(LISTS, file), 'utf8')).entries.find((candidate) => candidate.domain === domain)!;
    expect(entry.labels).toEqual(labels);
    expect(entry.comment).toBeDefined();
    expect(commentsAddingToLabels(entry.labels, entry.comment ? [entry.comment] : [])).toEqual(comments);
  });

  it.each([
    [['spam'], ['Look-alike of apple.com'], ['Look-alike of apple.com']],
    [[], ['hate speech, reply guys'], ['hate speech, reply guys']],
    [['spam'], ['spam, bots'], ['spam, bots']],
    [['spam'], ['Spam'], []],
    [['spam', 'bots'], ['bots, spam', 'Mass mentions.'], ['Mass mentions.']],
    [[], ['  '], []],
  ])('labels %j with comments %j → %j', (labels, comments, shown) => {
    expect(commentsAddingToLabels(labels, comments)).toEqual(shown);
  });
});
