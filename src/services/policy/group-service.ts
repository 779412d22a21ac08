import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { DEFAULT_GROUP_SETTINGS, type GroupSettings, validateGroupSettings } from '../../core/policy/group-settings.js';
import { permissionsOf } from '../../core/roles.js';
import type { Store } from '../../store/database.js';
import {
  countUsersByGroup,
  deleteUnusedGroup,
  findGroup,
  findGroupByName,
  groupOfUser,
  insertGroup,
  listGroups,
  updateGroup,
} from '../../store/groups.js';
import {
  allowedServiceIdsOfGroup,
  existingServiceIds,
  listAllowedServicePairs,
  replaceAllowedServices,
} from '../../store/connected-services.js';
import type { Database, GroupRow, TenantRow, UserRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { type AuditService, changedFields } from '../audit-service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { checkConditionReferences } from './condition-references.js';
import { groupRowOf, groupSettingsOf } from './group-rows.js';
import type { LockoutGuard } from './lockout-guard.js';

export interface GroupView extends GroupSettings {
  id: string;
  isDefault: boolean;
  userCount: number;
  createdAt: string;
  updatedAt: string;
}

function viewOf(row: GroupRow, allowedServices: string[], userCount: number): GroupView {
  return {
    id: row.id,
    ...groupSettingsOf(row, allowedServices),
    isDefault: row.is_default === 1,
    userCount,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Access Control > Access Policy Groups (SPEC §4): list, add, edit, copy, delete. Changes need manageSystem. */
export class GroupService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly guard: LockoutGuard,
  ) {}

  async list(tenant: TenantRow): Promise<GroupView[]> {
    const [rows, counts, pairs] = await Promise.all([
      listGroups(this.store.db, tenant.id),
      countUsersByGroup(this.store.db, tenant.id),
      listAllowedServicePairs(this.store.db, tenant.id),
    ]);
    const allowed = (groupId: string) =>
      pairs.filter((pair) => pair.group_id === groupId).map((pair) => pair.service_id);
    return rows.map((row) => viewOf(row, allowed(row.id), counts.get(row.id) ?? 0));
  }

  async get(tenant: TenantRow, id: string): Promise<GroupView> {
    const row = await this.requireGroup(tenant, id);
    const [allowed, counts] = await Promise.all([
      allowedServiceIdsOfGroup(this.store.db, tenant.id, id),
      countUsersByGroup(this.store.db, tenant.id),
    ]);
    return viewOf(row, allowed, counts.get(id) ?? 0);
  }

  /** The user's group, or the Default group should the assignment point nowhere. */
  async rowOfUser(tenant: TenantRow, user: UserRow): Promise<GroupRow> {
    const group = await groupOfUser(this.store.db, tenant.id, user.group_id);
    if (!group) throw new Error(`tenant ${tenant.domain} has no Default group`);
    return group;
  }

  async create(tenant: TenantRow, actor: Actor, input: Record<string, unknown>): Promise<GroupView> {
    return this.insert(
      tenant,
      actor,
      validateGroupSettings(input, { ...DEFAULT_GROUP_SETTINGS, displayName: '' }),
      'group.create',
    );
  }

  /** Copy Access Policy Group: the source's settings, a new Display Name, and any field the admin changed. */
  async copy(tenant: TenantRow, actor: Actor, sourceId: string, input: Record<string, unknown>): Promise<GroupView> {
    const source = await this.requireGroup(tenant, sourceId);
    const allowed = await allowedServiceIdsOfGroup(this.store.db, tenant.id, sourceId);
    return this.insert(
      tenant,
      actor,
      validateGroupSettings(input, { ...groupSettingsOf(source, allowed), displayName: '' }),
      'group.copy',
      source,
    );
  }

  async update(tenant: TenantRow, actor: Actor, id: string, input: Record<string, unknown>): Promise<GroupView> {
    this.requireManage(actor);
    const current = await this.requireGroup(tenant, id);
    const before = groupSettingsOf(current, await allowedServiceIdsOfGroup(this.store.db, tenant.id, id));
    const settings = validateGroupSettings(input, before);
    await this.checkSettings(tenant, settings, current.id);
    const row = {
      ...groupRowOf(current.id, tenant.id, settings, current.created_at, current.is_default === 1),
      updated_at: this.clock.now(),
    };
    await this.guard.refuseIfNoGlobalAdminCouldSignIn(tenant, actor, { groups: new Map([[row.id, row]]) });
    await this.store.db.transaction().execute(async (trx) => {
      await updateGroup(trx, tenant.id, id, row);
      await this.saveAllowedServices(trx, tenant, id, settings.allowedServices);
      const diff = changedFields(
        before as unknown as Record<string, unknown>,
        settings as unknown as Record<string, unknown>,
      );
      await this.audit.record(
        tenant.id,
        actor,
        { operation: 'group.update', targetType: 'group', targetId: id, targetLabel: settings.displayName, ...diff },
        trx,
      );
    });
    return this.get(tenant, id);
  }

  async remove(tenant: TenantRow, actor: Actor, id: string): Promise<void> {
    this.requireManage(actor);
    const current = await this.requireGroup(tenant, id);
    if (current.is_default === 1) throw new ConflictError('The Default group cannot be deleted.');
    const allowed = await allowedServiceIdsOfGroup(this.store.db, tenant.id, id);
    await this.store.db.transaction().execute(async (trx) => {
      if (!(await deleteUnusedGroup(trx, tenant.id, id)))
        throw new ConflictError(
          'This group cannot be deleted while users are assigned to it. Assign them to another group first.',
        );
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'group.delete',
          targetType: 'group',
          targetId: id,
          targetLabel: current.display_name,
          before: groupSettingsOf(current, allowed) as unknown as Record<string, unknown>,
        },
        trx,
      );
    });
  }

  private async insert(
    tenant: TenantRow,
    actor: Actor,
    settings: GroupSettings,
    operation: string,
    source?: GroupRow,
  ): Promise<GroupView> {
    this.requireManage(actor);
    await this.checkSettings(tenant, settings);
    const row = groupRowOf(newId(), tenant.id, settings, this.clock.now());
    await this.store.db.transaction().execute(async (trx) => {
      await insertGroup(trx, row);
      await this.saveAllowedServices(trx, tenant, row.id, settings.allowedServices);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation,
          targetType: 'group',
          targetId: row.id,
          targetLabel: settings.displayName,
          ...(source ? { before: { copiedFrom: source.display_name } } : {}),
          after: settings as unknown as Record<string, unknown>,
        },
        trx,
      );
    });
    return viewOf(row, settings.allowedServices, 0);
  }

  /** Links the group to its services; one deleted since the check makes the whole change fail, not half-save. */
  private async saveAllowedServices(
    db: Kysely<Database>,
    tenant: TenantRow,
    groupId: string,
    serviceIds: string[],
  ): Promise<void> {
    const linked = await replaceAllowedServices(db, tenant.id, groupId, serviceIds);
    if (linked !== serviceIds.length)
      throw new ValidationError(
        'Allowed services: a service was deleted meanwhile. Reload and try again.',
        'allowedServices',
      );
  }

  private async checkSettings(tenant: TenantRow, settings: GroupSettings, ownId?: string): Promise<void> {
    const services = await existingServiceIds(this.store.db, tenant.id, settings.allowedServices);
    const unknown = settings.allowedServices.find((serviceId) => !services.has(serviceId));
    if (unknown !== undefined)
      throw new ValidationError(`Allowed services: there is no connected service "${unknown}".`, 'allowedServices');
    const clash = await findGroupByName(this.store.db, tenant.id, settings.displayName.toLowerCase());
    if (clash && clash.id !== ownId)
      throw new ConflictError('Another Access Policy Group already has this Display Name.', 'displayName');
    await checkConditionReferences(
      this.store.db,
      tenant.id,
      settings.allowCondition,
      'allowCondition',
      'Conditions to Allow Access',
    );
    await checkConditionReferences(
      this.store.db,
      tenant.id,
      settings.skipOtpCondition,
      'skipOtpCondition',
      'Skip OTP authentication',
    );
    await checkConditionReferences(
      this.store.db,
      tenant.id,
      settings.otpEmailChangeCondition,
      'otpEmailChangeCondition',
      'Allow changing the OTP notification email',
    );
  }

  private async requireGroup(tenant: TenantRow, id: string): Promise<GroupRow> {
    const row = id.length <= 64 ? await findGroup(this.store.db, tenant.id, id) : undefined;
    if (!row) throw new NotFoundError('No such Access Policy Group.');
    return row;
  }

  private requireManage(actor: Actor): void {
    if (!permissionsOf(actor.role).manageSystem)
      throw new ForbiddenError('Only a Global Admin can change Access Policy Groups.');
  }
}
