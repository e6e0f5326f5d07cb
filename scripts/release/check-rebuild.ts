/**
 * Proves that the sources zip rebuilds the Firefox add-on, as addons.mozilla.org's
 * reviewers will try: unpacks `hedge-<version>-sources.zip` into an empty folder, runs
 * the commands that SOURCE-BUILD.md (inside that zip) gives, and compares the result
 * with `hedge-<version>-firefox.zip`, file by file and byte by byte; then runs the
 * instructions' `npm run zip` there and compares the bytes of the three zips it makes.
 *
 *   npx tsx scripts/release/check-rebuild.ts              makes the zips first (`npm run zip`)
 *   npx tsx scripts/release/check-rebuild.ts --existing   checks the zips already in .output/
 *
 * `npm ci` there reuses npm's cache (`prefer-offline`), so it takes a minute or two.
 * The folder is deleted when everything matches and kept, with its path printed, when not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { compareFiles, shellBlocks, type FileComparison } from './rebuild';

const OUTPUT = path.resolve('.output');
const isExisting = process.argv.includes('--existing');

/** The environment of the rebuild: the store build, npm quiet and on its cache. */
function rebuildEnv(): NodeJS.ProcessEnv {
  const { HEDGE_BUILD: _e2e, ...env } = process.env;
  return { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

function fail(message: string): never {
  console.error(`\nThe sources do not rebuild the add-on: ${message}`);
  process.exit(1);
}

function runCommands(commands: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  for (const command of commands) {
    console.log(`\n$ ${command}    (in ${cwd})`);
    const started = Date.now();
    const result = spawnSync('sh', ['-c', command], { cwd, env, stdio: 'inherit' });
    if (result.status !== 0) fail(`\`${command}\` failed (exit ${result.status ?? result.signal}); the folder is kept: ${cwd}`);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

/** Every file under `dir`, by path relative to it with `/`. */
function filesUnder(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [name, bytes] of filesUnder(dir, relative)) files.set(name, bytes);
    else files.set(relative, readFileSync(path.join(dir, relative)));
  }
  return files;
}

async function zipFiles(file: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  return files;
}

function report(comparison: FileComparison, folder: string): string {
  const lines = [
    ...comparison.missing.map((name) => `  ${name}: in the submitted zip, not built`),
    ...comparison.extra.map((name) => `  ${name}: built, not in the submitted zip`),
    ...comparison.different.map((name) => `  ${name}: different bytes${comparison.pathsInside.includes(name) ? ` (it holds the path of the folder it was built in, ${folder}: an absolute path got into the bundle)` : ''}`),
  ];
  return lines.join('\n');
}

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
if (!isExisting) runCommands(['npm run zip'], process.cwd(), rebuildEnv());
const submittedZip = path.join(OUTPUT, `hedge-${version}-firefox.zip`);
const sourcesZip = path.join(OUTPUT, `hedge-${version}-sources.zip`);
for (const file of [submittedZip, sourcesZip]) if (!existsSync(file)) fail(`${file} is missing: run \`npm run zip\` first.`);

const folder = mkdtempSync(path.join(os.tmpdir(), 'hedge-sources-'));
const sources = await zipFiles(sourcesZip);
for (const [name, bytes] of sources) {
  mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
  writeFileSync(path.join(folder, name), bytes);
}
console.log(`Unpacked ${sources.size} files of ${path.basename(sourcesZip)} into ${folder}`);

const instructions = sources.get('SOURCE-BUILD.md');
if (!instructions) fail(`${path.basename(sourcesZip)} has no SOURCE-BUILD.md: a reviewer would not know how to build it.`);
const [buildCommands, zipCommands] = shellBlocks(instructions.toString('utf8'));
if (!buildCommands || !zipCommands) fail('SOURCE-BUILD.md must give two ```sh blocks: the build, then the zip.');

const env = rebuildEnv();
runCommands(buildCommands, folder, env);
const built = path.join(folder, '.output', 'firefox-mv3');
if (!existsSync(built)) fail(`the instructions built nothing in .output/firefox-mv3; the folder is kept: ${folder}`);
const submitted = await zipFiles(submittedZip);
const comparison = compareFiles(submitted, filesUnder(built), [folder, process.cwd()]);
if (!comparison.isSame) fail(`.output/firefox-mv3 differs from ${path.basename(submittedZip)}:\n${report(comparison, folder)}\nThe folder is kept: ${folder}`);
console.log(`\nAll ${submitted.size} files of ${path.basename(submittedZip)} rebuilt byte for byte from the sources.`);

runCommands(zipCommands, folder, env);
for (const zip of [submittedZip, path.join(OUTPUT, `hedge-${version}-chrome.zip`), sourcesZip]) {
  const rebuilt = path.join(folder, '.output', path.basename(zip));
  if (!existsSync(rebuilt) || !readFileSync(rebuilt).equals(readFileSync(zip))) {
    fail(`${path.basename(zip)} made from the sources has other bytes than the one in .output/ (entries' dates or order, or compression); the folder is kept: ${folder}`);
  }
  console.log(`${path.basename(zip)} made from the sources has the same bytes.`);
}
rmSync(folder, { recursive: true, force: true });
console.log('\nThe sources rebuild the Firefox add-on and its zip exactly.');
