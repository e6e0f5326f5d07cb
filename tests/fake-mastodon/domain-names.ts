import { domainToASCII } from 'node:url';

/**
 * Domain normalisation and validation as Mastodon applies them to personal domain blocks.
 *
 * Normalisation follows `app/models/concerns/domain_normalizable.rb` (strip, then
 * `TagManager#normalize_domain`: Addressable's normalized host, i.e. lower case and IDN to
 * punycode) and validation `app/validators/domain_validator.rb` (fewer than 256 characters,
 * labels of 1 to 63 characters from `[a-z0-9-]`).
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

/** Normalises a domain the way Mastodon stores it, or says why Mastodon would refuse it. */
export function normalizeDomain(raw: unknown): DomainCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, error: BLANK_DOMAIN_MESSAGE };
  let domain = raw.trim().toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
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
