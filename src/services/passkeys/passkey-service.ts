import type { Clock } from '../../core/clock.js';
import { PASSKEY_REMOVAL_FRESH_SIGN_IN_MS, validatePasskeyName } from '../../core/passkey-rules.js';
import { ADMIN_PASSKEY_MESSAGES, PASSKEY_MESSAGES } from '../../core/messages.js';
import type { AdminPasskey } from '../../contract/admin-api/passkeys.js';
import type { Passkey } from '../../contract/portal/passkeys.js';
import type { Store } from '../../store/database.js';
import {
  deletePasskey,
  deletePasskeyUnlessLast,
  findPasskeyOfUser,
  listPasskeysOfUser,
  renamePasskey,
} from '../../store/passkeys.js';
import type { PasskeyRow, TenantRow, UserRow } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { requireManageUsers, requireMayChange, requireMayManage } from '../user-permissions.js';
import { adminPasskeyAppliesTo, adminPasskeyChosenFor } from '../policy/admin-passkey-requirement.js';
import type { LockoutGuard } from '../policy/lockout-guard.js';

export function passkeyView(row: PasskeyRow): Passkey {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at > 0 ? new Date(row.last_used_at).toISOString() : null,
    deviceType: row.device_type,
    backedUp: row.backed_up === 1,
    flaggedAt: row.flagged_at > 0 ? new Date(row.flagged_at).toISOString() : null,
  };
}

export function adminPasskeyView(row: PasskeyRow): AdminPasskey {
  const { id, name, createdAt, lastUsedAt, deviceType, backedUp, flaggedAt } = passkeyView(row);
  return { id, name, createdAt, lastUsedAt, aaguid: row.aaguid, deviceType, backedUp, flaggedAt };
}

/**
 * A user's passkeys as the portal's Passkeys page shows and changes them, and as an administrator sees and removes
 * them on the user details screen (issue 12).
 */
export class PasskeyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly guard: LockoutGuard,
  ) {}

  async list(actor: Actor, user: UserRow): Promise<PasskeyRow[]> {
    requireMayManage(actor, user);
    return listPasskeysOfUser(this.store.db, user.id);
  }

  /** Any administrator who may open the console sees a user's passkeys (the route checks viewConsole). */
  async listForAdmin(user: UserRow): Promise<PasskeyRow[]> {
    return listPasskeysOfUser(this.store.db, user.id);
  }

  async rename(tenant: TenantRow, actor: Actor, user: UserRow, id: string, nameInput: unknown): Promise<PasskeyRow> {
    requireMayManage(actor, user);
    const name = validatePasskeyName(nameInput);
    const before = await findPasskeyOfUser(this.store.db, user.id, id);
    if (!before) throw new NotFoundError(PASSKEY_MESSAGES.notFound);
    if (before.name === name) return before;
    try {
      await this.store.db.transaction().execute(async (trx) => {
        if (!(await renamePasskey(trx, user.id, id, name))) throw new NotFoundError(PASSKEY_MESSAGES.notFound);
        await this.audit.record(
          tenant.id,
          actor,
          {
            operation: 'passkey.rename',
            targetType: 'user',
            targetId: user.id,
            targetLabel: user.login_id,
            before: { passkeyId: id, name: before.name },
            after: { passkeyId: id, name },
          },
          trx,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(PASSKEY_MESSAGES.duplicateName(name), 'name');
      throw error;
    }
    return { ...before, name };
  }

  /**
   * Removing a passkey takes a way into the account away, so a session left open on a shared computer must not be
   * enough: the user must have typed their password within the last 5 minutes (`signedInAt`, the session's start).
   */
  async remove(tenant: TenantRow, actor: Actor, user: UserRow, id: string, signedInAt: number): Promise<void> {
    requireMayManage(actor, user);
    if (this.clock.now() - signedInAt > PASSKEY_REMOVAL_FRESH_SIGN_IN_MS)
      throw new ForbiddenError(PASSKEY_MESSAGES.signInAgainToRemove);
    await this.deleteAudited(tenant, actor, user, id, PASSKEY_MESSAGES.notFound);
  }

  /**
   * An administrator removes a user's passkey, for a lost device say. Who may is as for the user's OTP: a User Admin
   * for an ordinary user, a Global Admin for anyone. A User Admin's own passkeys are theirs to remove in the portal,
   * where removal asks for a fresh login; otherwise an unattended console session could strip them.
   */
  async removeAsAdmin(tenant: TenantRow, actor: Actor, user: UserRow, id: string): Promise<void> {
    if (actor.selfService) throw new ForbiddenError('You can change only your own account here.');
    requireManageUsers(actor);
    if (actor.userId === user.id && actor.role !== 'global-admin')
      throw new ForbiddenError(PASSKEY_MESSAGES.ownPasskeysInPortal);
    requireMayChange(actor, user);
    await this.deleteAudited(tenant, actor, user, id, PASSKEY_MESSAGES.notFoundForAdmin);
  }

  /**
   * Phishing-resistant sign-in for admins (SPEC §3.4): an admin's last passkey is their only way in once the rule
   * applies, so it stays; and, required now or from a date, the last Global Admin able to pass it keeps theirs.
   */
  private async refuseIfShutsOut(tenant: TenantRow, actor: Actor, user: UserRow): Promise<void> {
    if (!adminPasskeyChosenFor(tenant, user)) return;
    const left = (await listPasskeysOfUser(this.store.db, user.id)).length - 1;
    if (left === 0 && this.mustKeepOne(tenant, user)) throw new ConflictError(ADMIN_PASSKEY_MESSAGES.lastPasskey);
    await this.guard.refuseIfNoGlobalAdminCouldSignIn(tenant, actor, { passkeys: new Map([[user.id, left]]) });
  }

  private mustKeepOne(tenant: TenantRow, user: UserRow): boolean {
    return adminPasskeyAppliesTo(tenant, user, this.clock.now());
  }

  /** The audit entry names who removed it (the actor), whose it was (the target) and which one (id and name). */
  private async deleteAudited(
    tenant: TenantRow,
    actor: Actor,
    user: UserRow,
    id: string,
    notFound: string,
  ): Promise<void> {
    const before = await findPasskeyOfUser(this.store.db, user.id, id);
    if (!before) throw new NotFoundError(notFound);
    await this.refuseIfShutsOut(tenant, actor, user);
    const keepOne = this.mustKeepOne(tenant, user);
    await this.store.db.transaction().execute(async (trx) => {
      // The check above answers most requests clearly; this one holds when two removals race for the last two.
      const removed = keepOne ? await deletePasskeyUnlessLast(trx, user.id, id) : await deletePasskey(trx, user.id, id);
      if (removed === 'last') throw new ConflictError(ADMIN_PASSKEY_MESSAGES.lastPasskey);
      if (removed === false || removed === 'not-found') throw new NotFoundError(notFound);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'passkey.remove',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.login_id,
          before: { passkeyId: id, name: before.name, deviceType: before.device_type, aaguid: before.aaguid },
          after: null,
        },
        trx,
      );
    });
  }
}
