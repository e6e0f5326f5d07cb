import { domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { displayDomain } from '../../../utils/ui/domain-display';

describe('displayDomain', () => {
  // Node's own IDNA conversion is the oracle for the decoder.
  it.each([
    'xn--bcher-kva.example',
    'xn--80ak6aa92e.com',
    'xn--mgbh0fb.xn--kgbechtv',
    'xn--4gbrim.xn----ymcbaaajlc6dj7bxne2c.xn--wgbh1c',
    'xn--fiqs8s.xn--fiqz9s',
    'xn--n3h.example',
    'xn--ls8h.la',
    'mastodon.xn--p1ai',
  ])('decodes %s as Node does', (ascii) => {
    const shown = displayDomain(ascii);
    expect(shown.unicode).toBe(domainToUnicode(ascii));
    expect(shown.isInternational).toBe(true);
  });

  it.each([
    ['threads.net', false, false],
    ['THREADS.NET', false, false],
    ['xn--80ak6aa92e.com', true, false],
    ['xn--4gbrim.xn----ymcbaaajlc6dj7bxne2c.xn--wgbh1c', true, true],
    ['xn--5dbqzzl.example', true, true],
  ])('%s: international %s, right-to-left %s', (ascii, isInternational, hasRightToLeft) => {
    const shown = displayDomain(ascii);
    expect(shown.ascii).toBe(ascii.toLowerCase());
    expect(shown.isInternational).toBe(isInternational);
    expect(shown.hasRightToLeft).toBe(hasRightToLeft);
  });

  it('keeps a label that does not decode as it is', () => {
    expect(displayDomain('xn--!!.example').unicode).toBe('xn--!!.example');
  });
});
