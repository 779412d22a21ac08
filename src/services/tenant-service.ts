import type { Clock } from '../core/clock.js';
import { newId, randomToken } from '../core/ids.js';
import type { PasswordPolicy } from '../core/password-policy.js';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings, validateTenantSettings } from '../core/tenant-settings.js';
import { ValidationError } from '../core/validation-error.js';
import { isValidDomain } from '../config.js';
import type { Store } from '../store/database.js';
import type { TenantRow } from '../store/schema.js';
import { findTenantByDomain, insertTenant, updateTenantSettings, type TenantSettingsRow } from '../store/tenants.js';
import { insertUser, searchTextOf } from '../store/users.js';
import type { Actor } from './actor.js';
import { type AuditService, changedFields } from './audit-service.js';
import { ConflictError, ForbiddenError } from './errors.js';
import type { PasswordHasher } from './password-hasher.js';
import { permissionsOf } from '../core/roles.js';

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
  };
}

function settingsRow(settings: Partial<TenantSettings>): Partial<TenantSettingsRow> {
  const row: Partial<TenantSettingsRow> = {};
  if (settings.loginPageTitle !== undefined) row.login_page_title = settings.loginPageTitle;
  if (settings.showKeepMeLoggedIn !== undefined) row.show_keep_me_logged_in = settings.showKeepMeLoggedIn ? 1 : 0;
  if (settings.passwordPolicy !== undefined) row.password_policy = settings.passwordPolicy;
  if (settings.passwordMinLength !== undefined) row.password_min_length = settings.passwordMinLength;
  if (settings.lockoutThreshold !== undefined) row.lockout_threshold = settings.lockoutThreshold;
  if (settings.lockoutMinutes !== undefined) row.lockout_minutes = settings.lockoutMinutes;
  if (settings.timeZone !== undefined) row.time_zone = settings.timeZone;
  if (settings.mailSender !== undefined) row.mail_sender = settings.mailSender;
  if (settings.otpIssuerName !== undefined) row.otp_issuer = settings.otpIssuerName;
  return row;
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
  ) {}

  findByDomain(domain: string): Promise<TenantRow | undefined> {
    return findTenantByDomain(this.store.db, domain.toLowerCase());
  }

  /** A tenant and its initial Global Admin `admin@<domain>`, written together or not at all. */
  async createTenant(domain: string, adminPassword?: string): Promise<CreatedTenant> {
    const normalized = domain.trim().toLowerCase();
    if (!isValidDomain(normalized)) throw new ValidationError(`"${domain}" is not a domain name such as example.com.`, 'domain');
    if (await this.findByDomain(normalized)) throw new ConflictError(`The tenant ${normalized} already exists.`, 'domain');
    const now = this.clock.now();
    const password = adminPassword ?? randomToken(15);
    const passwordHash = await this.hasher.hash(password);
    const tenant: TenantRow = {
      id: newId(),
      domain: normalized,
      created_at: now,
      updated_at: now,
      ...(settingsRow(DEFAULT_TENANT_SETTINGS) as TenantSettingsRow),
    };
    const adminLoginId = `admin@${normalized}`;
    const admin = {
      login_id: adminLoginId,
      display_name: 'Administrator',
      family_name: '',
      given_name: '',
      email: adminLoginId,
    };
    await this.store.db.transaction().execute(async (trx) => {
      await insertTenant(trx, tenant);
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
      });
    });
    return { tenant, adminLoginId, generatedAdminPassword: adminPassword ? undefined : password };
  }

  async updateSettings(tenant: TenantRow, actor: Actor, input: Record<string, unknown>): Promise<TenantSettings> {
    if (!permissionsOf(actor.role).manageSystem) throw new ForbiddenError('Only a Global Admin can change domain settings.');
    const update = validateTenantSettings(input);
    const before = settingsOf(tenant);
    const after = { ...before, ...update };
    await this.store.db.transaction().execute(async (trx) => {
      await updateTenantSettings(trx, tenant.id, settingsRow(update), this.clock.now());
      const diff = changedFields(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
      await this.audit.record(
        tenant.id,
        actor,
        { operation: 'settings.update', targetType: 'tenant', targetId: tenant.id, targetLabel: tenant.domain, ...diff },
        trx,
      );
    });
    return after;
  }
}
