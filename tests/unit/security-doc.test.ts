/**
 * docs/SECURITY.md lists every place Hedge stores data. This test reads the
 * sources for every WXT storage item key (`storage.defineItem('local:…')`)
 * and every IndexedDB object store (`createObjectStore('…')`) and fails when
 * the document does not name one, so that a new store cannot go undocumented.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['utils', 'entrypoints', 'components'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `[name, file]` for every match of `pattern`'s first group in the sources. */
function namesIn(pattern: RegExp): Array<[string, string]> {
  return SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(pattern)].map((match): [string, string] => [match[1] ?? '', relative(ROOT, file)]),
  );
}

// `defineItem<T>('local:key'` where T may span lines and hold parentheses; the key is the first string argument.
const ITEM_KEY = /defineItem\b[\s\S]*?\(\s*['"`]((?:local|session|sync|managed):[^'"`]+)['"`]/g;
const OBJECT_STORE = /createObjectStore\(\s*['"`]([^'"`]+)['"`]/g;

const doc = readFileSync(join(ROOT, 'docs', 'SECURITY.md'), 'utf8');

describe('docs/SECURITY.md names every store', () => {
  const items = namesIn(ITEM_KEY);
  const stores = namesIn(OBJECT_STORE);

  it('finds the stores it checks (the patterns still match the code)', () => {
    expect(items.map(([key]) => key)).toContain('session:pageBlockConfirmations');
    expect(items.map(([key]) => key)).toContain('local:accounts');
    expect(stores.map(([name]) => name)).toContain('secrets');
    expect(stores.map(([name]) => name)).toContain('lists');
  });

  it.each(items)('storage item %s (%s)', (key, file) => {
    expect(doc, `${key}, defined in ${file}, is not in docs/SECURITY.md`).toContain(`\`${key}\``);
  });

  it.each(stores)('IndexedDB object store %s (%s)', (name, file) => {
    expect(doc, `the object store ${name}, created in ${file}, is not in docs/SECURITY.md`).toMatch(new RegExp(`IndexedDB \`[^\`]+\` › \`${name}\``));
  });

  it('does not say that storage.session holds nothing', () => {
    expect(doc).not.toMatch(/storage\.session` holds nothing/);
  });
});
