import { accountLabel } from '../protocol/index.js';
import { loadAccounts, stateFilePath } from './account-store.js';

export async function listCommand(): Promise<void> {
  const accounts = await loadAccounts();
  if (accounts.length === 0) {
    console.log(`No account yet (state file: ${stateFilePath()}).`);
    return;
  }
  for (const account of accounts) {
    console.log(
      `${accountLabel(account)}  domain ${account.domain}  device "${account.deviceName}" (${account.deviceId})`,
    );
    console.log(`  server ${account.apiBase}, enrolled ${new Date(account.enrolledAt).toLocaleString()}`);
  }
}
