import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { csvLine } from '../../../core/csv.js';
import { ValidationError } from '../../../core/validation-error.js';
import type { Services } from '../../../services/services.js';
import { decodeCursor, encodeCursor } from '../../../services/list-cursor.js';
import type { AuditLogFilter } from '../../../store/audit-log.js';
import { requireAdmin } from '../../plugins/auth.js';
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

function positionOf(cursor: string | undefined): { at: number; id: string } | undefined {
  if (!cursor) return undefined;
  const { value, id } = decodeCursor(cursor);
  if (typeof value !== 'number') throw new ValidationError('The cursor is not valid; start again from the first page.', 'cursor');
  return { at: value, id };
}

const AuditPage = Type.Object({ items: Type.Array(AuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) });
const tags = ['Admin Operation Logs'];

export function registerAuditLogRoutes(app: FastifyInstance, services: Services): void {
  app.get('/audit-logs', { schema: { tags, summary: 'Admin Operation Logs, newest first', params: DomainParams, querystring: AuditLogQuery, response: { 200: AuditPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } } }, async (request) => {
    const { domain } = request.params as Static<typeof DomainParams>;
    const { tenant } = await requireAdmin(services, request, domain);
    const query = request.query as Query;
    const limit = query.limit ?? 50;
    const entries = await services.audit.list(tenant.id, filterOf(query), limit + 1, positionOf(query.cursor));
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page, nextCursor: entries.length > limit && last ? encodeCursor(Date.parse(last.at), last.id) : null };
  });

  app.get('/audit-logs.csv', { schema: { tags, summary: 'Download Admin Operation Logs as CSV', params: DomainParams, querystring: AuditLogQuery, produces: ['text/csv'] } }, async (request, reply) => {
    const { domain } = request.params as Static<typeof DomainParams>;
    const { tenant } = await requireAdmin(services, request, domain);
    const filter = filterOf(request.query as Query);
    async function* lines() {
      yield csvLine(['Time', 'Actor', 'Operation', 'Target Type', 'Target', 'Before', 'After', 'IP', 'Result']);
      let before: { at: number; id: string } | undefined;
      for (;;) {
        const entries = await services.audit.list(tenant.id, filter, 1000, before);
        for (const e of entries) {
          yield csvLine([e.at, e.actorLoginId, e.operation, e.targetType, e.targetLabel, e.before ? JSON.stringify(e.before) : '', e.after ? JSON.stringify(e.after) : '', e.ip, e.result]);
        }
        const last = entries[entries.length - 1];
        if (entries.length < 1000 || !last) return;
        before = { at: Date.parse(last.at), id: last.id };
      }
    }
    reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="admin-operation-logs-${tenant.domain}.csv"`);
    return reply.send(Readable.from(lines()));
  });
}
