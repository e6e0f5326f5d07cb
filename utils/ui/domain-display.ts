/**
 * How a domain is shown. Mastodon stores personal blocks in lowercase punycode
 * (docs: mastodon-facts.md, "Personal domain blocks"); people read Unicode.
 * An internationalised domain can imitate another (`аpple.com` with a Cyrillic
 * `а`) or contain right-to-left text that reorders what is around it, so the
 * UI always shows the punycode next to the Unicode form when they differ.
 */

/** A domain ready to show. */
export interface DomainDisplay {
  /** Lowercase ASCII (punycode), as stored on the server. */
  ascii: string;
  /** The Unicode form; equal to `ascii` for plain ASCII domains. */
  unicode: string;
  /** Whether any label is internationalised (`xn--`). */
  isInternational: boolean;
  /** Whether the Unicode form holds right-to-left characters. */
  hasRightToLeft: boolean;
}

const RTL_CHARACTERS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

/** Splits a stored domain into what the UI shows; labels that do not decode stay as they are. */
export function displayDomain(ascii: string): DomainDisplay {
  const lower = ascii.toLowerCase();
  const labels = lower.split('.');
  const isInternational = labels.some((label) => label.startsWith('xn--'));
  const unicode = isInternational
    ? labels.map((label) => (label.startsWith('xn--') ? (decodePunycode(label.slice(4)) ?? label) : label)).join('.')
    : lower;
  return { ascii: lower, unicode, isInternational, hasRightToLeft: RTL_CHARACTERS.test(unicode) };
}

/*
 * Punycode decoding (RFC 3492, section 6.2): the basic code points come before
 * the last '-', then each encoded delta is a generalised variable-length
 * integer that moves an insertion state (code point n, position i) forward.
 * Bias adaptation follows section 6.1. Returns null on malformed input.
 */
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, numPoints: number, isFirst: boolean): number {
  let scaled = isFirst ? Math.floor(delta / DAMP) : delta >> 1;
  scaled += Math.floor(scaled / numPoints);
  let k = 0;
  while (scaled > ((BASE - T_MIN) * T_MAX) >> 1) {
    scaled = Math.floor(scaled / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * scaled) / (scaled + SKEW));
}

function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 22; // 0-9 → 26-35
  if (code >= 0x61 && code <= 0x7a) return code - 0x61; // a-z → 0-25
  return BASE;
}

function decodePunycode(input: string): string | null {
  const output: number[] = [];
  const basicEnd = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(basicEnd, 0); j += 1) output.push(input.charCodeAt(j));
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  let position = basicEnd > 0 ? basicEnd + 1 : 0;
  while (position < input.length) {
    const oldI = i;
    let weight = 1;
    for (let k = BASE; ; k += BASE) {
      if (position >= input.length) return null;
      const digit = digitValue(input.charCodeAt(position));
      position += 1;
      if (digit >= BASE) return null;
      i += digit * weight;
      const threshold = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < threshold) break;
      weight *= BASE - threshold;
      if (!Number.isSafeInteger(i)) return null;
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return null;
    output.splice(i, 0, n);
    i += 1;
  }
  return String.fromCodePoint(...output);
}
