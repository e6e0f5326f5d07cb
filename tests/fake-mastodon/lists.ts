import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Handler } from './context.ts';
import { json, type Reply } from './http-kit.ts';

/**
 * `GET /lists/<name>`: a static file server for published domain lists, so a
 * subscription can be fetched from the same local server as the account. It
 * answers the way raw.githubusercontent.com and seirdy.one do for a list:
 * the file's bytes with a content type from its extension, a strong `ETag`,
 * `Last-Modified` from the file's time, `Access-Control-Allow-Origin: *`, and
 * `304 Not Modified` to a conditional request that still matches
 * (RFC 9110 §13.1: `If-None-Match` wins over `If-Modified-Since`).
 *
 * Files are read on every request, so a test can rewrite one between two
 * fetches to publish a new version of a list.
 */

/** The default folder: the committed list fixtures. */
export const DEFAULT_LISTS_DIR = new URL('../fixtures/lists/', import.meta.url);

/** `/lists/<name>`: one plain file name, no folders, no leading dot. */
export const LIST_PATH = /^\/lists\/([A-Za-z0-9_-][A-Za-z0-9._-]*)$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
};

/** A handler serving the files of `dir` (a folder URL ending in `/`). */
export function createListHandler(dir: URL): Handler {
  return async (ctx): Promise<Reply> => {
    const name = LIST_PATH.exec(ctx.url.pathname)?.[1];
    if (name === undefined) return notFoundList();
    const file = new URL(name, dir);
    let body: Buffer;
    let modifiedAt: Date;
    try {
      [body, modifiedAt] = await Promise.all([readFile(file), stat(file).then((info) => info.mtime)]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return notFoundList();
      throw error;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    const lastModified = modifiedAt.toUTCString();
    const headers = {
      ETag: etag,
      'Last-Modified': lastModified,
      'Cache-Control': 'max-age=300',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'ETag, Last-Modified',
    };
    if (isUnchanged(ctx.headers['if-none-match'], ctx.headers['if-modified-since'], etag, modifiedAt)) {
      return { status: 304, body: '', headers };
    }
    const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    return {
      status: 200,
      body: ctx.method === 'HEAD' ? '' : body,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      headers,
    };
  };
}

function isUnchanged(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, etag: string, modifiedAt: Date): boolean {
  if (ifNoneMatch !== undefined) {
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    // HTTP dates have whole seconds: compare the file's time at that resolution.
    return Number.isFinite(since) && Math.floor(modifiedAt.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

function notFoundList(): Reply {
  return json(404, { error: 'Not Found' }, { 'Access-Control-Allow-Origin': '*' });
}
