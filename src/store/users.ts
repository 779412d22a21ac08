import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { OtpType } from '../core/otp/otp-types.js';
import type { Role } from '../core/roles.js';
import type { UserSortKey } from '../core/user-sort-keys.js';
import type { UserStatus } from '../core/user-status.js';
import type { Database, NewUserRow, UserRow, UserRowUpdate } from './schema.js';
import { type SearchUse, searchTextContains } from './user-search.js';

const SORT_COLUMNS = {
  loginId: 'login_id_lower',
  displayName: 'display_name',
  email: 'email',
  status: 'status',
  role: 'role',
  createdAt: 'created_at',
  lastLoginAt: 'last_login_at',
} as const satisfies Record<UserSortKey, keyof UserRow>;

export interface UserListFilter {
  /** Substring of login ID, names or email, any case. */
  q?: string;
  status?: UserStatus;
  role?: Role;
  otpType?: OtpType;
  groupId?: string;
  loggedIn?: boolean;
  lastLoginFrom?: number;
  lastLoginTo?: number;
}

export interface UserListPosition {
  value: string | number;
  id: string;
}

export interface UserListQuery {
  filter: UserListFilter;
  sort: UserSortKey;
  order: 'asc' | 'desc';
  limit: number;
  after?: UserListPosition;
  now: number;
}

type UserExpression = ExpressionBuilder<Database, 'users'>;

/** The search is resolved first (on SQLite its form depends on how many users match), the rest is plain SQL. */
async function filterBy(db: Kysely<Database>, tenantId: string, filter: UserListFilter, now: number, use: SearchUse) {
  const search = filter.q ? await searchTextContains(db, filter.q, use) : undefined;
  return (eb: UserExpression) => filterConditions(eb, tenantId, filter, now, search);
}

function filterConditions(
  eb: UserExpression,
  tenantId: string,
  filter: UserListFilter,
  now: number,
  search: Expression<SqlBool> | undefined,
) {
  const conditions: Expression<SqlBool>[] = [eb('tenant_id', '=', tenantId)];
  if (search) conditions.push(search);
  if (filter.status === 'disabled') conditions.push(eb('status', '=', 'disabled'));
  if (filter.status === 'enabled') conditions.push(eb('status', '=', 'enabled'), eb('locked_until', '<=', now));
  if (filter.status === 'locked') conditions.push(eb('status', '=', 'enabled'), eb('locked_until', '>', now));
  if (filter.role) conditions.push(eb('role', '=', filter.role));
  if (filter.otpType) conditions.push(eb('otp_type', '=', filter.otpType));
  if (filter.groupId) conditions.push(eb('group_id', '=', filter.groupId));
  if (filter.loggedIn === true) conditions.push(eb('last_login_at', '>', 0));
  if (filter.loggedIn === false) conditions.push(eb('last_login_at', '=', 0));
  if (filter.lastLoginFrom !== undefined) conditions.push(eb('last_login_at', '>=', filter.lastLoginFrom));
  if (filter.lastLoginTo !== undefined) conditions.push(eb('last_login_at', '<', filter.lastLoginTo));
  return conditions;
}

export function sortValueOf(row: UserRow, sort: UserSortKey): string | number {
  return row[SORT_COLUMNS[sort]];
}

/** One keyset page: rows strictly after `after` in (sort column, id) order. */
export async function listUsers(db: Kysely<Database>, tenantId: string, query: UserListQuery): Promise<UserRow[]> {
  const column = SORT_COLUMNS[query.sort];
  const comparison = query.order === 'asc' ? '>' : '<';
  const filter = await filterBy(db, tenantId, query.filter, query.now, 'page');
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => {
      const conditions = filter(eb);
      if (query.after) {
        conditions.push(eb(eb.refTuple(column, 'id'), comparison, eb.tuple(query.after.value, query.after.id)));
      }
      return eb.and(conditions);
    })
    .orderBy(column, query.order)
    .orderBy('id', query.order)
    .limit(query.limit)
    .execute();
}

/**
 * How many users match, counting no further than `upTo`: an exact count of a big tenant reads every matching
 * row (a sequential scan on PostgreSQL), while this stops after `upTo` of them.
 */
export async function countUsersUpTo(
  db: Kysely<Database>,
  tenantId: string,
  filter: UserListFilter,
  now: number,
  upTo: number,
): Promise<number> {
  const matching = await filterBy(db, tenantId, filter, now, 'count');
  const row = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('users')
        .select(sql<number>`1`.as('one'))
        .where((eb) => eb.and(matching(eb)))
        .limit(upTo)
        .as('matching'),
    )
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function findUserById(db: Kysely<Database>, tenantId: string, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function findUserByLoginId(
  db: Kysely<Database>,
  tenantId: string,
  loginIdLower: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('login_id_lower', '=', loginIdLower)
    .executeTakeFirst();
}

export async function insertUser(db: Kysely<Database>, row: NewUserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** Inserts in chunks that stay under SQLite's bound-parameter limit. */
export async function insertUsersInBulk(db: Kysely<Database>, rows: NewUserRow[]): Promise<void> {
  const chunk = 1000;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += chunk) {
      await trx
        .insertInto('users')
        .values(rows.slice(i, i + chunk))
        .execute();
    }
  });
}

export async function updateUser(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  update: UserRowUpdate,
): Promise<void> {
  await db.updateTable('users').set(update).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteUser(db: Kysely<Database>, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('users').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export function searchTextOf(
  fields: Pick<UserRow, 'login_id' | 'display_name' | 'family_name' | 'given_name' | 'email'>,
): string {
  return [fields.login_id, fields.display_name, fields.family_name, fields.given_name, fields.email]
    .join('\n')
    .toLowerCase();
}

/** Every enabled Global Admin of the tenant: whom the lock-out guard must keep able to sign in. */
export function listActiveGlobalAdmins(db: Kysely<Database>, tenantId: string): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'global-admin')
    .where('status', '=', 'enabled')
    .execute();
}
