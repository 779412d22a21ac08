import { newTimeOrderedId } from '../core/ids.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/database.js';
import { type AuditLogFilter, insertAuditLog, listAuditLogs } from '../store/audit-log.js';
import type { AuditLogRow } from '../store/schema.js';
import type { Actor } from './actor.js';

export interface AuditEntry {
  id: string;
  at: string;
  actorLoginId: string;
  operation: string;
  targetType: string;
  targetId: string;
  targetLabel: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string;
  result: 'success' | 'failure';
}

export interface AuditRecord {
  operation: string;
  targetType: string;
  targetId: string;
  targetLabel: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  result?: 'success' | 'failure';
}

function toEntry(row: AuditLogRow): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actorLoginId: row.actor_login_id,
    operation: row.operation,
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    before: row.before_json ? (JSON.parse(row.before_json) as Record<string, unknown>) : null,
    after: row.after_json ? (JSON.parse(row.after_json) as Record<string, unknown>) : null,
    ip: row.ip,
    result: row.result === 'failure' ? 'failure' : 'success',
  };
}

/** Keeps only the fields whose values differ, so a log entry shows what the change actually was. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** `db` lets a caller write the entry inside its own transaction, so a change and its log land together. */
  async record(tenantId: string, actor: Actor, record: AuditRecord, db = this.store.db): Promise<void> {
    const at = this.clock.now();
    await insertAuditLog(db, {
      id: newTimeOrderedId(at),
      tenant_id: tenantId,
      at,
      actor_user_id: actor.userId,
      actor_login_id: actor.loginId,
      operation: record.operation,
      target_type: record.targetType,
      target_id: record.targetId,
      target_label: record.targetLabel,
      before_json: record.before ? JSON.stringify(record.before) : null,
      after_json: record.after ? JSON.stringify(record.after) : null,
      ip: actor.ip,
      result: record.result ?? 'success',
    });
  }

  async list(
    tenantId: string,
    filter: AuditLogFilter,
    limit: number,
    before?: { at: number; id: string },
  ): Promise<AuditEntry[]> {
    const rows = await listAuditLogs(this.store.db, tenantId, filter, limit, before);
    return rows.map(toEntry);
  }
}
