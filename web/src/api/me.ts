import type { ApiClient } from './client';
import type { Me } from './types';

export const fetchMe = (api: ApiClient) => api.get<Me>('/me');
