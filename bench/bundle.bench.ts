/**
 * Bundle sizes of the store build, in kB (1,000 bytes) of minified JavaScript, counting every
 * chunk an entry point loads: what a user's browser parses when that part of Hedge starts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BenchFigure } from '../scripts/bench';

const OUTPUT = path.resolve('.output/chrome-mv3');
const IMPORT_PATTERN = /(?:import|from)\s*["'](\.{1,2}\/[^"']+\.js)["']/g;

/** The files an ES module loads, itself included, following relative static imports. */
function moduleClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT_PATTERN)) {
    moduleClosure(path.resolve(path.dirname(file), match[1]!), seen);
  }
  return seen;
}

function kilobytes(files: Iterable<string>): number {
  let bytes = 0;
  for (const file of files) bytes += statSync(file).size;
  return Math.round(bytes / 100) / 10;
}

function pageScripts(html: string): string[] {
  const source = readFileSync(path.join(OUTPUT, html), 'utf8');
  return [...source.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => path.join(OUTPUT, m[1]!.replace(/^\//, '')));
}

export async function run(): Promise<BenchFigure[]> {
  const closure = (entries: string[]) => {
    const all = new Set<string>();
    for (const entry of entries) moduleClosure(entry, all);
    return all;
  };
  return [
    { name: 'content_kb', value: kilobytes(closure([path.join(OUTPUT, 'content-scripts/mastodon.js')])), unit: 'kB', note: 'content script, minified (target < 15)' },
    { name: 'background_kb', value: kilobytes(closure([path.join(OUTPUT, 'background.js')])), unit: 'kB', note: 'service worker with its chunks' },
    { name: 'popup_kb', value: kilobytes(closure(pageScripts('popup.html'))), unit: 'kB', note: 'popup page scripts with their chunks; its styles are inside its script' },
    { name: 'options_kb', value: kilobytes(closure(pageScripts('options.html'))), unit: 'kB', note: 'options page scripts with their chunks' },
  ];
}
