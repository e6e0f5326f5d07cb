/**
 * Fediseer's answers about which servers censure (block) or hesitate about
 * (limit) which others. Facts from Fediseer's source (github.com/Fediseer/fediseer):
 *
 * - `GET /api/v1/censures_given/{domains_csv}` and
 *   `GET /api/v1/hesitations_given/{domains_csv}` (fediseer/apis/v1/__init__.py)
 *   answer `{"instances": [...], "total": n}` (fediseer/apis/v1/censures.py,
 *   hesitations.py). Each instance is the `InstanceDetails` model (`id`,
 *   `domain`, `software`, `version`, `state`, `tags`, ...) plus
 *   `censure_reasons`, `censure_evidence`, `censure_count` (or
 *   `hesitation_reasons`, `hesitation_evidence`, `hesitation_count`) and an
 *   optional `rebuttal` (fediseer/apis/models/v1.py, `CensuredInstanceDetails`,
 *   `DubiousInstanceDetails`). `total` counts censures, not instances.
 * - The answer marshals with `skip_none=True`: absent fields are left out, so
 *   every field but `domain` is optional here.
 * - `?domains=true` answers `{"domains": [...], "total": n}` and `?csv=true`
 *   `{"csv": "a,b", "total": n}`: neither says which endpoint answered nor why,
 *   so they are refused with a sentence that says to drop the parameter.
 * - Errors answer `{"message": "..."}` (fediseer/exceptions.py, `handle_bad_requests`).
 * - A reason is the free text the censuring admin typed, often a comma list
 *   (`"csam,spam"`); the reason filter `reasons_csv` matches substrings of it.
 *
 * The answer does not say which of the asked servers gave which censure: only
 * how many (`censure_count`) and all their reasons together.
 */
import { ListCollector } from './collector.ts';
import type { ParsedList } from './types.ts';
import { ListParseError } from './types.ts';

/** Which Fediseer endpoint an answer came from. */
export type FediseerKind = 'censures' | 'hesitations';

/** The fields of one instance of each endpoint's answer (fediseer/apis/models/v1.py). */
const FIELDS: Readonly<Record<FediseerKind, { reasons: string; evidence: string; count: string }>> = {
  censures: { reasons: 'censure_reasons', evidence: 'censure_evidence', count: 'censure_count' },
  hesitations: { reasons: 'hesitation_reasons', evidence: 'hesitation_evidence', count: 'hesitation_count' },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Which endpoint an object answers for: `censures` or `hesitations` by the
 * fields of its instances, `unknown` for an answer with no instances (both
 * endpoints answer an empty `instances` alike), undefined when it is not a
 * Fediseer answer at all.
 */
export function fediseerKindOf(value: Record<string, unknown>): FediseerKind | 'unknown' | undefined {
  if (!Array.isArray(value.instances)) return undefined;
  for (const item of value.instances) {
    if (!isRecord(item)) continue;
    if (FIELDS.censures.count in item || FIELDS.censures.reasons in item) return 'censures';
    if (FIELDS.hesitations.count in item || FIELDS.hesitations.reasons in item) return 'hesitations';
  }
  return value.instances.length === 0 ? 'unknown' : undefined;
}

/** Whether an object is Fediseer's short form (`?domains=true` or `?csv=true`), which names no reasons. */
export function isFediseerShortForm(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.includes('total') && keys.length === 2 && (Array.isArray(value.domains) || typeof value.csv === 'string');
}

/** Whether an object is Fediseer's error answer, `{"message": "..."}`. */
export function isFediseerError(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && typeof value.message === 'string';
}

/** The error for Fediseer's short form. */
export function fediseerShortFormError(): ListParseError {
  return new ListParseError(
    'wrong-json-shape',
    "This is Fediseer's short answer (domains only, from “domains=true” or “csv=true”), which leaves out the reasons. Use the address without that parameter.",
    'fediseer-short-form',
  );
}

/** The error for Fediseer's error answer. */
export function fediseerErrorAnswer(message: string): ListParseError {
  return new ListParseError('wrong-json-shape', `This is an error message from Fediseer, not a list: “${message}”.`, 'fediseer-error', [message]);
}

/**
 * Reads a Fediseer answer: censures become `suspend` rows, hesitations
 * `silence` rows. The reasons are the entry's labels (each reason split at
 * commas, lowercase); a reason written as prose is also kept whole in the
 * comment (the reasons joined with "; ").
 * @param kind - the endpoint; `unknown` (an empty answer) reads as censures.
 */
export function parseFediseerAnswer(value: Record<string, unknown>, kind: FediseerKind | 'unknown'): ParsedList {
  const resolved: FediseerKind = kind === 'unknown' ? 'censures' : kind;
  const fields = FIELDS[resolved];
  const collector = new ListCollector(resolved === 'censures' ? 'fediseer-censures' : 'fediseer-hesitations');
  const items = Array.isArray(value.instances) ? value.instances : [];
  items.forEach((item, index) => {
    const line = index + 1;
    collector.countRow();
    const raw = (JSON.stringify(item) ?? '').slice(0, 200);
    if (!isRecord(item) || typeof item.domain !== 'string' || item.domain.trim() === '') {
      collector.skip(line, raw, 'malformed', `Item ${line} has no domain, so it is left out.`, { detail: 'item-without-domain', params: [line] });
      return;
    }
    const reasons = stringsOf(item[fields.reasons]);
    const labels = labelsOfReasons(reasons);
    // The labels say it all unless a reason is prose, which only the comment keeps whole.
    const isProse = reasons.some((reason) => reason.split(',').some((part) => part.trim().length > MAX_LABEL_LENGTH));
    collector.add({
      line,
      raw,
      domain: item.domain,
      severity: resolved === 'censures' ? 'suspend' : 'silence',
      ...(isProse ? { comment: reasons.join('; ') } : {}),
      labels,
    });
  });
  return collector.finish();
}

function stringsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const texts: string[] = [];
  for (const text of value) {
    if (typeof text !== 'string') continue;
    const clean = text.trim();
    if (clean !== '' && !texts.includes(clean)) texts.push(clean);
  }
  return texts;
}

/** A reason's part longer than this is prose, not a label. */
const MAX_LABEL_LENGTH = 48;

/**
 * Every reason split at commas, lowercase, without repeats: `["CSAM, spam", "spam"]`
 * gives `csam`, `spam`. Prose parts (longer than {@link MAX_LABEL_LENGTH}) are left to the comment.
 */
function labelsOfReasons(reasons: readonly string[]): string[] {
  const labels: string[] = [];
  for (const reason of reasons) {
    for (const part of reason.split(',')) {
      const label = part.trim().toLowerCase();
      if (label !== '' && label.length <= MAX_LABEL_LENGTH && !labels.includes(label)) labels.push(label);
    }
  }
  return labels;
}

/**
 * One list of a Fediseer subscription's two answers: every censure, and every
 * hesitation about a domain that is not also censured (a block outweighs a
 * limit, as Mastodon keeps one block per domain at its highest severity).
 */
export function mergeFediseerLists(censures: ParsedList, hesitations: ParsedList): ParsedList {
  const censured = new Set(censures.entries.map((entry) => entry.domain));
  return {
    format: 'fediseer-censures',
    entries: [...censures.entries, ...hesitations.entries.filter((entry) => !censured.has(entry.domain))],
    skipped: [...censures.skipped, ...hesitations.skipped],
  };
}
