/**
 * Fault injection: what a real network and a busy server do to a client. Faults act in front of
 * the application, as a proxy or an overloaded server would, so a 5xx or a dropped connection
 * does not count against Mastodon's rate limits.
 */

export interface FaultSpec {
  /**
   * `5xx`: answer with a server error (`status`, default 503). `drop`: close the connection
   * without an answer. `slow`: wait `delayMs` (default 2000) and then answer normally.
   * `429-storm`: answer 429 as Mastodon's throttle does, whatever the counters say.
   * `revoke-token`: revoke the request's access token, then answer normally (so with 401).
   * `html-5xx`: answer as the reverse proxy in front of Mastodon does when Puma is down or busy
   * (`status`, default 502): an HTML error page (see {@link htmlErrorPage}), no JSON.
   */
  kind: '5xx' | 'html-5xx' | 'drop' | 'slow' | '429-storm' | 'revoke-token';
  /** Probability (0 to 1) that a matching request is hit; default 1. Deterministic sequence. */
  rate?: number;
  /** How many requests to hit before the fault ends; default unlimited (1 for `revoke-token`). */
  count?: number;
  delayMs?: number;
  /** Which requests: a RegExp tested on the path, or a path prefix. Default every request. */
  match?: RegExp | string;
  /** Let this many matching requests through untouched first. */
  afterRequests?: number;
  /** Status for `5xx` and `html-5xx`. */
  status?: number;
}

export type FaultAction =
  | { kind: '5xx'; status: number }
  | { kind: 'html-5xx'; status: number }
  | { kind: 'drop' }
  | { kind: 'slow'; delayMs: number }
  | { kind: '429-storm' }
  | { kind: 'revoke-token' };

interface ActiveFault {
  spec: FaultSpec;
  seen: number;
  fired: number;
}

export class FaultInjector {
  private active: ActiveFault[] = [];
  private seed = 0x2f6b1d35;

  /** Replaces the active faults. */
  set(spec: FaultSpec | FaultSpec[]): void {
    const specs = Array.isArray(spec) ? spec : [spec];
    for (const s of specs) validate(s);
    this.active = specs.map((s) => ({ spec: s, seen: 0, fired: 0 }));
  }

  clear(): void {
    this.active = [];
  }

  /** What to do to this request, in order. */
  decide(path: string): FaultAction[] {
    const actions: FaultAction[] = [];
    for (const fault of this.active) {
      const { spec } = fault;
      if (!matches(spec.match, path)) continue;
      fault.seen += 1;
      if (fault.seen <= (spec.afterRequests ?? 0)) continue;
      const limit = spec.count ?? (spec.kind === 'revoke-token' ? 1 : Infinity);
      if (fault.fired >= limit) continue;
      if (this.random() >= (spec.rate ?? 1)) continue;
      fault.fired += 1;
      actions.push(toAction(spec));
    }
    return actions;
  }

  /** mulberry32: the same sequence on every run, so a flaky-looking test is reproducible. */
  private random(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

function matches(match: RegExp | string | undefined, path: string): boolean {
  if (match === undefined) return true;
  if (typeof match === 'string') return path.startsWith(match);
  match.lastIndex = 0;
  return match.test(path);
}

function toAction(spec: FaultSpec): FaultAction {
  switch (spec.kind) {
    case '5xx':
      return { kind: '5xx', status: spec.status ?? 503 };
    case 'html-5xx':
      return { kind: 'html-5xx', status: spec.status ?? 502 };
    case 'slow':
      return { kind: 'slow', delayMs: spec.delayMs ?? 2000 };
    case 'drop':
    case '429-storm':
    case 'revoke-token':
      return { kind: spec.kind };
  }
}

function validate(spec: FaultSpec): void {
  const kinds = ['5xx', 'html-5xx', 'drop', 'slow', '429-storm', 'revoke-token'];
  if (!kinds.includes(spec.kind)) throw new Error(`Unknown fault kind "${String(spec.kind)}"; use one of ${kinds.join(', ')}.`);
  if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) throw new Error('Fault rate must be between 0 and 1.');
  if (spec.status !== undefined && !(spec.status >= 500 && spec.status <= 599)) throw new Error('A 5xx fault needs a status from 500 to 599.');
}

/**
 * What a reverse proxy in front of Mastodon answers when Puma is down or too slow: Mastodon's
 * dist/nginx.conf has `error_page 404 500 501 502 503 504 /500.html`, the static error page
 * rendered at build time from app/views/errors/500.html.haml in layouts/error.html.haml
 * (`errors.500.content` of config/locales/en.yml), served as `text/html` with the proxy's status.
 */
export function htmlErrorPage(): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en" data-contrast="auto" data-color-scheme="auto">',
    '<head>',
    '<meta content="text/html; charset=UTF-8" http-equiv="Content-Type">',
    '<meta charset="utf-8">',
    '<title>This page is not correct - Mastodon</title>',
    '<meta content="width=device-width,initial-scale=1" name="viewport">',
    '</head>',
    '<body class="error">',
    '<div class="dialog">',
    '<div class="dialog__illustration"><img alt="Mastodon" src="/oops.png"></div>',
    "<div class=\"dialog__message\"><h1>We&#39;re sorry, but something went wrong on our end.</h1></div>",
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
