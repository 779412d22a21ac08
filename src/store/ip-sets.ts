import type { Kysely } from 'kysely';
import type { Database, IpSetRow, PolicyTemplateRow } from './schema.js';

type NamedTable = 'ip_sets' | 'policy_templates';
type NamedRow<T extends NamedTable> = T extends 'ip_sets' ? IpSetRow : PolicyTemplateRow;

/** IP Sets and Access Policy Templates share their shape of access: tenant-scoped rows with a unique identifier. */
export function listNamed<T extends NamedTable>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
): Promise<NamedRow<T>[]> {
  return db
    .selectFrom(table as NamedTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('identifier')
    .execute() as Promise<NamedRow<T>[]>;
}

export function findNamed<T extends NamedTable>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
  id: string,
): Promise<NamedRow<T> | undefined> {
  return db
    .selectFrom(table as NamedTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<NamedRow<T> | undefined>;
}

export function findNamedByIdentifier<T extends NamedTable>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
  identifier: string,
): Promise<NamedRow<T> | undefined> {
  return db
    .selectFrom(table as NamedTable)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('identifier', '=', identifier)
    .executeTakeFirst() as Promise<NamedRow<T> | undefined>;
}

export async function insertNamed<T extends NamedTable>(
  db: Kysely<Database>,
  table: T,
  row: NamedRow<T>,
): Promise<void> {
  await db
    .insertInto(table as NamedTable)
    .values(row as IpSetRow & PolicyTemplateRow)
    .execute();
}

export async function updateNamed<T extends NamedTable>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
  id: string,
  update: Partial<NamedRow<T>>,
): Promise<void> {
  await db
    .updateTable(table as NamedTable)
    .set(update as Partial<IpSetRow & PolicyTemplateRow>)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteNamed(
  db: Kysely<Database>,
  table: NamedTable,
  tenantId: string,
  id: string,
): Promise<void> {
  await db.deleteFrom(table).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
