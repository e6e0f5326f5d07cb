/**
 * Names for what the user subscribes to: a list fetched by address is named
 * by the catalog, else by its file name, else by its host.
 */
import { CATALOG } from '../../core/catalog';

/** A name for a list fetched from `url`: the catalog's name, else the file name, else the host. */
export function nameForUrl(url: URL): string {
  const known = CATALOG.find((entry) => entry.url === url.toString());
  if (known) return known.name;
  const fileName = fileNameOf(url.toString());
  return fileName ? stripExtension(fileName) : url.host;
}

/** The last path segment of `url`, decoded. */
export function fileNameOf(url: string): string {
  const { pathname } = new URL(url);
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    // A stray `%`: keep the name as written.
    return last;
  }
}

/** `tier0` for `tier0.csv`. */
export function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** What follows the last `/` of an id. */
export function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/** The host of an address, or the text as typed when it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    // Shown as typed when it is not an address.
    return url;
  }
}
