import type { Expression, Kysely, SqlBool } from 'kysely';
import type { AccessLogReason } from '../core/access-log-reasons.js';
import { containsIgnoringCase } from './like.js';
import { precompiledRow } from './precompiled-query.js';
import type { AccessLogRow, Database } from './schema.js';

export interface AccessLogFilter {
  loginId?: string;
  userId?: string;
  result?: 'allowed' | 'denied';
  reason?: AccessLogReason;
  ip?: string;
  /** The Connected Service (portal, change-password and gatehouse-key for Gatehouse's own), as a substring. */
  service?: string;
  from?: number;
  to?: number;
}

const insertAccessLogRow = precompiledRow((db, row: AccessLogRow) => db.insertInto('access_logs').values(row));

export async function insertAccessLog(db: Kysely<Database>, row: AccessLogRow): Promise<void> {
  await insertAccessLogRow(db, row);
}

/** Newest first; `before` is the (at, id) of the last entry of the previous page. */
export function listAccessLogs(
  db: Kysely<Database>,
  tenantId: string,
  filter: AccessLogFilter,
  limit: number,
  before?: { at: number; id: string },
): Promise<AccessLogRow[]> {
  return db
    .selectFrom('access_logs')
    .selectAll()
    .where((eb) => {
      const conditions: Expression<SqlBool>[] = [eb('tenant_id', '=', tenantId)];
      if (filter.loginId) conditions.push(containsIgnoringCase('login_id', filter.loginId));
      if (filter.userId) conditions.push(eb('user_id', '=', filter.userId));
      if (filter.result) conditions.push(eb('result', '=', filter.result));
      if (filter.reason) conditions.push(eb('reason', '=', filter.reason));
      if (filter.ip) conditions.push(eb('ip', '=', filter.ip));
      if (filter.service) conditions.push(containsIgnoringCase('service', filter.service));
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
