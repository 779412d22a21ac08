import type { Clock } from '../../core/clock.js';
import { evaluateAccessCondition, type EvaluationContext } from '../../core/policy/condition-evaluator.js';
import { parseCondition } from '../../core/policy/condition-parser.js';
import {
  createSessionToken,
  formatSessionToken,
  hashSecret,
  parseSessionToken,
  secretMatches,
} from '../../core/session-token.js';
import type { Store } from '../../store/database.js';
import { deleteEntrancePass, findEntrancePass, listEntrancePasses } from '../../store/entrance-passes.js';
import type { EntrancePassRow, TenantRow, UserRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { NotFoundError } from '../errors.js';
import { requireManageUsers, requireMayChange } from '../user-permissions.js';

export interface EntrancePassView {
  id: string;
  issuedAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  ip: string;
  userAgent: string;
}

const DAY_MS = 86_400_000;

export interface IssuedPass {
  cookieValue: string;
  expiresAt: number;
}

/**
 * Entrance passes (SPEC §5.2): a long-lived cookie marking a trusted browser, stored like a session token
 * (`id.secret`, only a hash kept). Conditions test it with `has_pass:` and `pass_age_days:`.
 */
export class EntrancePassService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The browser's valid pass for this user, if the cookie holds one. */
  async validPass(user: UserRow, cookieValue: string | undefined): Promise<EntrancePassRow | null> {
    const token = parseSessionToken(cookieValue);
    if (!token) return null;
    const row = await findEntrancePass(this.store.db, token.id);
    if (
      !row ||
      row.user_id !== user.id ||
      row.expires_at <= this.clock.now() ||
      !secretMatches(token.secret, row.secret_hash)
    )
      return null;
    return row;
  }

  /** Whether the tenant's "Conditions for Issuing Entrance Pass" hold for this sign-in. */
  shouldIssue(tenant: TenantRow, context: EvaluationContext): boolean {
    if (tenant.entrance_pass_mode === 'always') return true;
    if (tenant.entrance_pass_mode !== 'conditions' || !tenant.entrance_pass_condition) return false;
    return evaluateAccessCondition(parseCondition(tenant.entrance_pass_condition), context);
  }

  /** A new pass, not yet stored: the sign-in writes it together with the rest of its completion. */
  newPass(
    tenant: TenantRow,
    user: UserRow,
    ip: string,
    userAgent: string,
  ): { row: EntrancePassRow; cookie: IssuedPass } {
    const token = createSessionToken();
    const now = this.clock.now();
    const expiresAt = now + tenant.entrance_pass_days * DAY_MS;
    const row: EntrancePassRow = {
      id: token.id,
      tenant_id: tenant.id,
      user_id: user.id,
      secret_hash: hashSecret(token.secret),
      issued_at: now,
      expires_at: expiresAt,
      last_used_at: now,
      ip,
      user_agent: userAgent.slice(0, 512),
    };
    return { row, cookie: { cookieValue: formatSessionToken(token), expiresAt } };
  }

  async list(user: UserRow): Promise<EntrancePassView[]> {
    const now = this.clock.now();
    return (await listEntrancePasses(this.store.db, user.id))
      .filter((row) => row.expires_at > now)
      .map((row) => ({
        id: row.id,
        issuedAt: new Date(row.issued_at).toISOString(),
        expiresAt: new Date(row.expires_at).toISOString(),
        lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
        ip: row.ip,
        userAgent: row.user_agent,
      }));
  }

  async revoke(tenant: TenantRow, actor: Actor, user: UserRow, passId: string): Promise<void> {
    requireManageUsers(actor);
    requireMayChange(actor, user);
    await this.store.db.transaction().execute(async (trx) => {
      if (!(await deleteEntrancePass(trx, user.id, passId)))
        throw new NotFoundError('No such entrance pass for this user.');
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'entrance-pass.revoke',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.login_id,
          before: { passId },
        },
        trx,
      );
    });
  }
}
