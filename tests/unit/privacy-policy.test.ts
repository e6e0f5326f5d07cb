/**
 * docs/PRIVACY.md names the module behind each of its statements: every path it names must exist,
 * and every function it places in a module must be in it, so that moving code cannot leave the
 * policy pointing at nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIVACY_POLICY_URL, PROJECT_URL } from '../../utils/ui/links';

const POLICY_FILE = 'docs/PRIVACY.md';
const policy = readFileSync(POLICY_FILE, 'utf8');

/** Paths into the repository: `utils/…`, `components/…` and the like, and wxt.config.ts. */
const REPO_PATH = /(?<![\w./-])((?:utils|components|entrypoints|scripts|public|tests|docs)\/[\w./-]*\w|wxt\.config\.ts)/g;

/** Markdown links that are not web addresses, relative to docs/. */
const LOCAL_LINK = /\]\((?!https?:|#)([^)\s]+)\)/g;

/** "`signOutAccount` in `utils/background/sign-in.ts`" and "(`readLocalDomain`, `utils/dom/content-script.ts`)". */
const NAME_IN_MODULE = /`(\w+)`(?:\s+in\s+|,\s+)`((?:utils|components|entrypoints)\/[\w./-]+\.tsx?)`/g;

const namedPaths = [...new Set([...policy.matchAll(REPO_PATH)].map((match) => match[1]!))];
const linkedPaths = [...new Set([...policy.matchAll(LOCAL_LINK)].map((match) => path.normalize(path.join('docs', match[1]!))))];
const namesInModules = [...new Set([...policy.matchAll(NAME_IN_MODULE)].map((match) => `${match[1]} ${match[2]}`))].map((pair) => pair.split(' ') as [string, string]);

describe('docs/PRIVACY.md names only what exists', () => {
  it('names modules at all', () => {
    expect(namedPaths.length).toBeGreaterThan(20);
    expect(namesInModules.length).toBeGreaterThan(2);
  });

  it.each(namedPaths)('%s exists', (named) => {
    expect(existsSync(named), `${POLICY_FILE} names ${named}, which is not in the repository: write where that code is now`).toBe(true);
  });

  it.each(linkedPaths)('its link to %s leads to a file', (linked) => {
    expect(existsSync(linked), `${POLICY_FILE} links to ${linked}, which is not in the repository`).toBe(true);
  });

  it.each(namesInModules)('%s is in %s', (name, module) => {
    expect(existsSync(module) && readFileSync(module, 'utf8').includes(name), `${POLICY_FILE} places ${name} in ${module}, which does not have it`).toBe(true);
  });
});

describe('the pages link to this policy', () => {
  it('the options page\'s link is docs/PRIVACY.md in the project\'s repository', () => {
    expect(PRIVACY_POLICY_URL).toBe(`${PROJECT_URL}/blob/main/${POLICY_FILE}`);
    // The website Hedge registers as an app on each server is the same repository.
    expect(readFileSync('utils/mastodon/oauth.ts', 'utf8')).toContain(`CLIENT_WEBSITE = '${PROJECT_URL}'`);
  });

  it('the README links to it', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(`](${POLICY_FILE})`);
  });
});
