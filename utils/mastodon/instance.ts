/**
 * Turning what a user types into the origin of a Mastodon instance.
 *
 * Accepted: `mastodon.social`, `https://mastodon.social/`, `@me@mastodon.social`,
 * `me@mastodon.social`, a profile URL such as `https://mastodon.social/@me`, and
 * for the local test server `http://localhost:PORT` or `http://127.0.0.1:PORT`.
 * Everything else over plain http is refused: the access token would travel in
 * clear text.
 */
import { t } from '../i18n/translate';
import type { HedgeError } from '../protocol';

/** An instance origin (`https://mastodon.social`) and its host in punycode. */
export interface InstanceAddress {
  origin: string;
  host: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/** Normalises a typed instance address, or says in words why it cannot be one. */
export function normalizeInstance(input: string): InstanceAddress | { error: HedgeError } {
  const typed = input.trim();
  if (typed === '') return invalid(t('bg_instanceEmpty'));

  let candidate = typed;
  // A handle: `@me@mastodon.social` or `me@mastodon.social` names the server after the last `@`.
  const handle = /^@?[^@\s/:]+@([^@\s/]+)$/.exec(candidate);
  if (handle?.[1]) candidate = handle[1];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(candidate)) candidate = `https://${candidate}`;

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return invalid(t('bg_instanceUnreadable', typed));
  }
  if (url.username !== '' || url.password !== '') {
    return invalid(t('bg_instanceCredentials'));
  }
  // One trailing dot is the same name (`mastodon.social.`); Mastodon drops it too.
  const host = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  if (LOOPBACK_HOSTS.has(host) && url.port === '') {
    return invalid(t('bg_instanceLoopbackPort'));
  }
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(host) || url.port === '') {
      return invalid(t('bg_instanceInsecure', host));
    }
  } else if (url.protocol !== 'https:') {
    return invalid(t('bg_instanceScheme', url.protocol));
  }
  if (!LOOPBACK_HOSTS.has(host) && !isPlausibleHost(host)) {
    return invalid(t('bg_instanceImplausible', typed));
  }
  return { origin: `${url.protocol}//${host}${url.port === '' ? '' : `:${url.port}`}`, host };
}

/** A public server needs a dotted name of valid DNS labels (IP addresses included). */
function isPlausibleHost(host: string): boolean {
  if (host.length > 253 || !host.includes('.')) return false;
  return host.split('.').every((label) => /^[a-z0-9-]{1,63}$/.test(label) && !label.startsWith('-') && !label.endsWith('-'));
}

function invalid(message: string): { error: HedgeError } {
  return { error: { kind: 'invalid-input', message } };
}
