/**
 * The content script's report of subdomains seen through a blocked parent (utils/dom/seen-subdomains.ts):
 * each domain once per page, in one batch a few seconds after the first, and nothing after the
 * content script has stopped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSeenReporter } from '../../utils/dom/seen-subdomains';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createSeenReporter', () => {
  it('sends each domain once, batched a few seconds after the first', () => {
    const report = vi.fn();
    const seen = createSeenReporter(report, new AbortController().signal);
    seen('eu.bigcorp.social');
    seen('m.bigcorp.social');
    seen('eu.bigcorp.social');
    vi.advanceTimersByTime(2000);
    expect(report).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(report.mock.calls).toEqual([[['eu.bigcorp.social', 'm.bigcorp.social']]]);

    seen('m.bigcorp.social');
    seen('news.bigcorp.social');
    vi.advanceTimersByTime(3000);
    expect(report.mock.calls).toEqual([[['eu.bigcorp.social', 'm.bigcorp.social']], [['news.bigcorp.social']]]);
  });

  it('sends nothing once the content script has stopped', () => {
    const report = vi.fn();
    const stop = new AbortController();
    const seen = createSeenReporter(report, stop.signal);
    seen('eu.bigcorp.social');
    stop.abort();
    vi.advanceTimersByTime(3000);
    expect(report).not.toHaveBeenCalled();
  });
});
