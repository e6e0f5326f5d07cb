import type { IncomingMessage } from 'node:http';

/** What a route handler answers; the server adds rate-limit, CORS and logging around it. */
export interface Reply {
  status: number;
  /** A value to serialise as JSON, or a ready string for HTML and other types. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Request parameters merged as Rails does: query string first, then the body. */
export type Params = Record<string, string | string[] | undefined>;

export class BadRequestBody extends Error {}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, contentType: 'application/json; charset=utf-8', headers };
}

export function html(status: number, body: string, headers?: Record<string, string>): Reply {
  return { status, body, contentType: 'text/html; charset=utf-8', headers };
}

export function redirect(location: string): Reply {
  return { status: 302, body: '', contentType: 'text/html; charset=utf-8', headers: { Location: location } };
}

/** Text for HTML: list and app names never become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Reads the body and merges it into the query parameters. JSON, form and multipart text fields. */
export async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  addPairs(params, url.searchParams);
  const raw = await readBody(req);
  if (raw.length === 0) return params;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw new BadRequestBody(`Error while parsing request: ${(error as Error).message}`);
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) params[key] = jsonValue(value);
    }
  } else if (type.startsWith('multipart/form-data')) {
    // The boundary is case-sensitive (RFC 2046 §5.1.1): read it from the header as sent.
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
    const marker = boundary?.[1] ?? boundary?.[2];
    if (marker) addPairs(params, multipartFields(raw.toString('utf8'), marker));
  } else {
    addPairs(params, new URLSearchParams(raw.toString('utf8')));
  }
  return params;
}

function jsonValue(value: unknown): string | string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v));
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Rails' `key[]=a&key[]=b` makes an array under `key`. */
function addPairs(params: Params, pairs: Iterable<[string, string]>): void {
  for (const [rawKey, value] of pairs) {
    if (rawKey.endsWith('[]')) {
      const key = rawKey.slice(0, -2);
      const existing = params[key];
      params[key] = Array.isArray(existing) ? [...existing, value] : [value];
    } else {
      params[rawKey] = value;
    }
  }
}

function multipartFields(body: string, boundary: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (name === undefined) continue;
    // A file's text goes under its field's name, its file name under `name#filename` (Mastodon's importer reads both).
    const fileName = /filename="([^"]*)"/.exec(head)?.[1];
    if (fileName !== undefined) fields.push([`${name}#filename`, fileName]);
    fields.push([name, part.slice(split + 4).replace(/\r\n$/, '')]);
  }
  return fields;
}

/** Mastodon's importer takes files of up to 20 MB (app/models/form/import.rb); the rest of the fake never sees more than a few kB. */
const MAX_BODY_BYTES = 21 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequestBody('Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** First value of a parameter that may have been sent as an array. */
export function param(params: Params, key: string): string | undefined {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

/** `Link` header as Mastodon's `set_pagination_headers` writes it (absent when there is no link). */
export function linkHeader(links: { next?: string; prev?: string }): Record<string, string> {
  const parts: string[] = [];
  if (links.next) parts.push(`<${links.next}>; rel="next"`);
  if (links.prev) parts.push(`<${links.prev}>; rel="prev"`);
  return parts.length > 0 ? { Link: parts.join(', ') } : {};
}
