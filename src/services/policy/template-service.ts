import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { checkConditionSyntax } from '../../core/policy/group-settings.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Store } from '../../store/database.js';
import {
  deleteNamed,
  findNamed,
  findNamedByIdentifier,
  insertNamed,
  listNamed,
  updateNamed,
} from '../../store/ip-sets.js';
import type { PolicyTemplateRow, TenantRow } from '../../store/schema.js';
import { bumpPolicyVersion } from '../../store/tenants.js';
import type { TenantCache } from '../tenant-cache.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { checkConditionReferences } from './condition-references.js';
import { conditionsNaming } from './condition-users.js';
import { requireManageSystem, validateIdentifier } from './ip-set-service.js';
import type { LockoutGuard } from './lockout-guard.js';

export interface TemplateView {
  id: string;
  identifier: string;
  displayName: string;
  condition: string;
  createdAt: string;
  updatedAt: string;
}

const viewOf = (row: PolicyTemplateRow): TemplateView => ({
  id: row.id,
  identifier: row.identifier,
  displayName: row.display_name,
  condition: row.condition,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** Access Control > Access Policy Templates: named conditions that groups use as `template:<identifier>`. */
export class TemplateService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly guard: LockoutGuard,
    private readonly tenants: TenantCache,
  ) {}

  async list(tenant: TenantRow): Promise<TemplateView[]> {
    return (await listNamed(this.store.db, 'policy_templates', tenant.id)).map(viewOf);
  }

  async get(tenant: TenantRow, id: string): Promise<TemplateView> {
    return viewOf(await this.requireTemplate(tenant, id));
  }

  async create(tenant: TenantRow, actor: Actor, input: Record<string, unknown>): Promise<TemplateView> {
    requireManageSystem(actor);
    const value = await this.validate(tenant, input, { identifier: '', displayName: '', condition: '' });
    if (await findNamedByIdentifier(this.store.db, 'policy_templates', tenant.id, value.identifier))
      throw new ConflictError('Another template already has this identifier.', 'identifier');
    const now = this.clock.now();
    const row: PolicyTemplateRow = {
      id: newId(),
      tenant_id: tenant.id,
      identifier: value.identifier,
      display_name: value.displayName,
      condition: value.condition,
      created_at: now,
      updated_at: now,
    };
    await this.store.db.transaction().execute(async (trx) => {
      await insertNamed(trx, 'policy_templates', row);
      await bumpPolicyVersion(trx, tenant.id);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'template.create',
          targetType: 'template',
          targetId: row.id,
          targetLabel: row.identifier,
          after: { ...value },
        },
        trx,
      );
    });
    this.tenants.forget();
    return viewOf(row);
  }

  async update(tenant: TenantRow, actor: Actor, id: string, input: Record<string, unknown>): Promise<TemplateView> {
    requireManageSystem(actor);
    const current = await this.requireTemplate(tenant, id);
    const before = viewOf(current);
    const value = await this.validate(tenant, input, before);
    if (value.identifier !== current.identifier) {
      if (await findNamedByIdentifier(this.store.db, 'policy_templates', tenant.id, value.identifier))
        throw new ConflictError('Another template already has this identifier.', 'identifier');
      const users = await conditionsNaming(this.store.db, tenant, `template:${current.identifier}`);
      if (users.length > 0)
        throw new ConflictError(`The identifier cannot change while ${users.join(', ')} use it.`, 'identifier');
    }
    await this.guard.refuseIfNoGlobalAdminCouldSignIn(tenant, actor, {
      templates: new Map([[current.identifier, value.condition]]),
    });
    const update = {
      identifier: value.identifier,
      display_name: value.displayName,
      condition: value.condition,
      updated_at: this.clock.now(),
    };
    await this.store.db.transaction().execute(async (trx) => {
      await updateNamed(trx, 'policy_templates', tenant.id, id, update);
      await bumpPolicyVersion(trx, tenant.id);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'template.update',
          targetType: 'template',
          targetId: id,
          targetLabel: value.identifier,
          before: { identifier: before.identifier, displayName: before.displayName, condition: before.condition },
          after: { ...value },
        },
        trx,
      );
    });
    this.tenants.forget();
    return viewOf({ ...current, ...update });
  }

  async remove(tenant: TenantRow, actor: Actor, id: string): Promise<void> {
    requireManageSystem(actor);
    const current = await this.requireTemplate(tenant, id);
    const users = await conditionsNaming(this.store.db, tenant, `template:${current.identifier}`);
    if (users.length > 0)
      throw new ConflictError(`This template is used by ${users.join(', ')}. Remove it from their conditions first.`);
    await this.store.db.transaction().execute(async (trx) => {
      await deleteNamed(trx, 'policy_templates', tenant.id, id);
      await bumpPolicyVersion(trx, tenant.id);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'template.delete',
          targetType: 'template',
          targetId: id,
          targetLabel: current.identifier,
          before: { condition: current.condition },
        },
        trx,
      );
    });
    this.tenants.forget();
  }

  private async validate(
    tenant: TenantRow,
    input: Record<string, unknown>,
    base: { identifier: string; displayName: string; condition: string },
  ) {
    const merged = { ...base, ...input };
    const identifier = validateIdentifier(merged.identifier);
    const displayName = typeof merged.displayName === 'string' ? merged.displayName.trim() : '';
    if (displayName.length > 256)
      throw new ValidationError('Display Name must be at most 256 characters.', 'displayName');
    const condition = checkConditionSyntax(merged.condition, 'condition', 'Condition');
    await checkConditionReferences(this.store.db, tenant.id, condition, 'condition', 'Condition', {
      allowTemplates: false,
    });
    return { identifier, displayName: displayName || identifier, condition };
  }

  private async requireTemplate(tenant: TenantRow, id: string): Promise<PolicyTemplateRow> {
    const row = id.length <= 64 ? await findNamed(this.store.db, 'policy_templates', tenant.id, id) : undefined;
    if (!row) throw new NotFoundError('No such Access Policy Template.');
    return row;
  }
}
