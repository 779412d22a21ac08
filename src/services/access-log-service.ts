import type { AccessLogEntry, AccessResult } from '../contract/admin-api/index.js';
import type { AccessLogReason } from '../core/access-log-reasons.js';
import type { Clock } from '../core/clock.js';
import { newTimeOrderedId } from '../core/ids.js';
import type { Store } from '../store/database.js';
import type { Metrics } from './metrics.js';
import { type AccessLogFilter, insertAccessLog, listAccessLogs } from '../store/access-log.js';
import type { Kysely } from 'kysely';
import type { AccessLogRow, Database } from '../store/schema.js';

export type { AccessLogReason };

export interface AccessAttempt {
  tenantId: string;
  loginId: string;
  userId?: string;
  ip: string;
  userAgent: string;
  service?: string;
  result: AccessResult;
  reason: AccessLogReason;
  otpMethod?: string;
}

const toEntry = (row: AccessLogRow): AccessLogEntry => ({
  id: row.id,
  at: new Date(row.at).toISOString(),
  loginId: row.login_id,
  userId: row.user_id,
  ip: row.ip,
  userAgent: row.user_agent,
  service: row.service,
  result: row.result,
  reason: row.reason,
  otpMethod: row.otp_method,
});

/** Log Management > Access Logs (SPEC §7): every sign-in attempt, allowed or denied, with its reason. */
export class AccessLogService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  async record(attempt: AccessAttempt, db: Kysely<Database> = this.store.db): Promise<void> {
    await insertAccessLog(db, this.rowOf(attempt));
    this.countRecorded(attempt);
  }

  /**
   * Counts an attempt for /metrics. `record` does it; a caller that writes `rowOf` in its own transaction calls it
   * once that transaction has committed, so that a rolled-back attempt is not counted.
   */
  countRecorded(attempt: AccessAttempt): void {
    this.metrics.countAccess(attempt);
  }

  rowOf(attempt: AccessAttempt): AccessLogRow {
    const at = this.clock.now();
    return {
      id: newTimeOrderedId(at),
      tenant_id: attempt.tenantId,
      at,
      login_id: attempt.loginId.slice(0, 254),
      user_id: attempt.userId ?? '',
      ip: attempt.ip,
      user_agent: attempt.userAgent.slice(0, 512),
      service: attempt.service ?? 'portal',
      result: attempt.result,
      reason: attempt.reason,
      otp_method: attempt.otpMethod ?? '',
    };
  }

  async list(
    tenantId: string,
    filter: AccessLogFilter,
    limit: number,
    before?: { at: number; id: string },
  ): Promise<AccessLogEntry[]> {
    return (await listAccessLogs(this.store.db, tenantId, filter, limit, before)).map(toEntry);
  }
}
