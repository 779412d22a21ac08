import type { Me } from '@contract/admin-api';
import type { ApiClient } from './client';

export const fetchMe = (api: ApiClient) => api.get<Me>('/me');
