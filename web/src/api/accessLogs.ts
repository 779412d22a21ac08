// Access Logs (docs/admin-api.md, "Access Logs"; SPEC §7).
import type { AccessLogPage } from '@contract/admin-api';
import type { ApiClient, QueryParams } from './client';

export const listAccessLogs = (api: ApiClient, query: QueryParams) => api.get<AccessLogPage>('/access-logs', query);
export const accessLogsCsvUrl = (api: ApiClient, query: QueryParams) => api.url('/access-logs.csv', query);
