// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { askForFirstState, takeFirstState } from '../../../utils/ui/first-state';
import { SIGNED_IN_STATE } from '../components/fixtures';

/** A background that answers every get-state, counting the questions. */
function answerState(): { asked: () => number } {
  let questions = 0;
  fakeBrowser.runtime.onMessage.addListener((message: unknown, _sender, sendResponse: (answer: unknown) => void) => {
    if ((message as { type?: string }).type !== 'hedge/get-state') return undefined;
    questions += 1;
    sendResponse({ ok: true, value: SIGNED_IN_STATE });
    return true;
  });
  return { asked: () => questions };
}

describe('the popup’s first question to the background', () => {
  afterEach(() => {
    fakeBrowser.reset();
    delete window.hedgeFirstState;
  });

  it('is asked once, by the early script, and its answer goes to the popup', async () => {
    const background = answerState();
    askForFirstState();
    expect(background.asked()).toBe(1);
    expect(await takeFirstState()).toEqual({ ok: true, value: SIGNED_IN_STATE });
    expect(background.asked()).toBe(1);
  });

  it('is asked by the popup itself when the early script did not run', async () => {
    const background = answerState();
    expect(await takeFirstState()).toEqual({ ok: true, value: SIGNED_IN_STATE });
    expect(background.asked()).toBe(1);
  });

  it('is taken once: a later question gets a new answer', async () => {
    const background = answerState();
    askForFirstState();
    await takeFirstState();
    await takeFirstState();
    expect(background.asked()).toBe(2);
  });
});
