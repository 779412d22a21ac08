// Connected Services (docs/admin-api.md, "Connected Services").
import type {
  ClientSecretList,
  ConnectedService,
  ConnectedServiceChanges,
  ConnectedServiceList,
  CreatedConnectedService,
  DeletedService,
  IdentityProvider,
  ImportedSpMetadata,
  RotatedClientSecret,
  SamlPresetList,
} from '@contract/admin-api';
import type { ApiClient } from './client';

const servicePath = (id: string) => `/connected-services/${encodeURIComponent(id)}`;

export const listConnectedServices = (api: ApiClient) => api.get<ConnectedServiceList>('/connected-services');
export const getConnectedService = (api: ApiClient, id: string) => api.get<ConnectedService>(servicePath(id));
export const createConnectedService = (api: ApiClient, changes: ConnectedServiceChanges) =>
  api.send<CreatedConnectedService>('POST', '/connected-services', changes);
export const updateConnectedService = (api: ApiClient, id: string, changes: ConnectedServiceChanges) =>
  api.send<ConnectedService>('PATCH', servicePath(id), changes);
export const deleteConnectedService = (api: ApiClient, id: string) =>
  api.send<DeletedService>('DELETE', servicePath(id));
export const listSamlPresets = (api: ApiClient) => api.get<SamlPresetList>('/connected-services/presets');
export const getIdentityProvider = (api: ApiClient) =>
  api.get<IdentityProvider>('/connected-services/identity-provider');
export const importSpMetadata = (api: ApiClient, xml: string) =>
  api.send<ImportedSpMetadata>('POST', '/connected-services/import-saml-metadata', { xml });
export const listClientSecrets = (api: ApiClient, id: string) =>
  api.get<ClientSecretList>(`${servicePath(id)}/client-secrets`);
export const rotateClientSecret = (api: ApiClient, id: string, overlapSeconds: number) =>
  api.send<RotatedClientSecret>('POST', `${servicePath(id)}/client-secrets`, { overlapSeconds });
export const deleteClientSecret = (api: ApiClient, id: string, secretId: string) =>
  api.send<null>('DELETE', `${servicePath(id)}/client-secrets/${encodeURIComponent(secretId)}`);
