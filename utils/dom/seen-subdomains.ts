/**
 * The subdomains a page marks through a blocked parent (`parent-blocked`: a
 * personal block covers the exact domain only), reported to the background so
 * that Options › Blocks can offer them (utils/background/seen-subdomains.ts).
 * Only the domain goes, lowercase punycode as the marks found it
 * (utils/dom/acct.ts): each once per page, in one batch a few seconds after
 * the first of it was marked.
 */
const REPORT_DELAY_MS = 3000;

/** A function to call with each subdomain marked through a blocked parent; `report` gets the batches. */
export function createSeenReporter(report: (domains: string[]) => unknown, signal: AbortSignal): (domain: string) => void {
  const known = new Set<string>();
  let batch: string[] = [];
  return (domain) => {
    if (known.has(domain)) return;
    known.add(domain);
    if (batch.push(domain) > 1) return;
    setTimeout(() => {
      if (!signal.aborted) report(batch);
      batch = [];
    }, REPORT_DELAY_MS);
  };
}
