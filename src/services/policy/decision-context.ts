import type { EvaluationContext } from '../../core/policy/condition-evaluator.js';
import { parseClientAddress } from '../../core/policy/ip-range.js';
import { localTimeIn } from '../../core/policy/local-time.js';
import type { Role } from '../../core/roles.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import type { CompiledPolicies } from './policy-catalog.js';

export interface RequestFacts {
  ip: string;
  now: number;
  /** The browser's valid entrance pass for this user, if it has one. */
  pass: { issuedAt: number } | null;
}

const DAY_MS = 86_400_000;

/** What conditions may look at for one user signing in from one place at one time. */
export function evaluationContextFor(
  tenant: TenantRow,
  user: UserRow,
  facts: RequestFacts,
  policies: CompiledPolicies,
): EvaluationContext {
  return {
    address: parseClientAddress(facts.ip),
    hasPass: facts.pass !== null,
    passAgeDays: facts.pass ? Math.floor((facts.now - facts.pass.issuedAt) / DAY_MS) : null,
    loginId: user.login_id_lower,
    role: user.role as Role,
    local: localTimeIn(tenant.time_zone, facts.now),
    attributes: JSON.parse(user.attributes) as Record<string, string>,
    ipSets: policies.ipSets,
    templates: policies.templates,
  };
}
