import type { SamlSigningKey, SamlSigningKeyList } from '@contract/admin-api';
import type { ApiClient } from './client';

export const listSamlSigningKeys = (api: ApiClient) => api.get<SamlSigningKeyList>('/saml-signing-keys');
export const prepareSamlSigningKey = (api: ApiClient) => api.send<SamlSigningKey>('POST', '/saml-signing-keys');
export const activateSamlSigningKey = (api: ApiClient, id: string) =>
  api.send<SamlSigningKey>('POST', `/saml-signing-keys/${encodeURIComponent(id)}/activate`);
export const retireSamlSigningKey = (api: ApiClient, id: string) =>
  api.send<SamlSigningKey>('POST', `/saml-signing-keys/${encodeURIComponent(id)}/retire`);
