import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelativeTime } from '../../../utils/ui/format';

describe('formatDuration', () => {
  it.each([
    [0, 'en', '1 second'],
    [450, 'en', '1 second'],
    [2_000, 'en', '2 seconds'],
    [9_200, 'en', '10 seconds'],
    [12_000, 'en', '10 seconds'],
    [20_000, 'en', '20 seconds'],
    [53_000, 'en', '55 seconds'],
    [58_000, 'en', '1 minute'],
    [100_000, 'en', '2 minutes'],
    [1_000 * 1_000, 'en', '17 minutes'],
    [90 * 60_000, 'en', '90 minutes'],
    [3 * 3_600_000 + 20 * 60_000, 'en', '3 hours 20 minutes'],
    [5 * 3_600_000, 'en', '5 hours'],
    [3 * 86_400_000, 'en', '3 days'],
    [1_000 * 1_000, 'de', '17 Minuten'],
    [1_000 * 1_000, 'ja', '17 分'],
    [20_000, 'de', '20 Sekunden'],
    [20_000, 'fr', '20\u00a0secondes'],
    [20_000, 'es', '20 segundos'],
    [20_000, 'ja', '20 秒'],
  ])('%d ms in %s → %s', (ms, language, text) => {
    expect(formatDuration(ms, language)).toBe(text);
  });
});

describe('formatRelativeTime', () => {
  const now = Date.UTC(2026, 6, 5, 12);
  it.each([
    [now - 5 * 60_000, 'en', '5 minutes ago'],
    [now + 23 * 3_600_000, 'en', 'in 23 hours'],
    [now - 86_400_000, 'en', 'yesterday'],
    [now - 86_400_000, 'fr', 'hier'],
  ])('%d in %s → %s', (at, language, text) => {
    expect(formatRelativeTime(at, now, language)).toBe(text);
  });
});
