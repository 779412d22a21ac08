import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { IDENTIFIER_PATTERN } from '../../core/policy/condition-terms.js';
import { parseAnyIpRange } from '../../core/policy/ip-range.js';
import { permissionsOf } from '../../core/roles.js';
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
import type { IpSetRow, TenantRow } from '../../store/schema.js';
import { bumpPolicyVersion } from '../../store/tenants.js';
import type { TenantCache } from '../tenant-cache.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { conditionsNaming } from './condition-users.js';
import type { LockoutGuard } from './lockout-guard.js';

export const MAX_IP_SET_ENTRIES = 100;

export interface IpSetView {
  id: string;
  identifier: string;
  displayName: string;
  entries: string[];
  createdAt: string;
  updatedAt: string;
}

const viewOf = (row: IpSetRow): IpSetView => ({
  id: row.id,
  identifier: row.identifier,
  displayName: row.display_name,
  entries: JSON.parse(row.entries) as string[],
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

interface IpSetInput {
  identifier: string;
  displayName: string;
  entries: string[];
}

export function validateIdentifier(value: unknown): string {
  if (typeof value !== 'string' || !IDENTIFIER_PATTERN.test(value))
    throw new ValidationError(
      'Identifier must be 3 to 255 characters: lower-case letters, digits, ".", "_" or "-".',
      'identifier',
    );
  return value;
}

function validateInput(input: Record<string, unknown>, base: IpSetInput): IpSetInput {
  const merged = { ...base, ...input };
  const identifier = validateIdentifier(merged.identifier);
  const displayName = typeof merged.displayName === 'string' ? merged.displayName.trim() : '';
  if (displayName.length > 256)
    throw new ValidationError('Display Name must be at most 256 characters.', 'displayName');
  if (!Array.isArray(merged.entries)) throw new ValidationError('Addresses must be a list.', 'entries');
  const entries = (merged.entries as unknown[])
    .map((entry) => (typeof entry === 'string' ? entry.trim() : ''))
    .filter((entry) => entry !== '');
  if (entries.length > MAX_IP_SET_ENTRIES)
    throw new ValidationError(`An IP Set holds at most ${MAX_IP_SET_ENTRIES} addresses or ranges.`, 'entries');
  for (const entry of entries) {
    if (!parseAnyIpRange(entry))
      throw new ValidationError(
        `"${entry}" is not an IP address, CIDR range (203.0.113.0/24) or from-to range (203.0.113.10-203.0.113.20).`,
        'entries',
      );
  }
  return { identifier, displayName: displayName || identifier, entries };
}

/** Access Control > IP Sets: named address lists that conditions test with `ipset:<identifier>`. */
export class IpSetService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly guard: LockoutGuard,
    private readonly tenants: TenantCache,
  ) {}

  async list(tenant: TenantRow): Promise<IpSetView[]> {
    return (await listNamed(this.store.db, 'ip_sets', tenant.id)).map(viewOf);
  }

  async get(tenant: TenantRow, id: string): Promise<IpSetView> {
    return viewOf(await this.requireSet(tenant, id));
  }

  async create(tenant: TenantRow, actor: Actor, input: Record<string, unknown>): Promise<IpSetView> {
    requireManageSystem(actor);
    const value = validateInput(input, { identifier: '', displayName: '', entries: [] });
    if (await findNamedByIdentifier(this.store.db, 'ip_sets', tenant.id, value.identifier))
      throw new ConflictError('Another IP Set already has this identifier.', 'identifier');
    const now = this.clock.now();
    const row: IpSetRow = {
      id: newId(),
      tenant_id: tenant.id,
      identifier: value.identifier,
      display_name: value.displayName,
      entries: JSON.stringify(value.entries),
      created_at: now,
      updated_at: now,
    };
    await this.store.db.transaction().execute(async (trx) => {
      await insertNamed(trx, 'ip_sets', row);
      await bumpPolicyVersion(trx, tenant.id);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'ip-set.create',
          targetType: 'ip-set',
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

  async update(tenant: TenantRow, actor: Actor, id: string, input: Record<string, unknown>): Promise<IpSetView> {
    requireManageSystem(actor);
    const current = await this.requireSet(tenant, id);
    const before = viewOf(current);
    const value = validateInput(input, before);
    if (value.identifier !== current.identifier) {
      if (await findNamedByIdentifier(this.store.db, 'ip_sets', tenant.id, value.identifier))
        throw new ConflictError('Another IP Set already has this identifier.', 'identifier');
      const users = await conditionsNaming(this.store.db, tenant, `ipset:${current.identifier}`);
      if (users.length > 0)
        throw new ConflictError(`The identifier cannot change while ${users.join(', ')} use it.`, 'identifier');
    }
    await this.guard.refuseIfNoGlobalAdminCouldSignIn(tenant, actor, {
      ipSets: new Map([[current.identifier, value.entries]]),
    });
    const update = {
      identifier: value.identifier,
      display_name: value.displayName,
      entries: JSON.stringify(value.entries),
      updated_at: this.clock.now(),
    };
    await this.store.db.transaction().execute(async (trx) => {
      await updateNamed(trx, 'ip_sets', tenant.id, id, update);
      await bumpPolicyVersion(trx, tenant.id);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'ip-set.update',
          targetType: 'ip-set',
          targetId: id,
          targetLabel: value.identifier,
          before: { identifier: before.identifier, displayName: before.displayName, entries: before.entries },
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
    const current = await this.requireSet(tenant, id);
    const users = await conditionsNaming(this.store.db, tenant, `ipset:${current.identifier}`);
    if (users.length > 0)
      throw new ConflictError(`This IP Set is used by ${users.join(', ')}. Remove it from their conditions first.`);
    await this.store.db.transaction().execute(async (trx) => {
      await deleteNamed(trx, 'ip_sets', tenant.id, id);
      await bumpPolicyVersion(trx, tenant.id);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'ip-set.delete',
          targetType: 'ip-set',
          targetId: id,
          targetLabel: current.identifier,
          before: { entries: JSON.parse(current.entries) },
        },
        trx,
      );
    });
    this.tenants.forget();
  }

  private async requireSet(tenant: TenantRow, id: string): Promise<IpSetRow> {
    const row = id.length <= 64 ? await findNamed(this.store.db, 'ip_sets', tenant.id, id) : undefined;
    if (!row) throw new NotFoundError('No such IP Set.');
    return row;
  }
}

export function requireManageSystem(actor: Actor): void {
  if (!permissionsOf(actor.role).manageSystem)
    throw new ForbiddenError('Only a Global Admin can change access policies.');
}
