// Entrance passes of one user (docs/admin-api.md, "Entrance passes"; SPEC §5.2).
import type { EntrancePassList } from '@contract/admin-api';
import type { ApiClient } from './client';

const passesPath = (userId: string) => `/users/${encodeURIComponent(userId)}/entrance-passes`;

export const listEntrancePasses = (api: ApiClient, userId: string) => api.get<EntrancePassList>(passesPath(userId));
export const revokeEntrancePass = (api: ApiClient, userId: string, passId: string) =>
  api.send<void>('DELETE', `${passesPath(userId)}/${encodeURIComponent(passId)}`);
