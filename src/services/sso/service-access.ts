import { parseCondition } from '../../core/policy/condition-parser.js';
import { decideLogin } from '../../core/policy/login-decision.js';
import {
  type CompiledServicePolicy,
  decideServiceAccess,
  type ServiceDecision,
} from '../../core/policy/service-decision.js';
import type { Store } from '../../store/database.js';
import { enabledServicesOfGroup, groupAllowsService } from '../../store/connected-services.js';
import { findDefaultGroup, findGroup } from '../../store/groups.js';
import type { ConnectedServiceRow, GroupRow, TenantRow, UserRow } from '../../store/schema.js';
import type { EvaluationContext } from '../../core/policy/condition-evaluator.js';
import type { LoginDecision } from '../../core/policy/login-decision.js';
import { adminOtpAppliesTo } from '../policy/admin-otp-enforcement.js';
import { evaluationContextFor } from '../policy/decision-context.js';
import type { EntrancePassService } from '../policy/entrance-pass-service.js';
import type { PolicyCatalog } from '../policy/policy-catalog.js';
import { oidcClientSettingsOf } from './connected-service-rows.js';

export type ServiceAccessDecision = ServiceDecision & { groupName: string };

/** Where and when: the browser's entrance pass (its cookie), or for Policy Check, a pass described. */
export interface AccessFacts {
  ip: string;
  now: number;
  passCookie?: string;
  hasPass?: boolean;
  passAgeDays?: number;
}

const DAY_MS = 86_400_000;

/** A service's own conditions, compiled: the same text is parsed once, not at every sign-on. */
function compileServicePolicy(row: ConnectedServiceRow): CompiledServicePolicy {
  return {
    name: row.name,
    allowCondition: row.allow_mode === 'conditions' && row.allow_condition ? parseCondition(row.allow_condition) : null,
    allowConditionText: row.allow_condition,
    requireOtp:
      row.otp_mode === 'always'
        ? 'always'
        : row.otp_mode === 'conditions' && row.otp_condition
          ? parseCondition(row.otp_condition)
          : 'group',
    requireOtpConditionText: row.otp_condition,
  };
}

/**
 * May this user open this service now, and with OTP? The user's Access Policy Group decides as at sign-in (its
 * allow condition, Skip OTP, admin OTP enforcement) and must list the service; the service adds its own
 * conditions (core/policy/service-decision.ts). Used by every single sign-on, the portal's tiles and Policy Check.
 */
export class ServiceAccess {
  private readonly compiled = new Map<string, { version: number; policy: CompiledServicePolicy }>();

  constructor(
    private readonly store: Store,
    private readonly catalog: PolicyCatalog,
    private readonly passes: EntrancePassService,
  ) {}

  async decide(
    tenant: TenantRow,
    user: UserRow,
    service: ConnectedServiceRow,
    facts: AccessFacts,
  ): Promise<ServiceAccessDecision> {
    const { group, login, context } = await this.groupDecision(tenant, user, facts);
    const allows = await groupAllowsService(this.store.db, tenant.id, group.id, service.id);
    return { ...decideServiceAccess(this.policyOf(service), allows, login, context), groupName: group.display_name };
  }

  /** The services the user may open now: the portal's tiles. */
  async openable(tenant: TenantRow, user: UserRow, facts: AccessFacts): Promise<ConnectedServiceRow[]> {
    const { group, login, context } = await this.groupDecision(tenant, user, facts);
    if (!login.allowed) return [];
    const rows = await enabledServicesOfGroup(this.store.db, tenant.id, group.id);
    // An OpenID Connect client has a tile only if it says where a sign-in starts (its initiate_login_uri).
    return rows.filter(
      (row) =>
        (row.type === 'saml' || oidcClientSettingsOf(row)?.initiateLoginUri) &&
        decideServiceAccess(this.policyOf(row), true, login, context).allowed,
    );
  }

  /** What the user's group says now, as at sign-in: the first half of every service decision. */
  private async groupDecision(
    tenant: TenantRow,
    user: UserRow,
    facts: AccessFacts,
  ): Promise<{ group: GroupRow; login: LoginDecision; context: EvaluationContext }> {
    const group =
      (await findGroup(this.store.db, tenant.id, user.group_id)) ?? (await findDefaultGroup(this.store.db, tenant.id));
    if (!group) throw new Error(`tenant ${tenant.domain} has no Default group`);
    const pass =
      facts.hasPass !== undefined
        ? facts.hasPass
          ? { issuedAt: facts.now - (facts.passAgeDays ?? 0) * DAY_MS }
          : null
        : await this.passes.validPass(user, facts.passCookie).then((row) => (row ? { issuedAt: row.issued_at } : null));
    const policies = await this.catalog.policiesOf(tenant);
    const context = evaluationContextFor(tenant, user, { ip: facts.ip, now: facts.now, pass }, policies);
    const login = decideLogin(this.catalog.groupOf(group), adminOtpAppliesTo(tenant, user, facts.now), context);
    return { group, login, context };
  }

  private policyOf(row: ConnectedServiceRow): CompiledServicePolicy {
    const cached = this.compiled.get(row.id);
    if (cached?.version === row.updated_at) return cached.policy;
    const policy = compileServicePolicy(row);
    if (this.compiled.size > 1000) this.compiled.clear();
    this.compiled.set(row.id, { version: row.updated_at, policy });
    return policy;
  }
}
