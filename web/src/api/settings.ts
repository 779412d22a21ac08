import type { ApiClient } from './client';
import type { DomainSettings } from './types';

export const getSettings = (api: ApiClient) => api.get<DomainSettings>('/settings');
export const updateSettings = (api: ApiClient, settings: Partial<DomainSettings>) =>
  api.send<DomainSettings>('PATCH', '/settings', settings);
