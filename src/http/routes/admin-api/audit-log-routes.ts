import { AuditLogQuery, AuditPage, DomainParams, ErrorBody } from '../../../contract/admin-api/index.js';
import type { Services } from '../../../services/services.js';
import type { AuditLogFilter } from '../../../store/audit-log.js';
import { adminOf, type AdminApi } from '../../plugins/admin-api-scope.js';
import { logCsv, logPage } from './log-paging.js';
import { parseQueryDate } from './query-dates.js';

function filterOf(query: AuditLogQuery): AuditLogFilter {
  return {
    actor: query.actor?.trim() || undefined,
    operation: query.operation?.trim() || undefined,
    target: query.target?.trim() || undefined,
    from: parseQueryDate(query.from, 'from'),
    to: parseQueryDate(query.to, 'to', 'to'),
  };
}

const tags = ['Admin Operation Logs'];

export function registerAuditLogRoutes(api: AdminApi, services: Services): void {
  api.get(
    '/audit-logs',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'Admin Operation Logs, newest first',
        params: DomainParams,
        querystring: AuditLogQuery,
        response: { 200: AuditPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { tenant } = adminOf(request);
      const filter = filterOf(request.query);
      return logPage(
        (limit, before) => services.audit.list(tenant.id, filter, limit, before),
        request.query.limit ?? 50,
        request.query.cursor,
      );
    },
  );

  api.get(
    '/audit-logs.csv',
    {
      config: { permission: 'viewConsole' },
      schema: {
        tags,
        summary: 'Download Admin Operation Logs as CSV',
        params: DomainParams,
        querystring: AuditLogQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { tenant } = adminOf(request);
      const filter = filterOf(request.query);
      reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="admin-operation-logs-${tenant.domain}.csv"`);
      return reply.send(
        logCsv(
          ['Time', 'Actor', 'Operation', 'Target Type', 'Target', 'Before', 'After', 'IP', 'Result'],
          (limit, before) => services.audit.list(tenant.id, filter, limit, before),
          (e) => [
            e.at,
            e.actorLoginId,
            e.operation,
            e.targetType,
            e.targetLabel,
            e.before ? JSON.stringify(e.before) : '',
            e.after ? JSON.stringify(e.after) : '',
            e.ip,
            e.result,
          ],
        ),
      );
    },
  );
}
