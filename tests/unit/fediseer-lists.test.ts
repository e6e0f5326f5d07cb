/**
 * `parseList` reads Fediseer's answers of `censures_given` and
 * `hesitations_given` (tests/fixtures/fediseer, built from Fediseer's models),
 * and refuses its short form and its error answers in words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ListParseError, parseList } from '../../utils/core/lists/index.ts';
import { mergeFediseerLists } from '../../utils/core/lists/fediseer.ts';

const DIR = join(import.meta.dirname, '../fixtures/fediseer');
const censures = readFileSync(join(DIR, 'censures_given.json'), 'utf8');
const hesitations = readFileSync(join(DIR, 'hesitations_given.json'), 'utf8');

describe('parseList on Fediseer answers', () => {
  it.each([
    {
      name: 'censures_given',
      text: censures,
      format: 'fediseer-censures',
      entries: [
        { domain: 'spam.example-hedge.social', severity: 'suspend', labels: ['spam', 'csam', 'listed twice'] },
        { domain: 'hate.example-hedge.social', severity: 'suspend', labels: ['hate speech', 'racism', 'transphobia'] },
        { domain: 'no-reason.example-hedge.social', severity: 'suspend', labels: [] },
      ],
      skipped: ['malformed', 'duplicate'],
    },
    {
      name: 'hesitations_given',
      text: hesitations,
      format: 'fediseer-hesitations',
      entries: [
        { domain: 'loud.example-hedge.social', severity: 'silence', labels: ['lax moderation', 'bots'] },
        { domain: 'spam.example-hedge.social', severity: 'silence', labels: [] },
      ],
      skipped: [],
    },
    {
      name: 'a reason written as prose',
      text: JSON.stringify({
        instances: [{ domain: 'prose.example-hedge.social', censure_reasons: ['Admins ignored every report about harassment for months', 'spam'], censure_count: 2 }],
        total: 2,
      }),
      format: 'fediseer-censures',
      entries: [
        {
          domain: 'prose.example-hedge.social',
          severity: 'suspend',
          comment: 'Admins ignored every report about harassment for months; spam',
          labels: ['spam'],
        },
      ],
      skipped: [],
    },
    { name: 'an empty answer', text: '{"instances": [], "total": 0}', format: 'fediseer-censures', entries: [], skipped: [] },
  ])('reads $name', ({ text, format, entries, skipped }) => {
    const list = parseList(text, { contentType: 'application/json' });
    expect(list.format).toBe(format);
    expect(list.entries.map(({ domain, severity, comment, labels }) => ({ domain, severity, ...(comment === undefined ? {} : { comment }), labels }))).toEqual(entries);
    expect(list.skipped.map((row) => row.reason)).toEqual(skipped);
  });

  it.each([
    { name: 'the domains form', text: '{"domains": ["a.social"], "total": 1}', detail: 'fediseer-short-form' },
    { name: 'the csv form', text: '{"csv": "a.social,b.social", "total": 2}', detail: 'fediseer-short-form' },
    {
      name: 'a 404 answer',
      text: '{"message": "No Instances found matching any of the provided domains. Have you remembered to register them?"}',
      detail: 'fediseer-error',
    },
  ])('refuses $name in words', ({ text, detail }) => {
    let caught: unknown;
    try {
      parseList(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ListParseError);
    expect((caught as ListParseError).detail).toBe(detail);
    expect((caught as ListParseError).message).toMatch(/Fediseer/);
  });

  it('merges both answers: a censure outweighs a hesitation about the same domain', () => {
    const merged = mergeFediseerLists(parseList(censures), parseList(hesitations));
    expect(merged.entries.map((entry) => [entry.domain, entry.severity])).toEqual([
      ['spam.example-hedge.social', 'suspend'],
      ['hate.example-hedge.social', 'suspend'],
      ['no-reason.example-hedge.social', 'suspend'],
      ['loud.example-hedge.social', 'silence'],
    ]);
  });
});
