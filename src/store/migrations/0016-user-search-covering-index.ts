import { type Kysely, sql } from 'kysely';

/**
 * A common User List search (thousands of matches) sorted by login ID walks the login-ID order until it has met a
 * page of matches, which for a family name held by one user in five can mean ten thousand users. This index holds
 * the search text next to the sort key, so the walk tests each user without reading its table row.
 *
 * A B-tree entry must fit a third of a PostgreSQL page (2704 bytes), and a search text may reach 3.8 KB (five
 * fields of up to 256 characters, up to 4 bytes each). So the index covers the users whose search text has at
 * most 400 characters (1,600 bytes: tenant, login ID, id and text stay under the limit), which is every user of a
 * real directory; the second, partial, index finds the rest, and listUsers walks both. 400 is written here
 * rather than imported, so that this migration stays what it was when it ran (COVERED_SEARCH_TEXT_LENGTH).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_by_login_id_with_search_text on users (tenant_id, login_id_lower, id, search_text)
    where length(search_text) <= 400`.execute(db);
  await sql`create index users_by_login_id_with_long_search_text on users (tenant_id, login_id_lower, id)
    where length(search_text) > 400`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_by_login_id_with_long_search_text').execute();
  await db.schema.dropIndex('users_by_login_id_with_search_text').execute();
}
