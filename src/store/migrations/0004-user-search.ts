import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../user-search.js';

/**
 * An index for the User List search (a substring of `search_text`, which is stored lower-cased), so that a
 * search no longer reads every user. See searchTextContains in user-search.ts for the queries it serves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') await upPostgres(db);
  else await upSqlite(db);
}

/**
 * pg_trgm is a trusted extension: the owner of the database may create it without being a superuser.
 * A LIKE pattern such as '%smith%' is estimated from the column's histogram; with the default 100 buckets a name
 * held by a few hundred of 100,000 users is a guess, and a guess that is too high makes the planner walk the
 * sort index hoping to meet 50 matches early. 1000 buckets estimate it well enough to use the trigram index.
 */
async function upPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index users_search_trgm on users using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`alter table users alter column search_text set statistics 1000`.execute(db);
  await sql`analyze users`.execute(db);
}

/**
 * An FTS5 trigram table over `search_text`. It stores no copy of the text (contentless, with deletes by rowid)
 * and is kept in step by triggers. It is keyed by `users.search_rowid`, an ordinary column: users has a text
 * primary key, and VACUUM may renumber the implicit rowid of such a table. A new user's key is the rowid
 * that FTS5 gives its entry (one past the highest), so keys never collide. `case_sensitive 1`: the text and the
 * searched phrase are both lower-cased already, so this matches exactly what `LIKE '%…%'` on the column did.
 * It runs inside the one transaction in which every SQLite migration runs (migrate.ts), so its statements apply
 * together or not at all, as they did when it had a transaction of its own.
 */
async function upSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column search_rowid integer`.execute(db);
  await sql`create virtual table users_search using fts5(search_text, content='', contentless_delete=1, tokenize='trigram case_sensitive 1')`.execute(
    db,
  );
  await sql`update users set search_rowid = rowid`.execute(db);
  await sql`insert into users_search (rowid, search_text) select search_rowid, search_text from users`.execute(db);
  await sql`create unique index users_by_search_rowid on users (search_rowid)`.execute(db);
  await sql`create trigger users_search_insert after insert on users begin
    insert into users_search (search_text) values (new.search_text);
    update users set search_rowid = last_insert_rowid() where rowid = new.rowid;
  end`.execute(db);
  await sql`create trigger users_search_update after update of search_text on users begin
    delete from users_search where rowid = old.search_rowid;
    insert into users_search (rowid, search_text) values (old.search_rowid, new.search_text);
  end`.execute(db);
  await sql`create trigger users_search_delete after delete on users begin
    delete from users_search where rowid = old.search_rowid;
  end`.execute(db);
  await sql`analyze users`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop index users_search_trgm`.execute(db);
    await sql`alter table users alter column search_text set statistics -1`.execute(db);
    return;
  }
  for (const trigger of ['users_search_insert', 'users_search_update', 'users_search_delete'])
    await sql`drop trigger ${sql.id(trigger)}`.execute(db);
  await sql`drop index users_by_search_rowid`.execute(db);
  await sql`drop table users_search`.execute(db);
  await db.schema.alterTable('users').dropColumn('search_rowid').execute();
}
