import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import {
  generateEmergencyToken,
  INITIAL_EMERGENCY_TOKENS,
  maskEmergencyToken,
  MAX_EMERGENCY_TOKENS,
  normalizeEmergencyToken,
} from '../../core/otp/emergency-token.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Store } from '../../store/database.js';
import {
  claimFirstEmergencyTokenIssue,
  countUnusedEmergencyTokens,
  deleteEmergencyToken,
  deleteUnusedEmergencyTokens,
  insertEmergencyTokens,
  listEmergencyTokens,
  lockUserEmergencyTokens,
  spendEmergencyToken,
} from '../../store/emergency-tokens.js';
import type { EmergencyTokenRow, TenantRow, UserRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { NotFoundError } from '../errors.js';
import type { LockoutGuard } from '../policy/lockout-guard.js';
import { requireMayManage } from '../user-permissions.js';
import type { OtpSecrets } from './otp-secrets.js';

export interface EmergencyTokenView {
  id: string;
  masked: string;
  createdAt: string;
  usedAt: string | null;
}

const context = (row: Pick<EmergencyTokenRow, 'id'>) => `emergency-token:${row.id}`;

/**
 * OTP Emergency Tokens: single-use stand-ins for an OTP. Sealed, not hashed, because admins copy them to hand
 * over; a check opens the user's (at most 50) unused tokens and compares each in constant time.
 */
export class EmergencyTokenService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: OtpSecrets,
    private readonly audit: AuditService,
    private readonly guard: LockoutGuard,
  ) {}

  /** Every user has five tokens from the start; users created before OTP existed get theirs on first need. */
  async ensureIssued(user: UserRow): Promise<void> {
    if (user.emergency_tokens_issued_at !== 0) return;
    const now = this.clock.now();
    await this.store.db.transaction().execute(async (trx) => {
      if (await claimFirstEmergencyTokenIssue(trx, user.id, now))
        await insertEmergencyTokens(trx, this.newRows(user, INITIAL_EMERGENCY_TOKENS, now));
    });
    user.emergency_tokens_issued_at = now;
  }

  async list(user: UserRow): Promise<{ items: EmergencyTokenView[]; unused: number }> {
    await this.ensureIssued(user);
    const rows = await listEmergencyTokens(this.store.db, user.id);
    return {
      items: rows.map((row) => ({
        id: row.id,
        masked: maskEmergencyToken(this.open(row)),
        createdAt: new Date(row.created_at).toISOString(),
        usedAt: row.used_at ? new Date(row.used_at).toISOString() : null,
      })),
      unused: rows.filter((row) => row.used_at === 0).length,
    };
  }

  async countUnused(user: UserRow): Promise<number> {
    await this.ensureIssued(user);
    return countUnusedEmergencyTokens(this.store.db, user.id);
  }

  async add(tenant: TenantRow, actor: Actor, user: UserRow, count: number): Promise<void> {
    requireMayManage(actor, user);
    if (!Number.isInteger(count) || count < 1) throw new ValidationError('Add at least one token.', 'count');
    await this.ensureIssued(user);
    const now = this.clock.now();
    await this.store.db.transaction().execute(async (trx) => {
      // Counted under the lock: two admins adding at once must not pass the limit together.
      await lockUserEmergencyTokens(trx, user.id);
      const unused = await countUnusedEmergencyTokens(trx, user.id);
      if (unused + count > MAX_EMERGENCY_TOKENS)
        throw new ValidationError(
          `A user can hold at most ${MAX_EMERGENCY_TOKENS} unused tokens; ${unused} exist, so at most ${MAX_EMERGENCY_TOKENS - unused} can be added.`,
          'count',
        );
      await insertEmergencyTokens(trx, this.newRows(user, count, now));
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'emergency-token.add',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.login_id,
          after: { added: count, unused: unused + count },
        },
        trx,
      );
    });
  }

  /** Replaces the user's unused tokens with five new ones and returns them in clear: for `gatehouse admin recover`. */
  async reissue(tenant: TenantRow, actor: Actor, user: UserRow): Promise<string[]> {
    requireMayManage(actor, user);
    await this.ensureIssued(user);
    const rows = this.newRows(user, INITIAL_EMERGENCY_TOKENS, this.clock.now());
    await this.store.db.transaction().execute(async (trx) => {
      await deleteUnusedEmergencyTokens(trx, user.id);
      await insertEmergencyTokens(trx, rows);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'emergency-token.reissue',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.login_id,
          after: { unused: rows.length },
        },
        trx,
      );
    });
    return rows.map((row) => this.open(row));
  }

  /** The token in clear, for the console's Copy button; every reveal is logged. */
  async reveal(tenant: TenantRow, actor: Actor, user: UserRow, tokenId: string): Promise<string> {
    requireMayManage(actor, user);
    const row = (await listEmergencyTokens(this.store.db, user.id)).find((r) => r.id === tokenId);
    if (!row) throw new NotFoundError('No such emergency token for this user.');
    await this.audit.record(tenant.id, actor, {
      operation: 'emergency-token.reveal',
      targetType: 'user',
      targetId: user.id,
      targetLabel: user.login_id,
      after: { token: maskEmergencyToken(this.open(row)) },
    });
    return this.open(row);
  }

  async revoke(tenant: TenantRow, actor: Actor, user: UserRow, tokenId: string): Promise<void> {
    requireMayManage(actor, user);
    if (user.role === 'global-admin') {
      const rows = await listEmergencyTokens(this.store.db, user.id);
      const unused = rows.filter((row) => row.used_at === 0);
      if (unused.some((row) => row.id === tokenId))
        await this.guard.refuseIfNoGlobalAdminCouldSignIn(tenant, actor, {
          unusedEmergencyTokens: new Map([[user.id, unused.length - 1]]),
        });
    }
    await this.store.db.transaction().execute(async (trx) => {
      const row = (await listEmergencyTokens(trx, user.id)).find((r) => r.id === tokenId);
      if (!row || !(await deleteEmergencyToken(trx, user.id, tokenId)))
        throw new NotFoundError('No such emergency token for this user.');
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'emergency-token.revoke',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.login_id,
          before: { token: maskEmergencyToken(this.open(row)) },
        },
        trx,
      );
    });
  }

  /** Spends the token the user typed, if it is one of theirs and unused; a token works exactly once. */
  async spend(user: UserRow, input: string): Promise<boolean> {
    const wanted = normalizeEmergencyToken(input);
    if (!wanted) return false;
    await this.ensureIssued(user);
    const rows = (await listEmergencyTokens(this.store.db, user.id)).filter((row) => row.used_at === 0);
    let match: EmergencyTokenRow | undefined;
    for (const row of rows) {
      const candidate = Buffer.from(normalizeEmergencyToken(this.open(row)) ?? '');
      if (candidate.length === wanted.length && timingSafeEqual(candidate, Buffer.from(wanted))) match = row;
    }
    return match !== undefined && spendEmergencyToken(this.store.db, user.id, match.id, this.clock.now());
  }

  private newRows(user: UserRow, count: number, now: number): EmergencyTokenRow[] {
    return Array.from({ length: count }, () => {
      const id = newId();
      return {
        id,
        tenant_id: user.tenant_id,
        user_id: user.id,
        sealed: this.secrets.box.seal(generateEmergencyToken(), context({ id })),
        created_at: now,
        used_at: 0,
      };
    });
  }

  private open(row: EmergencyTokenRow): string {
    return this.secrets.box.open(row.sealed, context(row));
  }
}
