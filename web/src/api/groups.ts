// Access Policy Groups (docs/admin-api.md, "Access Policy Groups (SPEC §4)").
import type { Group, GroupList, GroupSettings } from '@contract/admin-api';
import type { ApiClient } from './client';

/** The settings the console edits: all of them, Allowed services included. */
export type EditableGroupSettings = GroupSettings;

const groupPath = (id: string) => `/groups/${encodeURIComponent(id)}`;

export const listGroups = (api: ApiClient) => api.get<GroupList>('/groups');
export const getGroup = (api: ApiClient, id: string) => api.get<Group>(groupPath(id));
export const createGroup = (api: ApiClient, settings: EditableGroupSettings) =>
  api.send<Group>('POST', '/groups', settings);
export const updateGroup = (api: ApiClient, id: string, settings: EditableGroupSettings) =>
  api.send<Group>('PATCH', groupPath(id), settings);
export const deleteGroup = (api: ApiClient, id: string) => api.send<void>('DELETE', groupPath(id));
/** Copy Access Policy Group: the source's settings, with the new name and the fields of the form. */
export const copyGroup = (api: ApiClient, sourceId: string, settings: EditableGroupSettings) =>
  api.send<Group>('POST', `${groupPath(sourceId)}/copy`, settings);
