/**
 * Module resolution hooks for the resume bench (resume.bench.ts): a stopped service worker is a copy
 * of the background's runs modules abandoned mid-run, and the next worker is a fresh copy that
 * shares nothing in memory with it. The bench imports `utils/background/runs/index.ts?worker=<n>`;
 * these hooks give every module of utils/background/runs/ that this copy imports the same
 * `worker` query, so that each worker has its own legs, limiters, progress and environment, as
 * `vi.resetModules()` gives the integration tests. Modules elsewhere are shared, as before.
 */
const RUNS_DIR = new URL('../utils/background/runs/', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const worker = context.parentURL ? new URL(context.parentURL).searchParams.get('worker') : null;
  if (worker === null || !resolved.url.startsWith(RUNS_DIR)) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set('worker', worker);
  return { ...resolved, url: url.href };
}
