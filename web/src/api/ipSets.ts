// IP Sets (docs/admin-api.md, "IP Sets and Access Policy Templates").
import type { IpSet, IpSetFields } from '@contract/admin-api';
import type { ApiClient } from './client';

const ipSetPath = (id: string) => `/ip-sets/${encodeURIComponent(id)}`;

export const listIpSets = (api: ApiClient) => api.get<{ items: IpSet[] }>('/ip-sets');
export const getIpSet = (api: ApiClient, id: string) => api.get<IpSet>(ipSetPath(id));
export const createIpSet = (api: ApiClient, fields: IpSetFields) => api.send<IpSet>('POST', '/ip-sets', fields);
export const updateIpSet = (api: ApiClient, id: string, fields: IpSetFields) =>
  api.send<IpSet>('PATCH', ipSetPath(id), fields);
export const deleteIpSet = (api: ApiClient, id: string) => api.send<void>('DELETE', ipSetPath(id));
