import { loadAccounts, selectAccounts } from './account-store.js';
import { fetchPendingRequests, sleep } from './pending-requests.js';
import { describeRequest } from './request-display.js';

const POLL_INTERVAL_MS = 2000;

/**
 * Prints each request once, as it arrives, until interrupted. A failing poll does not stop the watch: each
 * failure is shown once (not every 2 s), and a clean poll afterwards says the connection is back.
 */
export async function watchCommand(accountQuery: string | undefined): Promise<never> {
  const accounts = selectAccounts(await loadAccounts(), accountQuery);
  const seen = new Set<string>();
  let shownErrors = new Set<string>();
  console.log(
    'Watching for sign-in requests (Ctrl-C to stop). Answer one with "gatehouse-key approve" and the number its ' +
      'browser shows, or refuse it with --reject or --not-me.',
  );
  for (;;) {
    const errors = new Set<string>();
    try {
      for (const pending of await fetchPendingRequests(accounts, (message) => errors.add(message))) {
        const key = `${pending.account.deviceId}/${pending.request.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        console.log(`\n${describeRequest(pending)}`);
      }
    } catch (error) {
      errors.add((error as Error).message);
    }
    for (const message of errors) if (!shownErrors.has(message)) console.error(message);
    if (errors.size === 0 && shownErrors.size > 0) console.error('Connection restored.');
    shownErrors = errors;
    await sleep(POLL_INTERVAL_MS);
  }
}
