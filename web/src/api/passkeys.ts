import type { AdminPasskeyList } from '@contract/admin-api';
import type { ApiClient } from './client';

const passkeysPath = (userId: string) => `/users/${encodeURIComponent(userId)}/passkeys`;

export const listPasskeys = (api: ApiClient, userId: string) => api.get<AdminPasskeyList>(passkeysPath(userId));
export const removePasskey = (api: ApiClient, userId: string, passkeyId: string) =>
  api.send<void>('DELETE', `${passkeysPath(userId)}/${encodeURIComponent(passkeyId)}`);
