import type { StoredAccount } from './accounts.js';

// IndexedDB, because it stores CryptoKey objects as they are (localStorage holds text only).
const DB_NAME = 'gatehouse-key';
const DB_VERSION = 1;
const ACCOUNTS = 'accounts';
// Other tabs of the app reload their list when one of them changes it.
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('gatehouse-key-accounts') : undefined;

let opening: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(ACCOUNTS))
        request.result.createObjectStore(ACCOUNTS, { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened.'));
    request.onblocked = () => reject(new Error('Close the other Gatehouse Key tabs and reload.'));
  }).catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

function finished(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('Saving failed.'));
    transaction.onabort = () => reject(transaction.error ?? new Error('Saving was aborted.'));
  });
}

export async function loadAccounts(): Promise<StoredAccount[]> {
  const transaction = (await database()).transaction(ACCOUNTS, 'readonly');
  const request = transaction.objectStore(ACCOUNTS).getAll();
  await finished(transaction);
  return (request.result as StoredAccount[]).sort((a, b) => a.addedAt.localeCompare(b.addedAt));
}

/** Adds `account` and deletes `replaced` in one transaction: never both, never neither. */
export async function saveAccount(account: StoredAccount, replaced: readonly StoredAccount[] = []): Promise<void> {
  const transaction = (await database()).transaction(ACCOUNTS, 'readwrite');
  const store = transaction.objectStore(ACCOUNTS);
  for (const old of replaced) store.delete(old.id);
  store.put(account);
  await finished(transaction);
  channel?.postMessage('changed');
}

export async function deleteAccount(id: string): Promise<void> {
  const transaction = (await database()).transaction(ACCOUNTS, 'readwrite');
  transaction.objectStore(ACCOUNTS).delete(id);
  await finished(transaction);
  channel?.postMessage('changed');
}

export function onAccountsChangedElsewhere(listener: () => void): () => void {
  if (!channel) return () => undefined;
  channel.addEventListener('message', listener);
  return () => channel.removeEventListener('message', listener);
}
