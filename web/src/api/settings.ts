import type { TenantSettings, TenantSettingsChanges } from '@contract/admin-api';
import type { ApiClient } from './client';

export const getSettings = (api: ApiClient) => api.get<TenantSettings>('/settings');
export const updateSettings = (api: ApiClient, settings: TenantSettingsChanges) =>
  api.send<TenantSettings>('PATCH', '/settings', settings);
