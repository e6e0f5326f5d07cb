/**
 * What runs use to reach the server and the pages: set once by the
 * background's `main()` (registerRunListeners), replaced by tests.
 */
import type { Clock, DomainBlockApi } from '../../core/ports';
import type { DomainRelationships } from '../../core/plan';
import type { RunProgress as RunProgressView } from '../../protocol';

/** Longer waits end the leg and set an alarm: MV3 workers stop after 30 idle seconds. */
export const MAX_INLINE_WAIT_MS = 20_000;

/** What runs need from the rest of the background. */
export interface RunsEnvironment {
  /** The personal-blocks adapter of a signed-in account; undefined when it is signed out. */
  domainBlocksFor(accountKey: string): Promise<DomainBlockApi | undefined>;
  /** Whom the account follows and is followed by, per domain; for plans that know counts but not names (4.3 preview). */
  relationshipsFor?(accountKey: string): Promise<ReadonlyMap<string, DomainRelationships>>;
  /** Called whenever a run's progress or state changes (the pages re-render). */
  onChange?(progress: RunProgressView | null): void | Promise<void>;
  clock?: Clock;
  newId?(): string;
  /** See {@link MAX_INLINE_WAIT_MS}. */
  maxInlineWaitMs?: number;
}

const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

let environment: RunsEnvironment | undefined;

/**
 * Sets what runs use to reach the server and the pages; registerRunListeners does, in the background's `main()`.
 * @param env - the environment.
 */
export function configureRuns(env: RunsEnvironment): void {
  environment = env;
}

/** The environment; throws before runs are configured. */
export function requireEnvironment(): RunsEnvironment {
  if (!environment) throw new Error('Runs are not configured: call configureRuns() in the background first.');
  return environment;
}

/** The environment's clock, or the system's. */
export const clock = (): Clock => environment?.clock ?? SYSTEM_CLOCK;

/** The environment, or undefined before runs are configured (nothing to resume then). */
export function configuredEnvironment(): RunsEnvironment | undefined {
  return environment;
}
