import { isUniqueViolation } from '../store/unique-violation.js';
import type { Clock } from '../core/clock.js';
import { DEFAULT_GROUP_SETTINGS } from '../core/policy/group-settings.js';
import { newId, randomToken } from '../core/ids.js';
import type { PasswordPolicy } from '../core/password-policy.js';
import { permissionsOf } from '../core/roles.js';
import {
  ADMIN_OTP_GRACE_MS,
  type AdminOtpEnforcement,
  type AdminOtpMissing,
  type AdminPasskeyRequirement,
  checkSettingsCombination,
  DEFAULT_TENANT_SETTINGS,
  type EntrancePassMode,
  type TenantSettings,
  validateTenantSettings,
} from '../core/tenant-settings.js';
import { ValidationError } from '../core/validation-error.js';
import { isValidDomain } from '../config.js';
import { ADMIN_PASSKEY_MESSAGES } from '../core/messages.js';
import { listAdminsWithoutPasskey } from '../store/admin-readiness.js';
import type { Store } from '../store/database.js';
import { insertGroup } from '../store/groups.js';
import type { TenantRow } from '../store/schema.js';
import type { TenantCache } from './tenant-cache.js';
import { findTenantByDomain, insertTenant, updateTenantSettings, type TenantSettingsRow } from '../store/tenants.js';
import { insertUser, searchTextOf } from '../store/users.js';
import type { Actor } from './actor.js';
import { type AuditService, changedFields } from './audit-service.js';
import { ConflictError, ForbiddenError } from './errors.js';
import type { PasswordHasher } from './password-hasher.js';
import { groupRowOf } from './policy/group-rows.js';
import { checkConditionReferences } from './policy/condition-references.js';
import type { LockoutGuard } from './policy/lockout-guard.js';
import { adminPasskeyRequiredAt } from './policy/admin-passkey-requirement.js';

export function settingsOf(row: TenantRow): TenantSettings {
  return {
    loginPageTitle: row.login_page_title,
    showKeepMeLoggedIn: row.show_keep_me_logged_in === 1,
    passwordPolicy: row.password_policy as PasswordPolicy,
    passwordMinLength: row.password_min_length,
    lockoutThreshold: row.lockout_threshold,
    lockoutMinutes: row.lockout_minutes,
    timeZone: row.time_zone,
    mailSender: row.mail_sender,
    otpIssuerName: row.otp_issuer,
    entrancePass: row.entrance_pass_mode as EntrancePassMode,
    entrancePassCondition: row.entrance_pass_condition,
    entrancePassLifetimeDays: row.entrance_pass_days,
    adminOtpEnforcement: row.admin_otp_enforcement as AdminOtpEnforcement,
    adminOtpEnforcedFrom: row.admin_otp_enforced_from ? new Date(row.admin_otp_enforced_from).toISOString() : null,
    adminOtpMissing: row.admin_otp_missing as AdminOtpMissing,
    adminPasskeyRequirement: row.admin_passkey_requirement as AdminPasskeyRequirement,
    adminPasskeyRequiredFrom: row.admin_passkey_required_from
      ? new Date(row.admin_passkey_required_from).toISOString()
      : null,
  };
}

export function settingsRow(settings: TenantSettings): TenantSettingsRow {
  return {
    login_page_title: settings.loginPageTitle,
    show_keep_me_logged_in: settings.showKeepMeLoggedIn ? 1 : 0,
    password_policy: settings.passwordPolicy,
    password_min_length: settings.passwordMinLength,
    lockout_threshold: settings.lockoutThreshold,
    lockout_minutes: settings.lockoutMinutes,
    time_zone: settings.timeZone,
    mail_sender: settings.mailSender,
    otp_issuer: settings.otpIssuerName,
    entrance_pass_mode: settings.entrancePass,
    entrance_pass_condition: settings.entrancePassCondition,
    entrance_pass_days: settings.entrancePassLifetimeDays,
    admin_otp_enforcement: settings.adminOtpEnforcement,
    admin_otp_enforced_from: settings.adminOtpEnforcedFrom ? Date.parse(settings.adminOtpEnforcedFrom) : 0,
    admin_otp_missing: settings.adminOtpMissing,
    admin_passkey_requirement: settings.adminPasskeyRequirement,
    admin_passkey_required_from: settings.adminPasskeyRequiredFrom ? Date.parse(settings.adminPasskeyRequiredFrom) : 0,
  };
}

export interface CreatedTenant {
  tenant: TenantRow;
  adminLoginId: string;
  /** Set only when the password was generated: the caller prints it once. */
  generatedAdminPassword: string | undefined;
}

export class TenantService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly guard: LockoutGuard,
    private readonly cache: TenantCache,
  ) {}

  findByDomain(domain: string): Promise<TenantRow | undefined> {
    const normalized = domain.toLowerCase();
    // Every tenant's domain passed isValidDomain: anything else names none, and is not even sent to the database
    // (PostgreSQL refuses a NUL byte in a text parameter, which would otherwise surface as a 500).
    if (!isValidDomain(normalized)) return Promise.resolve(undefined);
    return this.cache.get(normalized, () => findTenantByDomain(this.store.db, normalized));
  }

  /**
   * A tenant, its Default group and its initial Global Admin `admin@<domain>`, written together or not at all.
   * Admin OTP enforcement starts scheduled 14 days ahead, so the first administrators have time to register.
   */
  async createTenant(domain: string, adminPassword?: string): Promise<CreatedTenant> {
    const normalized = domain.trim().toLowerCase();
    if (!isValidDomain(normalized))
      throw new ValidationError(`"${domain}" is not a domain name such as example.com.`, 'domain');
    if (await this.findByDomain(normalized))
      throw new ConflictError(`The tenant ${normalized} already exists.`, 'domain');
    const now = this.clock.now();
    const password = adminPassword ?? randomToken(15);
    const passwordHash = await this.hasher.hash(password);
    const tenant: TenantRow = {
      id: newId(),
      domain: normalized,
      created_at: now,
      updated_at: now,
      policy_version: 0,
      ...settingsRow({
        ...DEFAULT_TENANT_SETTINGS,
        adminOtpEnforcedFrom: new Date(now + ADMIN_OTP_GRACE_MS).toISOString(),
      }),
    };
    const defaultGroup = groupRowOf(newId(), tenant.id, DEFAULT_GROUP_SETTINGS, now, true);
    const adminLoginId = `admin@${normalized}`;
    const admin = {
      login_id: adminLoginId,
      display_name: 'Administrator',
      family_name: '',
      given_name: '',
      email: adminLoginId,
    };
    try {
      await this.store.db.transaction().execute(async (trx) => {
        await insertTenant(trx, tenant);
        await insertGroup(trx, defaultGroup);
        await insertUser(trx, {
          id: newId(),
          tenant_id: tenant.id,
          ...admin,
          login_id_lower: adminLoginId,
          search_text: searchTextOf(admin),
          status: 'enabled',
          role: 'global-admin',
          password_hash: passwordHash,
          failed_login_count: 0,
          locked_until: 0,
          last_login_at: 0,
          created_at: now,
          updated_at: now,
          group_id: defaultGroup.id,
        });
      });
    } catch (error) {
      // Another server created the same tenant between the check above and this transaction (servers starting
      // together on an empty database): nothing of this one was written.
      if (isUniqueViolation(error)) throw new ConflictError(`The tenant ${normalized} already exists.`, 'domain');
      throw error;
    }
    this.cache.forget();
    return { tenant, adminLoginId, generatedAdminPassword: adminPassword ? undefined : password };
  }

  async updateSettings(tenant: TenantRow, actor: Actor, input: Record<string, unknown>): Promise<TenantSettings> {
    if (!permissionsOf(actor.role).manageSystem)
      throw new ForbiddenError('Only a Global Admin can change domain settings.');
    const update = validateTenantSettings(input);
    const before = settingsOf(tenant);
    const after: TenantSettings = { ...before, ...update };
    if (after.entrancePass !== 'conditions') after.entrancePassCondition = '';
    if (
      after.adminOtpEnforcement === 'scheduled' &&
      update.adminOtpEnforcement === 'scheduled' &&
      !update.adminOtpEnforcedFrom &&
      !before.adminOtpEnforcedFrom
    )
      after.adminOtpEnforcedFrom = new Date(this.clock.now() + ADMIN_OTP_GRACE_MS).toISOString();
    checkSettingsCombination(after);
    await checkConditionReferences(
      this.store.db,
      tenant.id,
      after.entrancePassCondition,
      'entrancePassCondition',
      'Conditions for Issuing Entrance Pass',
    );
    // "Required now", or "Required from" a time already past, would shut out at once every admin without a passkey.
    const afterRow = { ...tenant, ...settingsRow(after) };
    const now = this.clock.now();
    if (adminPasskeyRequiredAt(afterRow, now) && !adminPasskeyRequiredAt(tenant, now))
      await this.refuseWhileAdminsLackPasskeys(tenant.id);
    // Enforcing admin OTP with "deny", or requiring passkeys, could shut out every Global Admin not yet ready.
    await this.guard.refuseIfNoGlobalAdminCouldSignIn(tenant, actor, { tenant: afterRow });
    await this.store.db.transaction().execute(async (trx) => {
      await updateTenantSettings(trx, tenant.id, settingsRow(after), this.clock.now());
      const diff = changedFields(
        before as unknown as Record<string, unknown>,
        after as unknown as Record<string, unknown>,
      );
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'settings.update',
          targetType: 'tenant',
          targetId: tenant.id,
          targetLabel: tenant.domain,
          ...diff,
        },
        trx,
      );
    });
    this.cache.forget();
    return after;
  }

  /** The enabled admins without a passkey, named in the refusal, so the Global Admin knows whom to help. */
  private async refuseWhileAdminsLackPasskeys(tenantId: string): Promise<void> {
    const unready = await listAdminsWithoutPasskey(this.store.db, tenantId);
    if (unready.length > 0)
      throw new ConflictError(
        ADMIN_PASSKEY_MESSAGES.requiredNowRefused(
          unready.length,
          unready.slice(0, 10).map((admin) => admin.login_id),
        ),
        'adminPasskeyRequirement',
      );
  }
}
