/**
 * The store zips, written again so that the same files always make the same bytes.
 *
 * WXT's zip writer (@aklinker1/zero-zip 1.0.1) already sorts the entries, but stamps
 * each with DOS date 0, a day that does not exist ("1980-00-00"), and compresses with
 * the zlib of whichever Node runs it. Here every entry is stamped with one fixed moment
 * instead: `SOURCE_DATE_EPOCH` when it is set (reproducible-builds.org/specs/source-date-epoch),
 * otherwise the release day of the version in CHANGELOG.md. JSZip writes that moment
 * from its UTC fields, so the time zone of the machine does not matter either, and it
 * compresses with pako, whose version package-lock.json fixes, whatever Node it runs on.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { releaseDate } from './changelog';

/** The moment every entry of the store zips carries. */
export function zipDate(version: string, changelog: string, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not "${epoch}".`);
    const date = new Date(Number(epoch) * 1000);
    // A zip's DOS time starts in 1980 (APPNOTE.TXT 4.4.6).
    if (date.getUTCFullYear() < 1980) throw new Error(`SOURCE_DATE_EPOCH ${epoch} is before 1980, which a zip cannot record.`);
    return date;
  }
  return releaseDate(version, changelog);
}

/** The moment for the project in `root`: its package.json version and CHANGELOG.md. */
export async function projectZipDate(root: string): Promise<Date> {
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return zipDate(version, await readFile(path.join(root, 'CHANGELOG.md'), 'utf8'));
}

/** The same files as `zip`, in name order, each stamped with `date`: the bytes depend on the files and the date alone. */
export async function stampZip(zip: Uint8Array, date: Date): Promise<Buffer> {
  const source = await JSZip.loadAsync(zip);
  const files = Object.values(source.files)
    .filter((entry) => !entry.dir)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const stamped = new JSZip();
  for (const entry of files) {
    stamped.file(entry.name, await entry.async('uint8array'), { date, createFolders: false, binary: true });
  }
  return stamped.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'DOS' });
}

/** Rewrites the zip at `file` in place with {@link stampZip}. */
export async function stampZipFile(file: string, date: Date): Promise<void> {
  await writeFile(file, await stampZip(await readFile(file), date));
}
