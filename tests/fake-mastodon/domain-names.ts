import { domainToASCII } from 'node:url';

/**
 * Domain normalisation and validation as Mastodon applies them to personal domain blocks.
 *
 * Normalisation follows `app/models/concerns/domain_normalizable.rb`, which calls
 * `TagManager#normalize_domain` (app/lib/tag_manager.rb): `domain.strip.delete_suffix('/')`
 * given to `Addressable::URI#host=`, then its `normalized_host`: lower case, percent-decoded
 * (`URI.unencode_component`), IDN to punycode, one trailing dot dropped. `host=` raises for a
 * character that cannot be in a host (`<>{}/\?#@"` or whitespace inside); the concern then adds
 * `:invalid` and leaves the domain as it was, and `app/validators/domain_validator.rb`, which
 * tries the same assignment, adds a second `:invalid`: Mastodon's message repeats itself.
 * The validator wants fewer than 256 characters and labels of 1 to 63 characters from
 * `[a-z0-9-]`.
 */

const MAX_DOMAIN_LENGTH = 255;
const LABEL_PATTERN = /^[a-z0-9-]{1,63}$/;

export type DomainCheck =
  | { ok: true; domain: string }
  | { ok: false; error: string };

/** Mastodon's 422 texts, as `ActiveRecord::RecordInvalid#to_s` renders them. */
export const INVALID_DOMAIN_MESSAGE = 'Validation failed: Domain is not a valid domain name';
export const BLANK_DOMAIN_MESSAGE = "Validation failed: Domain can't be blank";
export const TAKEN_DOMAIN_MESSAGE = 'Validation failed: Domain has already been taken';

/** Both `:invalid` errors, as `ActiveRecord::RecordInvalid` joins them. */
export const DOUBLY_INVALID_DOMAIN_MESSAGE = `${INVALID_DOMAIN_MESSAGE}, Domain is not a valid domain name`;

/** Ruby's `String#strip`: ASCII whitespace and NUL, not the Unicode spaces JavaScript's `trim` also takes. */
function rubyStrip(text: string): string {
  return text.replace(/^[\0\t\n\v\f\r ]+|[\0\t\n\v\f\r ]+$/g, '');
}

/** What `Addressable::URI#validate` refuses in a host (addressable/uri.rb). */
const HOST_RAISES = /[<>{}/\\?#@"\s]/;

/** `URI.unencode_component`: every `%XX` becomes its byte; bytes that are not UTF-8 make the name invalid. */
function percentDecode(text: string): string | undefined {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const hex = /^%([0-9a-f]{2})/i.exec(text.slice(i))?.[1];
    if (hex !== undefined) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(text[i]));
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

/** Normalises a domain the way Mastodon stores it, or says why Mastodon would refuse it. */
export function normalizeDomain(raw: unknown): DomainCheck {
  if (typeof raw !== 'string') return { ok: false, error: BLANK_DOMAIN_MESSAGE };
  const given = rubyStrip(raw).replace(/\/$/, '');
  if (given === '') return { ok: false, error: BLANK_DOMAIN_MESSAGE };
  if (HOST_RAISES.test(given)) return { ok: false, error: DOUBLY_INVALID_DOMAIN_MESSAGE };
  const decoded = percentDecode(given.toLowerCase());
  if (decoded === undefined) return { ok: false, error: INVALID_DOMAIN_MESSAGE };
  let domain = decoded;
  // "Single trailing dots are unnecessary": one dot after a non-dot.
  if (/[^.]\.$/.test(domain)) domain = domain.slice(0, -1);
  // Only hand non-ASCII input to the IDNA conversion: it would otherwise accept and rewrite
  // characters (ports, paths) that Mastodon's validator rejects outright.
  if ([...domain].some((c) => c.charCodeAt(0) > 0x7f)) {
    const ascii = domainToASCII(domain);
    if (ascii === '') return { ok: false, error: INVALID_DOMAIN_MESSAGE };
    domain = ascii;
  }
  if (domain.length > MAX_DOMAIN_LENGTH) return { ok: false, error: INVALID_DOMAIN_MESSAGE };
  if (!domain.split('.').every((label) => LABEL_PATTERN.test(label))) {
    return { ok: false, error: INVALID_DOMAIN_MESSAGE };
  }
  return { ok: true, domain };
}
