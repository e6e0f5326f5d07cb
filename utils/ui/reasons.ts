/**
 * Labels and comments of a planned block, shown once. Lists such as Garden
 * Fence and IFTAS DNI write their tags into the comment column, and Hedge reads
 * the labels from that same text (utils/core/lists/labels.ts), so a row would
 * otherwise say "hate-speech, spam" twice.
 */
import { labelsFromComment } from '../core/lists/labels';

/** The comments that say more than `labels` already do, in their order. */
export function commentsAddingToLabels(labels: readonly string[], comments: readonly string[]): string[] {
  const known = new Set(labels.map((label) => label.toLowerCase()));
  return comments.filter((comment) => {
    const text = comment.trim().toLowerCase();
    if (text === '' || known.has(text)) return false;
    const tags = labelsFromComment(comment);
    // Prose yields no tags and always adds something; a tag list adds only tags not yet shown.
    return tags.length === 0 || tags.some((tag) => !known.has(tag));
  });
}
