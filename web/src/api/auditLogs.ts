import type { AuditPage } from '@contract/admin-api';
import type { ApiClient, QueryParams } from './client';

export const listAuditLogs = (api: ApiClient, query: QueryParams) => api.get<AuditPage>('/audit-logs', query);
export const auditLogsCsvUrl = (api: ApiClient, query: QueryParams) => api.url('/audit-logs.csv', query);
