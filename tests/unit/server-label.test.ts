import { describe, expect, it } from 'vitest';
import { otherServerLabel } from '../../utils/ui/server-label';

describe('otherServerLabel', () => {
  it.each([
    [undefined, '4.6.5', null],
    ['akkoma', '2.7.2 (compatible; Akkoma 3.15.2)', 'Akkoma 3.15.2'],
    ['pleroma', '2.7.2 (compatible; Pleroma 2.7.0)', 'Pleroma 2.7.0'],
    ['pleroma', '2.7.2', 'Pleroma 2.7.2'],
    ['gotosocial', '0.20.0', 'GoToSocial 0.20.0'],
    ['gotosocial', '', 'GoToSocial'],
  ] as const)('%s %j → %j', (software, serverVersion, expected) => {
    expect(otherServerLabel({ software, serverVersion })).toBe(expected);
  });
});
