import type { Kysely } from 'kysely';

/**
 * Connected Services (SPEC §6): the service providers Gatehouse signs users into, and which Access Policy Groups
 * allow which of them. The SAML entity ID is a column of its own because sign-on looks services up by it and it is
 * unique per tenant; the rest of a service provider's settings (ACS URLs, NameID, signing, attributes...) is one
 * JSON document that core/sso/saml-settings.ts validates whole, read whole at every sign-on. OpenID Connect
 * clients will add their own document column beside it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connected_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('preset', 'text')
    .addColumn('allow_mode', 'text', (c) => c.notNull())
    .addColumn('allow_condition', 'text', (c) => c.notNull())
    .addColumn('otp_mode', 'text', (c) => c.notNull())
    .addColumn('otp_condition', 'text', (c) => c.notNull())
    .addColumn('saml_entity_id', 'text')
    .addColumn('saml_settings', 'text')
    // Random per service, never shown: the key of its pairwise persistent NameIDs, so they stay stable for the
    // life of the service and differ between services.
    .addColumn('subject_salt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('connected_services_name_unique')
    .unique()
    .on('connected_services')
    .columns(['tenant_id', 'name_lower'])
    .execute();
  // NULL for services of other types: both databases let any number of NULLs past a unique index.
  await db.schema
    .createIndex('connected_services_entity_id_unique')
    .unique()
    .on('connected_services')
    .columns(['tenant_id', 'saml_entity_id'])
    .execute();

  await db.schema
    .createTable('group_allowed_services')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('access_policy_groups.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('connected_services.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_allowed_services_pk', ['group_id', 'service_id'])
    .execute();
  await db.schema
    .createIndex('group_allowed_services_by_service')
    .on('group_allowed_services')
    .columns(['service_id', 'group_id'])
    .execute();

  // The groups' JSON list of service ids (0003) named services that could not exist yet; the join table replaces it.
  await db.schema.alterTable('access_policy_groups').dropColumn('allowed_services').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('access_policy_groups')
    .addColumn('allowed_services', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.dropTable('group_allowed_services').execute();
  await db.schema.dropTable('connected_services').execute();
}
