/**
 * Writes new text into the existing text nodes under `root`, as React does when it renders
 * another account into the same elements (Mastodon 4.5's profile header, moving from one profile
 * to the next): no node is added or removed, only each text node's data changes.
 */
export function rewriteText(root: Element | null, replacements: Record<string, string>): void {
  if (root === null) throw new Error('nothing to rewrite');
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode() as Text | null; node !== null; node = walker.nextNode() as Text | null) {
    const replacement = replacements[node.data];
    if (replacement !== undefined) node.data = replacement;
  }
}
