import { accountLabel, type KeyAccount, KeyClient } from '../protocol/index.js';
import type { PendingRequest } from './request-display.js';

/**
 * The pending requests of every given account. One unreachable server does not hide the others' requests: its
 * error is passed to `onError`; only when every account fails is the (first) error thrown.
 */
export async function fetchPendingRequests(
  accounts: KeyAccount[],
  onError: (message: string) => void = (message) => console.error(message),
): Promise<PendingRequest[]> {
  const results = await Promise.allSettled(
    accounts.map(async (account) =>
      (await new KeyClient(account).listRequests()).map((request) => ({ account, request })),
    ),
  );
  const failures = results.flatMap((result, i) =>
    result.status === 'rejected' ? [{ account: accounts[i]!, error: result.reason as Error }] : [],
  );
  if (failures.length === accounts.length && failures[0]) throw failures[0].error;
  for (const { account, error } of failures) onError(`${accountLabel(account)}: ${error.message}`);
  return results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
