import type { Expression, Kysely, SqlBool } from 'kysely';
import { containsIgnoringCase } from './like.js';
import type { AuditLogRow, Database } from './schema.js';

export interface AuditLogFilter {
  actor?: string;
  operation?: string;
  target?: string;
  from?: number;
  to?: number;
}

export async function insertAuditLog(db: Kysely<Database>, row: AuditLogRow): Promise<void> {
  await db.insertInto('audit_logs').values(row).execute();
}

/** Newest first; `before` is the (at, id) of the last entry of the previous page. */
export function listAuditLogs(
  db: Kysely<Database>,
  tenantId: string,
  filter: AuditLogFilter,
  limit: number,
  before?: { at: number; id: string },
): Promise<AuditLogRow[]> {
  return db
    .selectFrom('audit_logs')
    .selectAll()
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = [eb('tenant_id', '=', tenantId)];
      if (filter.actor) conditions.push(containsIgnoringCase('actor_login_id', filter.actor));
      if (filter.operation) conditions.push(eb('operation', '=', filter.operation));
      if (filter.target) conditions.push(containsIgnoringCase('target_label', filter.target));
      if (filter.from !== undefined) conditions.push(eb('at', '>=', filter.from));
      if (filter.to !== undefined) conditions.push(eb('at', '<', filter.to));
      if (before) conditions.push(eb(eb.refTuple('at', 'id'), '<', eb.tuple(before.at, before.id)));
      return eb.and(conditions);
    })
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
