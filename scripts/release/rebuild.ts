/** The pure parts of the rebuild check (scripts/release/check-rebuild.ts): reading the instructions, comparing files. */

/** The commands of each ```sh block of a Markdown text, in order; blank lines and `#` comments left out. */
export function shellBlocks(markdown: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    if (current === null) {
      if (/^```(sh|bash|shell)\s*$/.test(line)) current = [];
    } else if (/^```\s*$/.test(line)) {
      blocks.push(current);
      current = null;
    } else if (line.trim() !== '' && !line.trim().startsWith('#')) {
      current.push(line.trim());
    }
  }
  return blocks;
}

/** How a built folder compares with the files of a zip. */
export interface FileComparison {
  isSame: boolean;
  /** In the zip, not built. */
  missing: string[];
  /** Built, not in the zip. */
  extra: string[];
  /** In both, with other bytes. */
  different: string[];
  /** Of `different`, the built files that hold one of the paths looked for. */
  pathsInside: string[];
}

/**
 * Compares `expected` (the submitted zip's files) with `actual` (the rebuilt folder's), by name and bytes.
 * @param paths - absolute paths (the build folders) whose presence in a differing built file explains the difference.
 */
export function compareFiles(expected: ReadonlyMap<string, Uint8Array>, actual: ReadonlyMap<string, Uint8Array>, paths: readonly string[] = []): FileComparison {
  const missing = [...expected.keys()].filter((name) => !actual.has(name)).sort();
  const extra = [...actual.keys()].filter((name) => !expected.has(name)).sort();
  const different = [...expected.keys()].filter((name) => actual.has(name) && !Buffer.from(actual.get(name)!).equals(Buffer.from(expected.get(name)!))).sort();
  const pathsInside = different.filter((name) => {
    const text = Buffer.from(actual.get(name)!).toString('latin1');
    return paths.some((folder) => folder !== '' && text.includes(folder));
  });
  return { isSame: missing.length + extra.length + different.length === 0, missing, extra, different, pathsInside };
}
