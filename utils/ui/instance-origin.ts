/**
 * Turns what a person types into the sign-in field into the instance's
 * origin, the unit of host permission (`optional_host_permissions` in
 * wxt.config.ts): `mastodon.social`, `https://mastodon.social/about`,
 * `@alice@mastodon.social` and `alice@mastodon.social` all give
 * `https://mastodon.social`. Plain `http` is accepted only for a server on this
 * computer (the local test Mastodon), as the manifest only allows those.
 */

/** Why an address cannot be an instance. */
export type InstanceInputProblem = 'empty' | 'not-an-address' | 'insecure';

export type InstanceOriginResult = { ok: true; origin: string } | { ok: false; problem: InstanceInputProblem };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/** The origin of the instance named by `input`, or why it is not usable. */
export function instanceOrigin(input: string): InstanceOriginResult {
  let text = input.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  // A handle: keep only the part after the last '@'.
  if (!text.includes('://') && text.includes('@')) text = text.slice(text.lastIndexOf('@') + 1);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: 'not-an-address' };
  }
  const isLabelled = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname) || LOCAL_HOSTS.has(url.hostname);
  if (!isLabelled || url.username !== '' || url.password !== '') return { ok: false, problem: 'not-an-address' };
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) return { ok: false, problem: 'insecure' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'not-an-address' };
  return { ok: true, origin: url.origin };
}
