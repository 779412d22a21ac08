import type { Clock } from '../../core/clock.js';
import { decideLogin, otpStepFor } from '../../core/policy/login-decision.js';
import { INITIAL_EMERGENCY_TOKENS } from '../../core/otp/emergency-token.js';
import { countUnusedEmergencyTokens } from '../../store/emergency-tokens.js';
import { adminOtpAppliesTo } from './admin-otp-enforcement.js';
import { adminPasskeyChosenFor } from './admin-passkey-requirement.js';
import { listPasskeysOfUser } from '../../store/passkeys.js';
import { parseCondition } from '../../core/policy/condition-parser.js';
import { LOCK_OUT_GUARD_MESSAGE } from '../../core/messages.js';
import type { Store } from '../../store/database.js';
import { listGroups } from '../../store/groups.js';
import type { GroupRow, TenantRow, UserRow } from '../../store/schema.js';
import { listActiveGlobalAdmins } from '../../store/users.js';
import type { Actor } from '../actor.js';
import { ConflictError } from '../errors.js';
import { evaluationContextFor } from './decision-context.js';
import { compileGroup, compileIpSet, type PolicyCatalog } from './policy-catalog.js';

/** A change about to be made, described by what it would replace. */
export interface PendingChange {
  /** The tenant with changed settings (admin OTP enforcement, for instance). */
  tenant?: TenantRow;
  groups?: ReadonlyMap<string, GroupRow>;
  /** Changed users; null for a deleted one. Reset OTP is a user whose `otp_type` becomes `none`. */
  users?: ReadonlyMap<string, UserRow | null>;
  /** How many unused emergency tokens a user would keep (revoking one), by user id. */
  unusedEmergencyTokens?: ReadonlyMap<string, number>;
  /** How many passkeys a user would keep (removing one), by user id. */
  passkeys?: ReadonlyMap<string, number>;
  /** IP Set entries by identifier; null for a deleted set. */
  ipSets?: ReadonlyMap<string, readonly string[] | null>;
  /** Template conditions by identifier; null for a deleted template. */
  templates?: ReadonlyMap<string, string | null>;
}

/**
 * SPEC §5.3 lock-out guards: refuses a change after which no enabled Global Admin could sign in from where the
 * acting admin is now (their address, this time, a fresh browser). Deleting or disabling the last Global Admin,
 * moving every one of them into a group that would deny them, or taking away the last OTP method or emergency
 * token that answers an OTP step they must pass, is refused with a clear message. Under phishing-resistant sign-in
 * for admins, required now or from a date, a Global Admin without a passkey counts as unable to sign in.
 */
export class LockoutGuard {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly catalog: PolicyCatalog,
  ) {}

  /** Refuses the change if it takes away the last way in; a tenant already locked out may still be mended. */
  async refuseIfNoGlobalAdminCouldSignIn(tenant: TenantRow, actor: Actor, change: PendingChange): Promise<void> {
    if (
      !(await this.anyGlobalAdminCouldSignIn(tenant, actor, change)) &&
      (await this.anyGlobalAdminCouldSignIn(tenant, actor, {}))
    )
      throw new ConflictError(LOCK_OUT_GUARD_MESSAGE);
  }

  private async anyGlobalAdminCouldSignIn(tenant: TenantRow, actor: Actor, change: PendingChange): Promise<boolean> {
    const admins = new Map((await listActiveGlobalAdmins(this.store.db, tenant.id)).map((user) => [user.id, user]));
    for (const [id, user] of change.users ?? []) {
      if (user && user.role === 'global-admin' && user.status === 'enabled') admins.set(id, user);
      else admins.delete(id);
    }
    if (admins.size === 0) return false;
    const groups = new Map((await listGroups(this.store.db, tenant.id)).map((group) => [group.id, group]));
    for (const [id, group] of change.groups ?? []) groups.set(id, group);
    const compiled = await this.catalog.policiesOf(tenant);
    const ipSets = new Map(compiled.ipSets);
    for (const [id, entries] of change.ipSets ?? []) {
      if (entries) ipSets.set(id, compileIpSet(entries));
      else ipSets.delete(id);
    }
    const templates = new Map(compiled.templates);
    for (const [id, condition] of change.templates ?? []) {
      if (condition) templates.set(id, parseCondition(condition));
      else templates.delete(id);
    }
    const now = this.clock.now();
    const settings = change.tenant ?? tenant;
    for (const admin of admins.values()) {
      const group = groups.get(admin.group_id);
      if (!group) continue;
      const context = evaluationContextFor(settings, admin, { ip: actor.ip, now, pass: null }, { ipSets, templates });
      const enforced = adminOtpAppliesTo(settings, admin, now);
      const decision = decideLogin(compileGroup(group), enforced, context);
      if (!decision.allowed) continue;
      // Phishing-resistant sign-in (SPEC §3.4): only a passkey answers the OTP step, whatever else the admin has.
      if (adminPasskeyChosenFor(settings, admin)) {
        const passkeys = change.passkeys?.get(admin.id) ?? (await listPasskeysOfUser(this.store.db, admin.id)).length;
        if (passkeys > 0) return true;
        continue;
      }
      // Past the allow condition the admin must also get through the OTP step: a method, a token, or forced setup.
      const step = otpStepFor({
        otpRequired: decision.otpRequired,
        hasOtpMethod: admin.otp_type !== 'none',
        adminOtpEnforced: enforced,
        adminWithoutOtp: settings.admin_otp_missing === 'deny' ? 'deny' : 'setup',
        unusedEmergencyTokens:
          change.unusedEmergencyTokens?.get(admin.id) ??
          (admin.emergency_tokens_issued_at === 0
            ? INITIAL_EMERGENCY_TOKENS
            : await countUnusedEmergencyTokens(this.store.db, admin.id)),
      });
      if (step !== 'deny') return true;
    }
    return false;
  }
}
