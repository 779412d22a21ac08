import type { Condition } from '../../core/policy/condition.js';
import { parseCondition } from '../../core/policy/condition-parser.js';
import type { CompiledGroup } from '../../core/policy/login-decision.js';
import type { AllowMode, SkipOtpMode } from '../../core/policy/group-settings.js';
import { parseAnyIpRange, type IpRange } from '../../core/policy/ip-range.js';
import { IpSetIndex } from '../../core/policy/ip-set-index.js';
import type { Store } from '../../store/database.js';
import { listNamed } from '../../store/ip-sets.js';
import type { GroupRow, TenantRow } from '../../store/schema.js';

export interface CompiledPolicies {
  ipSets: Map<string, IpSetIndex>;
  templates: Map<string, Condition>;
}

export function compileIpSet(entries: readonly string[]): IpSetIndex {
  return new IpSetIndex(
    entries.map((entry) => parseAnyIpRange(entry)).filter((range): range is IpRange => range !== null),
  );
}

export function compileGroup(row: GroupRow): CompiledGroup {
  return {
    displayName: row.display_name,
    allowAccess: row.allow_mode as AllowMode,
    allowCondition: row.allow_mode === 'conditions' && row.allow_condition ? parseCondition(row.allow_condition) : null,
    skipOtp: row.otp_mode as SkipOtpMode,
    skipOtpCondition: row.otp_mode === 'conditions' && row.otp_condition ? parseCondition(row.otp_condition) : null,
    allowConditionText: row.allow_condition,
    skipOtpConditionText: row.otp_condition,
  };
}

/**
 * The tenant's IP Sets and templates, compiled once and reused until the tenant's policy_version changes, so a
 * sign-in decision costs lookups, not parsing; every server process notices a change at its next decision.
 */
export class PolicyCatalog {
  private readonly compiled = new Map<string, { version: number; policies: CompiledPolicies }>();
  private readonly groups = new Map<string, { source: string; group: CompiledGroup }>();

  constructor(private readonly store: Store) {}

  async policiesOf(tenant: TenantRow): Promise<CompiledPolicies> {
    const cached = this.compiled.get(tenant.id);
    if (cached && cached.version === tenant.policy_version) return cached.policies;
    const [sets, templates] = await Promise.all([
      listNamed(this.store.db, 'ip_sets', tenant.id),
      listNamed(this.store.db, 'policy_templates', tenant.id),
    ]);
    const policies: CompiledPolicies = {
      ipSets: new Map(sets.map((set) => [set.identifier, compileIpSet(JSON.parse(set.entries) as string[])])),
      templates: new Map(templates.map((template) => [template.identifier, parseCondition(template.condition)])),
    };
    this.compiled.set(tenant.id, { version: tenant.policy_version, policies });
    return policies;
  }

  /**
   * Keyed by what the compiled group is made of, not by updated_at: two saves within one clock tick share an
   * updated_at, and the second must not be hidden behind the first.
   */
  groupOf(row: GroupRow): CompiledGroup {
    const source = JSON.stringify([
      row.display_name,
      row.allow_mode,
      row.allow_condition,
      row.otp_mode,
      row.otp_condition,
    ]);
    const cached = this.groups.get(row.id);
    if (cached && cached.source === source) return cached.group;
    const group = compileGroup(row);
    this.groups.set(row.id, { source, group });
    return group;
  }
}
