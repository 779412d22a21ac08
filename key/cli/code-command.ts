import { accountLabel, secondsLeftInStep, totpCode } from '../protocol/index.js';
import { loadAccounts, selectAccounts } from './account-store.js';

/**
 * With an account named, prints its bare code (easy to use in scripts); otherwise one line per account:
 * code, account, seconds left.
 */
export async function codeCommand(query: string | undefined): Promise<void> {
  const accounts = selectAccounts(await loadAccounts(), query);
  const now = Date.now();
  const left = secondsLeftInStep(now);
  for (const account of accounts) {
    const code = await totpCode(account.secret, now);
    console.log(query && accounts.length === 1 ? code : `${code}  ${accountLabel(account)}  (${left} s left)`);
  }
}
