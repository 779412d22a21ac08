import type { Clock } from '../core/clock.js';
import { PORTAL_MESSAGES } from '../core/messages.js';
import { checkPassword } from '../core/password-policy.js';
import { ValidationError } from '../core/validation-error.js';
import type { Store } from '../store/database.js';
import type { TenantRow, UserRow } from '../store/schema.js';
import { deleteSessionsOfUser } from '../store/sessions.js';
import { updateUser } from '../store/users.js';
import type { PasswordHasher } from './password-hasher.js';
import { settingsOf } from './tenant-service.js';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** A user changing their own password in the portal. Other sessions of the user end; this one stays. */
export class PasswordChangeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
  ) {}

  async change(tenant: TenantRow, user: UserRow, sessionId: string, change: PasswordChange): Promise<void> {
    if (!(await this.hasher.verify(user.password_hash, change.currentPassword)))
      throw new ValidationError(PORTAL_MESSAGES.currentPasswordWrong, 'currentPassword');
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
}
