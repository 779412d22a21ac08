import type { Clock } from '../../core/clock.js';
import { evaluateAccessCondition } from '../../core/policy/condition-evaluator.js';
import { parseCondition } from '../../core/policy/condition-parser.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import { evaluationContextFor } from './decision-context.js';
import type { GroupService } from './group-service.js';
import type { PolicyCatalog } from './policy-catalog.js';

/**
 * "Allow changing the OTP notification email" (SPEC §3.2, §4): whether a user may, in the portal, move their
 * email OTP to another address. Setting the first address is not a change, and admins are not bound by it.
 */
export class OtpEmailChangePolicy {
  constructor(
    private readonly clock: Clock,
    private readonly groups: GroupService,
    private readonly catalog: PolicyCatalog,
  ) {}

  async allows(tenant: TenantRow, user: UserRow, newEmail: string, ip: string): Promise<boolean> {
    if (!user.otp_email || user.otp_email.toLowerCase() === newEmail.trim().toLowerCase()) return true;
    const group = await this.groups.rowOfUser(tenant, user);
    if (group.otp_email_change_mode === 'always') return true;
    if (group.otp_email_change_mode !== 'conditions' || !group.otp_email_change_condition) return false;
    const context = evaluationContextFor(
      tenant,
      user,
      { ip, now: this.clock.now(), pass: null },
      await this.catalog.policiesOf(tenant),
    );
    return evaluateAccessCondition(parseCondition(group.otp_email_change_condition), context);
  }
}
