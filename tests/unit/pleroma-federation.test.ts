import { describe, expect, it } from 'vitest';
import { serverBlocksOfPleromaInstance } from '../../utils/mastodon/pleroma-federation';

const instance = (federation: unknown) => ({ version: '2.7.2 (compatible; Akkoma 3.15.2)', pleroma: { metadata: { federation } } });

// Shapes as InstanceView.federation and SimplePolicy.describe write them (docs/other-servers.md).
describe('serverBlocksOfPleromaInstance', () => {
  it.each<[string, unknown, Array<[string, 'suspend' | 'silence', string?]> | 'hidden']>([
    ['transparency off', instance({ enabled: true }), 'hidden'],
    ['no pleroma metadata (not Pleroma)', { version: '4.6.5' }, 'hidden'],
    ['rejects and their reasons', instance({ mrf_simple: { reject: ['poa.st'] }, mrf_simple_info: { reject: { 'poa.st': { reason: 'Hate speech' } } } }), [['poa.st', 'suspend', 'Hate speech']]],
    ['timeline removal as a limit', instance({ mrf_simple: { federated_timeline_removal: ['loud.example.org'] } }), [['loud.example.org', 'silence']]],
    ['a reject outranks a limit of the same domain', instance({ mrf_simple: { reject: ['x.example'], federated_timeline_removal: ['x.example'] } }), [['x.example', 'suspend']]],
    ['wildcards cover the domain; other patterns and non-strings are skipped', instance({ mrf_simple: { reject: ['*.Bad.Example', 'a*b.example', 42, ''] } }), [['bad.example', 'suspend']]],
    ['other actions are not blocks', instance({ mrf_simple: { media_removal: ['m.example'], accept: [] } }), []],
  ])('%s', async (_name, answer, expected) => {
    const read = await serverBlocksOfPleromaInstance(answer);
    if (expected === 'hidden') {
      expect(read).toEqual({ visibility: 'hidden', blocks: [] });
      return;
    }
    expect(read.visibility).toBe('shown');
    expect(read.blocks.map((block) => [block.domain, block.severity, ...(block.comment === undefined ? [] : [block.comment])])).toEqual(expected);
    for (const block of read.blocks) expect(block.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
