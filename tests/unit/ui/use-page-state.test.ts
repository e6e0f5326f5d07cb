// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, renderHook } from '@testing-library/preact';
import type { HedgeError } from '../../../utils/protocol';
import { usePageState } from '../../../utils/ui/use-page-state';
import { THREADS_ON_PLAN, recordingSend } from '../components/fixtures';

afterEach(cleanup);

const REFUSED: HedgeError = { kind: 'network', message: 'mastodon.social did not answer.' };

function setUp(answers: Parameters<typeof recordingSend>[0]) {
  const errors: HedgeError[] = [];
  const { send, sent } = recordingSend(answers);
  const hook = renderHook(() => usePageState(send, (error) => errors.push(error)));
  return { hook, errors, sent };
}

describe('usePageState', () => {
  it.each([
    ['an answer', { ok: true, value: null }, []],
    ['a failure, handed to the page', { ok: false, error: REFUSED }, [REFUSED]],
  ] as const)('act sends the intent and returns %s', async (_what, reply, expectedErrors) => {
    const { hook, errors, sent } = setUp({ 'hedge/sign-out': () => reply });
    let answer: unknown;
    await act(async () => {
      answer = await hook.result.current.act({ type: 'hedge/sign-out', accountKey: 'https://mastodon.social#1' });
    });
    expect(sent).toEqual([{ type: 'hedge/sign-out', accountKey: 'https://mastodon.social#1' }]);
    expect(answer).toEqual(reply);
    expect(errors).toEqual(expectedErrors);
  });

  it('keeps the plan it asked for until it is closed', async () => {
    const { hook, errors } = setUp({ 'hedge/unblock': () => ({ ok: true, value: THREADS_ON_PLAN }) });
    expect(hook.result.current.plan).toBeNull();
    await act(async () => {
      expect(await hook.result.current.askPlan({ type: 'hedge/unblock', domain: 'threads.net' })).toEqual(THREADS_ON_PLAN);
    });
    expect(hook.result.current.plan).toEqual(THREADS_ON_PLAN);
    expect(hook.result.current.isAskingPlan).toBe(false);
    act(() => hook.result.current.closePlan());
    expect(hook.result.current.plan).toBeNull();
    expect(errors).toEqual([]);
  });

  it('keeps the plan it had when asking for another fails', async () => {
    let isRefused = false;
    const { hook, errors } = setUp({ 'hedge/preview': () => (isRefused ? { ok: false, error: REFUSED } : { ok: true, value: THREADS_ON_PLAN }) });
    await act(async () => {
      await hook.result.current.askPlan({ type: 'hedge/preview' });
    });
    isRefused = true;
    await act(async () => {
      expect(await hook.result.current.askPlan({ type: 'hedge/preview' })).toBeNull();
    });
    expect(hook.result.current.plan).toEqual(THREADS_ON_PLAN);
    expect(errors).toEqual([REFUSED]);
  });

  it('says a plan is on its way until it comes', async () => {
    let answer: (value: { ok: true; value: typeof THREADS_ON_PLAN }) => void = () => undefined;
    const { hook } = setUp({ 'hedge/preview': () => new Promise((resolve) => (answer = resolve)) as never });
    let asked: Promise<unknown> = Promise.resolve();
    act(() => {
      asked = hook.result.current.askPlan({ type: 'hedge/preview' });
    });
    expect(hook.result.current.isAskingPlan).toBe(true);
    await act(async () => {
      answer({ ok: true, value: THREADS_ON_PLAN });
      await asked;
    });
    expect(hook.result.current.isAskingPlan).toBe(false);
  });
});
