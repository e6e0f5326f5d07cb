/**
 * A click as the browser reports a person's: `isTrusted` is true. A page
 * script's `element.click()` or `dispatchEvent` gives `isTrusted: false`
 * (DOM Standard, "isTrusted"), and the attribute is unforgeable there; happy-dom
 * does not model it at all, so the tests set it on the event they dispatch.
 */
export function userClick(element: Element | null | undefined): void {
  if (!element) throw new Error('nothing to click');
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  element.dispatchEvent(event);
}
