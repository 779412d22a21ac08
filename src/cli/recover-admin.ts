import { commandLineActor } from '../services/actor.js';
import { NotFoundError } from '../services/errors.js';
import type { Services } from '../services/services.js';
import type { TenantRow } from '../store/schema.js';
import { ValidationError } from '../core/validation-error.js';

/**
 * The documented way back in for a host operator (SPEC §5.3): a new password, the account enabled and unlocked,
 * and five new emergency tokens that stand in for a lost OTP device. It runs on the server host only.
 * An emergency token cannot pass phishing-resistant sign-in (SPEC §3.4), so that requirement is lifted too (Not
 * required, in the Admin Operation Logs like any settings change): the operator requires it again once the admin
 * has added a passkey.
 */
export async function recoverAdmin(
  services: Services,
  tenant: TenantRow,
  loginId: string,
): Promise<{ loginId: string; password: string; emergencyTokens: string[]; passkeyRequirementLifted: boolean }> {
  const user = await services.users.findByLoginId(tenant, loginId);
  if (!user) throw new NotFoundError(`There is no user ${loginId} in ${tenant.domain}.`);
  if (user.role === 'none')
    throw new ValidationError(`${loginId} is not an administrator; use the admin console to help ordinary users.`);
  const actor = commandLineActor();
  if (user.status === 'disabled') await services.users.update(tenant, actor, user.id, { status: 'enabled' });
  const { password } = await services.users.resetPassword(tenant, actor, user.id);
  const emergencyTokens = await services.emergencyTokens.reissue(
    tenant,
    actor,
    await services.users.requireRow(tenant, user.id),
  );
  const passkeyRequirementLifted = tenant.admin_passkey_requirement !== 'off';
  if (passkeyRequirementLifted)
    await services.tenants.updateSettings(tenant, actor, { adminPasskeyRequirement: 'off' });
  return { loginId: user.loginId, password: password as string, emergencyTokens, passkeyRequirementLifted };
}
