import type { Clock } from '../../core/clock.js';
import { newId, newTimeOrderedId } from '../../core/ids.js';
import { permissionsOf } from '../../core/roles.js';
import {
  type ConnectedServiceSettings,
  newServiceOf,
  SERVICE_TYPES,
  type ServiceType,
  validateConnectedServiceSettings,
} from '../../core/sso/connected-service-settings.js';
import { hashClientSecret, newClientId, newClientSecret } from '../../core/sso/oidc-client-credentials.js';
import { identityProviderEndpoints, type IdentityProviderEndpoints } from '../../core/sso/idp-endpoints.js';
import { newSubjectSalt } from '../../core/sso/pairwise-id.js';
import { type ImportedSpMetadata, parseSpMetadata } from '../../core/sso/saml-metadata.js';
import { SAML_PRESETS, type SamlPreset } from '../../core/sso/saml-presets.js';
import { ValidationError } from '../../core/validation-error.js';
import {
  deleteService,
  findSamlServiceByEntityId,
  findService,
  findServiceByName,
  groupsAllowingService,
  insertService,
  listAllowedServicePairs,
  listServices,
  updateService,
} from '../../store/connected-services.js';
import type { Store } from '../../store/database.js';
import { insertClientSecret } from '../../store/oidc-client-secrets.js';
import { countUsersByGroup } from '../../store/groups.js';
import type { ConnectedServiceRow, TenantRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { type AuditService, changedFields } from '../audit-service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { checkConditionReferences } from '../policy/condition-references.js';
import {
  auditValuesOf,
  type ConnectedServiceView,
  serviceColumnsOf,
  serviceSettingsOf,
  serviceViewOf,
} from './connected-service-rows.js';

/** A service just added; a confidential OpenID Connect client's first secret is shown here, and never again. */
export type CreatedService = ConnectedServiceView & { clientSecret?: string };

/** What deleting a service did: the groups that allowed it no longer list it. */
export interface DeletedService {
  removedFromGroups: string[];
}

/**
 * System > Connected Services (SPEC §6, issue 9 items 1–3): the service providers Gatehouse signs users into.
 * Reading is open to every admin; changes need manageSystem and are written to the Admin Operation Logs with
 * their before/after values, in the same transaction as the change.
 */
export class ConnectedServiceService {
  private readonly listeners: ((tenantId: string) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly publicUrl: URL | undefined,
  ) {}

  /** Calls `listener` after every change of a service of a tenant made through this server (caches drop theirs). */
  onChange(listener: (tenantId: string) => void): void {
    this.listeners.push(listener);
  }

  async list(tenant: TenantRow): Promise<ConnectedServiceView[]> {
    const [rows, counts, pairs] = await Promise.all([
      listServices(this.store.db, tenant.id),
      countUsersByGroup(this.store.db, tenant.id),
      listAllowedServicePairs(this.store.db, tenant.id),
    ]);
    return rows.map((row) =>
      viewWithGroups(
        row,
        pairs.filter((pair) => pair.service_id === row.id),
        counts,
      ),
    );
  }

  async get(tenant: TenantRow, id: string): Promise<ConnectedServiceView> {
    const row = await this.requireService(tenant, id);
    const [groups, counts] = await Promise.all([
      groupsAllowingService(this.store.db, tenant.id, id),
      countUsersByGroup(this.store.db, tenant.id),
    ]);
    return viewWithGroups(
      row,
      groups.map((group) => ({ group_id: group.id, display_name: group.display_name })),
      counts,
    );
  }

  presets(): readonly SamlPreset[] {
    return SAML_PRESETS;
  }

  /** Reads SP metadata into settings for the form; nothing is stored, so only those who may save may ask. */
  importMetadata(actor: Actor, xml: unknown): ImportedSpMetadata {
    requireManage(actor);
    return parseSpMetadata(xml);
  }

  /** What a service provider is told of Gatehouse: the entity ID and the URLs of the tenant's SAML endpoints. */
  identityProvider(tenant: TenantRow, requestOrigin: string): IdentityProviderEndpoints {
    return identityProviderEndpoints(this.publicUrl?.href ?? requestOrigin, tenant.domain);
  }

  /**
   * Adds a service. An OpenID Connect client gets a random client_id and, when confidential, a first secret that
   * this answer alone shows: only its hash is stored, and the Admin Operation Logs name it by id.
   */
  async create(tenant: TenantRow, actor: Actor, input: Record<string, unknown>): Promise<CreatedService> {
    requireManage(actor);
    const { type = undefined, ...fields } = input;
    if (!(SERVICE_TYPES as readonly unknown[]).includes(type))
      throw new ValidationError(`Type must be one of ${SERVICE_TYPES.join(', ')}.`, 'type');
    const settings = validateConnectedServiceSettings(fields, newServiceOf(type as ServiceType));
    await this.checkSettings(tenant, settings);
    const now = this.clock.now();
    const row: ConnectedServiceRow = {
      id: newId(),
      tenant_id: tenant.id,
      type: type as ServiceType,
      ...serviceColumnsOf(settings),
      oidc_client_id: settings.oidc ? newClientId() : null,
      subject_salt: newSubjectSalt(),
      created_at: now,
      updated_at: now,
    };
    const clientSecret = settings.oidc?.clientType === 'confidential' ? newClientSecret() : undefined;
    const secretId = newTimeOrderedId(now);
    await this.writeOrExplainClash(tenant, settings, async () => {
      await this.store.db.transaction().execute(async (trx) => {
        await insertService(trx, row);
        if (clientSecret !== undefined)
          await insertClientSecret(trx, {
            id: secretId,
            tenant_id: tenant.id,
            service_id: row.id,
            secret_hash: hashClientSecret(clientSecret),
            created_at: now,
            expires_at: null,
          });
        await this.audit.record(
          tenant.id,
          actor,
          {
            operation: 'connected-service.create',
            targetType: 'connected-service',
            targetId: row.id,
            targetLabel: settings.name,
            after: {
              type: row.type,
              ...auditValuesOf(settings),
              ...(row.oidc_client_id ? { clientId: row.oidc_client_id } : {}),
              ...(clientSecret !== undefined ? { clientSecretId: secretId } : {}),
            },
          },
          trx,
        );
      });
    });
    this.listeners.forEach((listener) => listener(tenant.id));
    const view = serviceViewOf(row, [], 0);
    return clientSecret === undefined ? view : { ...view, clientSecret };
  }

  /** Edit, and enable or disable (`{ status }`): logged as connected-service.enable / .disable when that is all. */
  async update(
    tenant: TenantRow,
    actor: Actor,
    id: string,
    input: Record<string, unknown>,
  ): Promise<ConnectedServiceView> {
    requireManage(actor);
    const current = await this.requireService(tenant, id);
    const { type = current.type, ...fields } = input;
    if (type !== current.type) throw new ValidationError('The type of a service cannot change.', 'type');
    const before = serviceSettingsOf(current);
    const settings = validateConnectedServiceSettings(fields, before);
    // A confidential client's secrets, or a public client's lack of one, are what its type is: a new client it is.
    if (before.oidc && settings.oidc && settings.oidc.clientType !== before.oidc.clientType)
      throw new ValidationError(
        'The client type cannot change: add a new client of the other type instead.',
        'oidc.clientType',
      );
    await this.checkSettings(tenant, settings, id);
    const diff = changedFields(auditValuesOf(before), auditValuesOf(settings));
    const changed = Object.keys(diff.after);
    const operation =
      changed.length === 1 && changed[0] === 'status'
        ? `connected-service.${settings.status === 'enabled' ? 'enable' : 'disable'}`
        : 'connected-service.update';
    await this.writeOrExplainClash(
      tenant,
      settings,
      async () => {
        await this.store.db.transaction().execute(async (trx) => {
          await updateService(trx, tenant.id, id, { ...serviceColumnsOf(settings), updated_at: this.clock.now() });
          await this.audit.record(
            tenant.id,
            actor,
            { operation, targetType: 'connected-service', targetId: id, targetLabel: settings.name, ...diff },
            trx,
          );
        });
      },
      id,
    );
    this.listeners.forEach((listener) => listener(tenant.id));
    return this.get(tenant, id);
  }

  /** Deletes the service and, in the same transaction, takes it off the groups that allowed it. */
  async remove(tenant: TenantRow, actor: Actor, id: string): Promise<DeletedService> {
    requireManage(actor);
    const current = await this.requireService(tenant, id);
    return this.store.db.transaction().execute(async (trx) => {
      const groups = (await groupsAllowingService(trx, tenant.id, id)).map((group) => group.display_name);
      if (!(await deleteService(trx, tenant.id, id))) throw new NotFoundError('No such connected service.');
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'connected-service.delete',
          targetType: 'connected-service',
          targetId: id,
          targetLabel: current.name,
          before: {
            type: current.type,
            ...auditValuesOf(serviceSettingsOf(current)),
            ...(current.oidc_client_id ? { clientId: current.oidc_client_id } : {}),
            allowedByGroups: groups,
          },
        },
        trx,
      );
      return { removedFromGroups: groups };
    });
  }

  private async checkSettings(tenant: TenantRow, settings: ConnectedServiceSettings, ownId?: string): Promise<void> {
    const clash = await this.clashOf(tenant, settings, ownId);
    if (clash) throw clash;
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
      settings.requireOtpCondition,
      'requireOtpCondition',
      'Require OTP',
    );
  }

  private async clashOf(
    tenant: TenantRow,
    settings: ConnectedServiceSettings,
    ownId?: string,
  ): Promise<ConflictError | undefined> {
    const sameName = await findServiceByName(this.store.db, tenant.id, settings.name.toLowerCase());
    if (sameName && sameName.id !== ownId)
      return new ConflictError('Another connected service already has this name.', 'name');
    if (!settings.saml) return undefined;
    const sameEntity = await findSamlServiceByEntityId(this.store.db, tenant.id, settings.saml.entityId);
    if (sameEntity && sameEntity.id !== ownId)
      return new ConflictError(
        `The connected service "${sameEntity.name}" already has this SP Entity ID.`,
        'saml.entityId',
      );
    return undefined;
  }

  /**
   * Runs a write; should a concurrent one take the same name or entity ID after the check, the unique index refuses
   * it, and the admin gets the same message as when the check catches it, not a 500.
   */
  private async writeOrExplainClash(
    tenant: TenantRow,
    settings: ConnectedServiceSettings,
    write: () => Promise<void>,
    ownId?: string,
  ): Promise<void> {
    try {
      await write();
    } catch (error) {
      const clash = await this.clashOf(tenant, settings, ownId);
      throw clash ?? error;
    }
  }

  async requireService(tenant: TenantRow, id: string): Promise<ConnectedServiceRow> {
    const row = id.length <= 64 ? await findService(this.store.db, tenant.id, id) : undefined;
    if (!row) throw new NotFoundError('No such connected service.');
    return row;
  }
}

/** The view, with the users allowed counted from the groups that allow the service. */
function viewWithGroups(
  row: ConnectedServiceRow,
  groups: { group_id: string; display_name: string }[],
  userCounts: Map<string, number>,
): ConnectedServiceView {
  const usersAllowed = groups.reduce((sum, group) => sum + (userCounts.get(group.group_id) ?? 0), 0);
  return serviceViewOf(
    row,
    groups.map((group) => ({ id: group.group_id, displayName: group.display_name })),
    usersAllowed,
  );
}

export function requireManage(actor: Actor): void {
  if (!permissionsOf(actor.role).manageSystem)
    throw new ForbiddenError('Only a Global Admin can change Connected Services.');
}
