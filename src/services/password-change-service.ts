import type { Clock } from '../core/clock.js';
import { PORTAL_MESSAGES, SIGN_IN_MESSAGES } from '../core/messages.js';
import { checkPassword } from '../core/password-policy.js';
import { ValidationError } from '../core/validation-error.js';
import type { Store } from '../store/database.js';
import type { TenantRow, UserRow } from '../store/schema.js';
import { deleteSessionsOfUser } from '../store/sessions.js';
import { updateUser } from '../store/users.js';
import type { AccessLogService } from './access-log-service.js';
import { AttemptRefusedError } from './errors.js';
import type { PasswordHasher } from './password-hasher.js';
import { type AccountLockout, lockoutRulesOf, lockoutStateOf } from './sign-in/guards/account-lockout.js';
import type { FamiliarClients } from './sign-in/guards/familiar-clients.js';
import type { RateGuard } from './sign-in/guards/rate-guard.js';
import type { SignInClient } from './sign-in/sign-in-context.js';
import { settingsOf } from './tenant-service.js';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * A user changing their own password in the portal. The current password is checked like a password at sign-in
 * (SPEC §5.1): a failure is counted in advance towards lockout and the address throttle, and given back when
 * it was right, so a stolen session cannot guess it endlessly. Other sessions of the user end; this one stays.
 */
export class PasswordChangeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly addressThrottle: RateGuard,
    private readonly lockout: AccountLockout,
    private readonly familiar: FamiliarClients,
    private readonly accessLog: AccessLogService,
  ) {}

  async change(
    tenant: TenantRow,
    user: UserRow,
    sessionId: string,
    change: PasswordChange,
    client: SignInClient,
  ): Promise<void> {
    await this.checkCurrentPassword(tenant, user, change.currentPassword, client);
    if (change.newPassword !== change.confirmPassword)
      throw new ValidationError(PORTAL_MESSAGES.confirmationMismatch, 'confirmPassword');
    if (change.newPassword === change.currentPassword)
      throw new ValidationError(PORTAL_MESSAGES.newPasswordSameAsOld, 'newPassword');
    const settings = settingsOf(tenant);
    const problem = checkPassword(
      change.newPassword,
      { policy: settings.passwordPolicy, minLength: settings.passwordMinLength },
      user.login_id,
    );
    if (problem) throw new ValidationError(problem, 'newPassword');
    const passwordHash = await this.hasher.hash(change.newPassword);
    await this.store.db.transaction().execute(async (trx) => {
      await updateUser(trx, tenant.id, user.id, { password_hash: passwordHash, updated_at: this.clock.now() });
      await deleteSessionsOfUser(trx, user.id, sessionId);
    });
  }

  private async checkCurrentPassword(tenant: TenantRow, user: UserRow, password: string, client: SignInClient) {
    const address = await this.addressThrottle.reserve(client.ip);
    if (!address) throw new AttemptRefusedError(429, SIGN_IN_MESSAGES.tooManyAttempts);
    const subject = { kind: 'user', tenantId: tenant.id, userId: user.id } as const;
    const rules = lockoutRulesOf(tenant);
    const reservation = await this.lockout.reserve(subject, rules, lockoutStateOf(user), () =>
      this.familiar.isFamiliar(user, client),
    );
    if (!reservation) throw new AttemptRefusedError(403, SIGN_IN_MESSAGES.accountLocked);
    if (await this.hasher.verify(user.password_hash, password)) {
      await this.lockout.release(reservation, rules);
      await this.addressThrottle.release(address);
      return;
    }
    await this.accessLog.record({
      tenantId: tenant.id,
      loginId: user.login_id,
      userId: user.id,
      ip: client.ip,
      userAgent: client.userAgent,
      service: 'change-password',
      result: 'denied',
      reason: 'invalid-credentials',
    });
    throw new ValidationError(PORTAL_MESSAGES.currentPasswordWrong, 'currentPassword');
  }
}
