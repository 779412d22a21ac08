import type { Kysely } from 'kysely';
import { referencesOf } from '../../core/policy/condition.js';
import { parseCondition } from '../../core/policy/condition-parser.js';
import { listServices } from '../../store/connected-services.js';
import { listGroups } from '../../store/groups.js';
import { listNamed } from '../../store/ip-sets.js';
import type { Database, TenantRow } from '../../store/schema.js';

/**
 * Which groups, templates, connected services and settings name `ipset:<id>` or `template:<id>`: a referenced set or template cannot
 * be deleted or renamed, or a condition would silently stop matching.
 */
export async function conditionsNaming(db: Kysely<Database>, tenant: TenantRow, reference: string): Promise<string[]> {
  const [kind, id] = reference.split(':') as ['ipset' | 'template', string];
  const names = (condition: string): boolean => {
    if (!condition) return false;
    const refs = referencesOf(parseCondition(condition));
    return kind === 'ipset' ? refs.ipSets.has(id) : refs.templates.has(id);
  };
  const users: string[] = [];
  for (const group of await listGroups(db, tenant.id)) {
    if ([group.allow_condition, group.otp_condition, group.otp_email_change_condition].some(names))
      users.push(`group "${group.display_name}"`);
  }
  for (const service of await listServices(db, tenant.id)) {
    if ([service.allow_condition, service.otp_condition].some(names)) users.push(`connected service "${service.name}"`);
  }
  for (const template of await listNamed(db, 'policy_templates', tenant.id)) {
    if (names(template.condition)) users.push(`template "${template.identifier}"`);
  }
  if (names(tenant.entrance_pass_condition)) users.push('the entrance pass conditions');
  return users;
}
