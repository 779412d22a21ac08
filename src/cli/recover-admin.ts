import { commandLineActor } from '../services/actor.js';
import { NotFoundError } from '../services/errors.js';
import type { Services } from '../services/services.js';
import type { TenantRow } from '../store/schema.js';
import { ValidationError } from '../core/validation-error.js';

/**
 * The documented way back in for a host operator: a new password, the account enabled and unlocked.
 * It runs on the server host only, so it is allowed what the console refuses.
 */
export async function recoverAdmin(services: Services, tenant: TenantRow, loginId: string): Promise<{ loginId: string; password: string }> {
  const user = await services.users.findByLoginId(tenant, loginId);
  if (!user) throw new NotFoundError(`There is no user ${loginId} in ${tenant.domain}.`);
  if (user.role === 'none') throw new ValidationError(`${loginId} is not an administrator; use the admin console to help ordinary users.`);
  const actor = commandLineActor();
  if (user.status === 'disabled') await services.users.update(tenant, actor, user.id, { status: 'enabled' });
  const { password } = await services.users.resetPassword(tenant, actor, user.id);
  return { loginId: user.loginId, password: password as string };
}
