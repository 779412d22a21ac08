import type { Kysely } from 'kysely';
import type { ConnectedServiceRow, Database } from './schema.js';

export function listServices(db: Kysely<Database>, tenantId: string): Promise<ConnectedServiceRow[]> {
  return db
    .selectFrom('connected_services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name_lower')
    .execute();
}

export function findService(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<ConnectedServiceRow | undefined> {
  return db
    .selectFrom('connected_services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findServiceByName(
  db: Kysely<Database>,
  tenantId: string,
  nameLower: string,
): Promise<ConnectedServiceRow | undefined> {
  return db
    .selectFrom('connected_services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('name_lower', '=', nameLower)
    .executeTakeFirst();
}

/** The SAML service provider with this SP entity ID: how a sign-on request finds its service. */
export function findSamlServiceByEntityId(
  db: Kysely<Database>,
  tenantId: string,
  entityId: string,
): Promise<ConnectedServiceRow | undefined> {
  return db
    .selectFrom('connected_services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('type', '=', 'saml')
    .where('saml_entity_id', '=', entityId)
    .executeTakeFirst();
}

export async function insertService(db: Kysely<Database>, row: ConnectedServiceRow): Promise<void> {
  await db.insertInto('connected_services').values(row).execute();
}

export async function updateService(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  update: Partial<ConnectedServiceRow>,
): Promise<void> {
  await db
    .updateTable('connected_services')
    .set(update)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Deletes the service and takes it off every group's allowed services (the foreign key would too; this says so). */
export async function deleteService(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  await db
    .deleteFrom('group_allowed_services')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', id)
    .execute();
  const result = await db
    .deleteFrom('connected_services')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Every (group, service) pair of the tenant with the group's name, by group name then service name: the group
 * list and the service list each need all of them, in one query.
 */
export function listAllowedServicePairs(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ group_id: string; service_id: string; display_name: string }[]> {
  return db
    .selectFrom('group_allowed_services')
    .innerJoin('access_policy_groups', 'access_policy_groups.id', 'group_allowed_services.group_id')
    .innerJoin('connected_services', 'connected_services.id', 'group_allowed_services.service_id')
    .select([
      'group_allowed_services.group_id',
      'group_allowed_services.service_id',
      'access_policy_groups.display_name',
    ])
    .where('group_allowed_services.tenant_id', '=', tenantId)
    .orderBy('access_policy_groups.display_name_lower')
    .orderBy('connected_services.name_lower')
    .execute();
}

export async function allowedServiceIdsOfGroup(
  db: Kysely<Database>,
  tenantId: string,
  groupId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('group_allowed_services')
    .innerJoin('connected_services', 'connected_services.id', 'group_allowed_services.service_id')
    .select('group_allowed_services.service_id')
    .where('group_allowed_services.tenant_id', '=', tenantId)
    .where('group_allowed_services.group_id', '=', groupId)
    .orderBy('connected_services.name_lower')
    .execute();
  return rows.map((row) => row.service_id);
}

/** The groups that allow a service, by name: named in the confirmation of its deletion. */
export function groupsAllowingService(
  db: Kysely<Database>,
  tenantId: string,
  serviceId: string,
): Promise<{ id: string; display_name: string }[]> {
  return db
    .selectFrom('group_allowed_services')
    .innerJoin('access_policy_groups', 'access_policy_groups.id', 'group_allowed_services.group_id')
    .select(['access_policy_groups.id', 'access_policy_groups.display_name'])
    .where('group_allowed_services.tenant_id', '=', tenantId)
    .where('group_allowed_services.service_id', '=', serviceId)
    .orderBy('access_policy_groups.display_name_lower')
    .execute();
}

/**
 * Replaces a group's allowed services. The new pairs are inserted from a select of the tenant's services, in one
 * statement, so a service of another tenant or one deleted meanwhile is never linked: the answer is how many were.
 */
export async function replaceAllowedServices(
  db: Kysely<Database>,
  tenantId: string,
  groupId: string,
  serviceIds: readonly string[],
): Promise<number> {
  await db
    .deleteFrom('group_allowed_services')
    .where('tenant_id', '=', tenantId)
    .where('group_id', '=', groupId)
    .execute();
  if (serviceIds.length === 0) return 0;
  const result = await db
    .insertInto('group_allowed_services')
    .columns(['tenant_id', 'group_id', 'service_id'])
    .expression((eb) =>
      eb
        .selectFrom('connected_services')
        .select((s) => [s.val(tenantId).as('tenant_id'), s.val(groupId).as('group_id'), 'id'])
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', [...serviceIds]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Of `ids`, those that are services of the tenant. */
export async function existingServiceIds(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('connected_services')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Whether the group lists the service among its allowed services: asked at every single sign-on. */
export async function groupAllowsService(
  db: Kysely<Database>,
  tenantId: string,
  groupId: string,
  serviceId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('group_allowed_services')
    .select('service_id')
    .where('tenant_id', '=', tenantId)
    .where('group_id', '=', groupId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The enabled services a group allows, by name: the tiles of its users' portal. */
export function enabledServicesOfGroup(
  db: Kysely<Database>,
  tenantId: string,
  groupId: string,
): Promise<ConnectedServiceRow[]> {
  return db
    .selectFrom('group_allowed_services')
    .innerJoin('connected_services', 'connected_services.id', 'group_allowed_services.service_id')
    .selectAll('connected_services')
    .where('group_allowed_services.tenant_id', '=', tenantId)
    .where('group_allowed_services.group_id', '=', groupId)
    .where('connected_services.status', '=', 'enabled')
    .orderBy('connected_services.name_lower')
    .execute();
}

/** The tenant's OpenID Connect clients, enabled or not. */
export function oidcClientsOfTenant(db: Kysely<Database>, tenantId: string): Promise<ConnectedServiceRow[]> {
  return db
    .selectFrom('connected_services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('type', '=', 'oidc')
    .execute();
}
