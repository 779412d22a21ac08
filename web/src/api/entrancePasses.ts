// Entrance passes of one user (docs/admin-api.md, "Entrance passes"; SPEC §5.2).
import type { ApiClient } from './client';

export interface EntrancePass {
  id: string;
  issuedAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  ip: string;
  userAgent: string;
}

const passesPath = (userId: string) => `/users/${encodeURIComponent(userId)}/entrance-passes`;

export const listEntrancePasses = (api: ApiClient, userId: string) =>
  api.get<{ items: EntrancePass[] }>(passesPath(userId));
export const revokeEntrancePass = (api: ApiClient, userId: string, passId: string) =>
  api.send<void>('DELETE', `${passesPath(userId)}/${encodeURIComponent(passId)}`);
