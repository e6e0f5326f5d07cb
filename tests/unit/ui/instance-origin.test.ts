import { describe, expect, it } from 'vitest';
import { instanceOrigin } from '../../../utils/ui/instance-origin';

describe('instanceOrigin', () => {
  it.each([
    ['mastodon.social', 'https://mastodon.social'],
    ['  Mastodon.Social  ', 'https://mastodon.social'],
    ['https://mastodon.social/about', 'https://mastodon.social'],
    ['@alice@hachyderm.io', 'https://hachyderm.io'],
    ['alice@fosstodon.org', 'https://fosstodon.org'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:43123/', 'http://127.0.0.1:43123'],
    ['bücher.example', 'https://xn--bcher-kva.example'],
  ])('%j → %s', (input, origin) => {
    expect(instanceOrigin(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['not a server', 'not-an-address'],
    ['localhostname', 'not-an-address'],
    ['ftp://mastodon.social', 'not-an-address'],
    ['https://user:pw@mastodon.social', 'not-an-address'],
    ['http://mastodon.social', 'insecure'],
  ])('%j is refused: %s', (input, problem) => {
    expect(instanceOrigin(input)).toEqual({ ok: false, problem });
  });
});
