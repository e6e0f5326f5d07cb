/**
 * Keeps the marks true while the web app renders: one MutationObserver, added
 * subtrees collected and handled once per animation frame, handled elements
 * flagged with a data attribute so they are never handled twice. Nothing
 * polls. Everything (observer, frame callback, button listeners, stylesheet)
 * ends with the given signal, so an extension update or a sign-out leaves the
 * page as Mastodon rendered it.
 *
 * The observer watches `<body>` rather than `div#mastodon`: hover cards (4.3+
 * components/hover_card_controller.tsx) and modals are portalled to `<body>`,
 * outside the app root.
 */
import { findAccounts, type FoundAccount } from './find-accounts';
import { clearMarks, markAccount, type BlockDomainOutcome, type MarkContext, type VerdictLookup } from './marks';
import { PROFILE_HEADER } from './selectors';
import { OWN_ATTRIBUTE, injectStylesheet } from './styles';
import type { Reply } from '../protocol';

/** Marking time per task before the rest waits for the next frame (a frame is 16 ms; long tasks start at 50). */
const TASK_BUDGET_MS = 12;

/** What {@link startMarking} needs. */
export interface MarkingOptions {
  document: Document;
  /** The server's own domain (`meta.domain` of the initial state). */
  localDomain: string;
  lookup: VerdictLookup;
  blockDomain?: (domain: string) => Promise<BlockDomainOutcome>;
  limitDomain?: (domain: string) => Promise<BlockDomainOutcome>;
  subscribeList?: (url: string) => Promise<Reply<unknown>>;
  signal: AbortSignal;
  /** When to handle added nodes; the next animation frame unless a test says otherwise. */
  schedule?: (callback: () => void) => void;
}

/** A running marker. */
export interface Marker {
  /** Marks everything again with new verdicts (blocks or lists changed). Posts the user showed stay shown. */
  update(lookup: VerdictLookup): void;
  /** Stops observing and removes every mark and the stylesheet. */
  stop(): void;
}

/** Marks the page now and keeps marking what the app renders next, until `signal` aborts or `stop()`. */
export function startMarking(options: MarkingOptions): Marker {
  const { document } = options;
  const controller = new AbortController();
  const { signal } = controller;
  if (options.signal.aborted) controller.abort();
  else options.signal.addEventListener('abort', () => controller.abort(), { once: true, signal });

  const body = document.body;
  const findOptions = { localDomain: options.localDomain };
  // The options' lookup, local domain and actions; the signal is this marker's own.
  const context: MarkContext = { ...options, revealed: new Set<string>(), signal };
  const schedule = options.schedule ?? requestAnimationFrame;

  /**
   * Marks accounts within a time budget per task and the rest in the next frames, so a long page
   * (a thousand posts at once) never blocks the tab; the first batch waits for the lookup to prepare
   * these domains. Work for a lookup that has been replaced meanwhile is dropped: `update` marks everything.
   */
  const mark = (accounts: FoundAccount[]): void => {
    const { lookup } = context;
    const markFrom = (start: number): void => {
      if (signal.aborted || context.lookup !== lookup) return;
      const deadline = performance.now() + TASK_BUDGET_MS;
      let index = start;
      while (index < accounts.length && performance.now() < deadline) markAccount(accounts[index++]!, context);
      if (index < accounts.length) schedule(() => markFrom(index));
    };
    const ready = lookup.prepare?.(accounts.map((account) => account.domain));
    if (ready) void ready.then(() => markFrom(0));
    else markFrom(0);
  };

  let pending = new Set<Element>();
  let isScheduled = false;

  const flush = (): void => {
    isScheduled = false;
    if (signal.aborted) return;
    const nodes = pending;
    pending = new Set();
    // One batch for the whole frame: one prepare, and one time budget shared by every added subtree.
    const accounts: FoundAccount[] = [];
    for (const node of nodes) {
      if (!node.isConnected || hasPendingAncestor(node, nodes)) continue;
      for (const account of findAccounts(node, findOptions)) accounts.push(account);
    }
    if (accounts.length > 0) mark(accounts);
  };

  const observer = new MutationObserver((records) => {
    for (const { type, target, addedNodes } of records) {
      // A changed `href` is a link React reused for another account; changed text in a profile
      // header is the next profile written into it (Mastodon 4.5 moving from one profile to another).
      const nodes = type === 'childList' ? addedNodes : [type === 'attributes' ? target : target.parentElement?.closest(PROFILE_HEADER)];
      for (const node of nodes) {
        if (node?.nodeType === 1 && !(node as Element).hasAttribute(OWN_ATTRIBUTE)) pending.add(node as Element);
      }
    }
    if (pending.size > 0 && !isScheduled) {
      isScheduled = true;
      schedule(flush);
    }
  });

  const stop = (): void => {
    observer.disconnect();
    pending.clear();
    clearMarks(body);
  };
  signal.addEventListener('abort', stop, { once: true });
  if (!signal.aborted) {
    injectStylesheet(document, signal);
    mark(findAccounts(body, findOptions));
    observer.observe(body, { childList: true, subtree: true, characterData: true, attributeFilter: ['href'] });
  }

  return {
    update(lookup) {
      if (signal.aborted) return;
      context.lookup = lookup;
      clearMarks(body);
      mark(findAccounts(body, findOptions));
    },
    stop() {
      controller.abort();
    },
  };
}

/** Whether an ancestor of `node` is itself waiting: then that ancestor's search covers it. */
function hasPendingAncestor(node: Element, nodes: ReadonlySet<Element>): boolean {
  for (let parent = node.parentElement; parent !== null; parent = parent.parentElement) if (nodes.has(parent)) return true;
  return false;
}
