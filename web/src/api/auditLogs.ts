import type { ApiClient, QueryParams } from './client';
import type { AuditLogEntry, Page } from './types';

export const listAuditLogs = (api: ApiClient, query: QueryParams) => api.get<Page<AuditLogEntry>>('/audit-logs', query);
export const auditLogsCsvUrl = (api: ApiClient, query: QueryParams) => api.url('/audit-logs.csv', query);
