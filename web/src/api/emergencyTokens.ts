import type { EmergencyTokenList, RevealedToken } from '@contract/admin-api';
import type { ApiClient } from './client';

const tokensPath = (userId: string) => `/users/${encodeURIComponent(userId)}/emergency-tokens`;
const tokenPath = (userId: string, tokenId: string) => `${tokensPath(userId)}/${encodeURIComponent(tokenId)}`;

export const listEmergencyTokens = (api: ApiClient, userId: string) => api.get<EmergencyTokenList>(tokensPath(userId));
export const addEmergencyTokens = (api: ApiClient, userId: string, count: number) =>
  api.send<EmergencyTokenList>('POST', tokensPath(userId), { count });
export const revealEmergencyToken = (api: ApiClient, userId: string, tokenId: string) =>
  api.send<RevealedToken>('POST', `${tokenPath(userId, tokenId)}/reveal`, {});
export const revokeEmergencyToken = (api: ApiClient, userId: string, tokenId: string) =>
  api.send<void>('DELETE', tokenPath(userId, tokenId));
