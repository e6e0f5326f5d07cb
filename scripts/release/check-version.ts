/**
 * Run by `npm run zip` before `wxt zip`: refuses to pack when CHANGELOG.md has no dated
 * section for the version in package.json, which is the version WXT writes into both
 * manifests. Exits with the reason in words (scripts/release/changelog.ts).
 */
import { readFileSync } from 'node:fs';
import { versionProblem } from './changelog';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
let changelog: string;
try {
  changelog = readFileSync('CHANGELOG.md', 'utf8');
} catch (error) {
  console.error(`Cannot read CHANGELOG.md (${(error as Error).message}): the store zips need a changelog entry for version ${version}.`);
  process.exit(1);
}
const problem = versionProblem(version, changelog);
if (problem) {
  console.error(`Not packing Hedge ${version}: ${problem}`);
  process.exit(1);
}
console.log(`Hedge ${version}: package.json, the manifests and CHANGELOG.md agree.`);
