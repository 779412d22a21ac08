import { referencesOf } from '../../core/policy/condition.js';
import { parseCondition, tokenize } from '../../core/policy/condition-parser.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Kysely } from 'kysely';
import { findNamedByIdentifier } from '../../store/ip-sets.js';
import type { Database } from '../../store/schema.js';

/**
 * A condition may only name IP Sets and templates that exist, and a template may not name another template:
 * checked when the condition is saved, so sign-in never meets a dangling name it would silently treat as false.
 */
export async function checkConditionReferences(
  db: Kysely<Database>,
  tenantId: string,
  condition: string,
  field: string,
  label: string,
  options: { allowTemplates: boolean } = { allowTemplates: true },
): Promise<void> {
  if (condition === '') return;
  const { ipSets, templates } = referencesOf(parseCondition(condition));
  // Like a syntax error, a dangling name is reported with the column where it stands.
  const tokens = tokenize(condition);
  const at = (term: string) => `(column ${tokens.find((token) => token.text === term)?.column ?? 1})`;
  for (const id of ipSets) {
    if (!(await findNamedByIdentifier(db, 'ip_sets', tenantId, id)))
      throw new ValidationError(`${label}: there is no IP Set "${id}" ${at(`ipset:${id}`)}`, field);
  }
  for (const id of templates) {
    if (!options.allowTemplates)
      throw new ValidationError(
        `${label}: a template cannot refer to another template ("template:${id}") ${at(`template:${id}`)}`,
        field,
      );
    if (!(await findNamedByIdentifier(db, 'policy_templates', tenantId, id)))
      throw new ValidationError(`${label}: there is no Access Policy Template "${id}" ${at(`template:${id}`)}`, field);
  }
}
