import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Services } from '../../../services/services.js';
import type { AuditLogFilter } from '../../../store/audit-log.js';
import { requireAdmin } from '../../plugins/auth.js';
import { logCsv, logPage } from './log-paging.js';
import { parseQueryDate } from './query-dates.js';
import { AuditEntry, AuditLogQuery, DomainParams, ErrorBody } from './schemas.js';
import { Type } from 'typebox';

type Query = Static<typeof AuditLogQuery>;

function filterOf(query: Query): AuditLogFilter {
  return {
    actor: query.actor?.trim() || undefined,
    operation: query.operation?.trim() || undefined,
    target: query.target?.trim() || undefined,
    from: parseQueryDate(query.from, 'from'),
    to: parseQueryDate(query.to, 'to', 'to'),
  };
}

const AuditPage = Type.Object({ items: Type.Array(AuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) });
const tags = ['Admin Operation Logs'];

export function registerAuditLogRoutes(app: FastifyInstance, services: Services): void {
  app.get(
    '/audit-logs',
    {
      schema: {
        tags,
        summary: 'Admin Operation Logs, newest first',
        params: DomainParams,
        querystring: AuditLogQuery,
        response: { 200: AuditPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { domain } = request.params as Static<typeof DomainParams>;
      const { tenant } = await requireAdmin(services, request, domain);
      const query = request.query as Query;
      const filter = filterOf(query);
      return logPage(
        (limit, before) => services.audit.list(tenant.id, filter, limit, before),
        query.limit ?? 50,
        query.cursor,
      );
    },
  );

  app.get(
    '/audit-logs.csv',
    {
      schema: {
        tags,
        summary: 'Download Admin Operation Logs as CSV',
        params: DomainParams,
        querystring: AuditLogQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { domain } = request.params as Static<typeof DomainParams>;
      const { tenant } = await requireAdmin(services, request, domain);
      const filter = filterOf(request.query as Query);
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
