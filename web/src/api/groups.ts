// Access Policy Groups (docs/admin-api.md, "Access Policy Groups (SPEC §4)").
import type { ApiClient } from './client';

export type AllowAccessMode = 'always' | 'conditions';
export type SkipOtpMode = 'always-require' | 'conditions' | 'always-skip';
export type OtpEmailChangeMode = 'always' | 'conditions' | 'never';

/** The settings an admin edits; conditions are `""` when their mode needs none. */
export interface GroupSettings {
  displayName: string;
  cookieExpirationHours: number;
  allowAccess: AllowAccessMode;
  allowCondition: string;
  skipOtp: SkipOtpMode;
  skipOtpCondition: string;
  allowPortalOtpSetup: boolean;
  otpEmailChange: OtpEmailChangeMode;
  otpEmailChangeCondition: string;
}

export interface Group extends GroupSettings {
  id: string;
  isDefault: boolean;
  userCount: number;
  allowedServices: string[];
  createdAt: string;
  updatedAt: string;
}

const groupPath = (id: string) => `/groups/${encodeURIComponent(id)}`;

export const listGroups = (api: ApiClient) => api.get<{ items: Group[] }>('/groups');
export const getGroup = (api: ApiClient, id: string) => api.get<Group>(groupPath(id));
export const createGroup = (api: ApiClient, settings: GroupSettings) =>
  api.send<Group>('POST', '/groups', { ...settings, allowedServices: [] });
export const updateGroup = (api: ApiClient, id: string, settings: GroupSettings) =>
  api.send<Group>('PATCH', groupPath(id), settings);
export const deleteGroup = (api: ApiClient, id: string) => api.send<void>('DELETE', groupPath(id));
/** Copy Access Policy Group: the source's settings, with the new name and the fields of the form. */
export const copyGroup = (api: ApiClient, sourceId: string, settings: GroupSettings) =>
  api.send<Group>('POST', `${groupPath(sourceId)}/copy`, settings);
