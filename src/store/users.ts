import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { OtpType } from '../core/otp/otp-types.js';
import type { Role } from '../core/roles.js';
import type { UserSortKey } from '../core/user-sort-keys.js';
import type { UserStatus } from '../core/user-status.js';
import { precompiled } from './precompiled-query.js';
import type { Database, NewUserRow, UserRow, UserRowUpdate } from './schema.js';
import { dialectOf, type SearchUse, searchTextContains } from './user-search.js';

/**
 * The columns each sort key orders by, before `id`, which makes every position unique. The status sort also orders
 * by `locked_until`: "Locked out" is not stored but derived from a lock still running, so users locked now (a
 * `locked_until` in the future) follow every enabled user without a lock or with an expired one (0 or past), as a
 * block of their own; disabled users come first ("disabled" < "enabled").
 */
const SORT_COLUMNS = {
  loginId: ['login_id_lower'],
  displayName: ['display_name'],
  email: ['email'],
  status: ['status', 'locked_until'],
  role: ['role'],
  createdAt: ['created_at'],
  lastLoginAt: ['last_login_at'],
} as const satisfies Record<UserSortKey, readonly (keyof UserRow)[]>;

const NUMERIC_COLUMNS: ReadonlySet<keyof UserRow> = new Set(['locked_until', 'created_at', 'last_login_at']);

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

/** Where a keyset page starts: after the row with these sort column values and this id. */
export interface UserListPosition {
  values: (string | number)[];
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
  return {
    conditions: (eb: UserExpression) => filterConditions(eb, tenantId, filter, now, search?.condition),
    sortMatches: search?.sortMatches ?? false,
    /** A search whose page is met by walking a sort index (many matches, or too short for the trigram index). */
    walksSortIndex: search !== undefined && !search.sortMatches,
  };
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

export function positionOf(row: UserRow, sort: UserSortKey): UserListPosition {
  return { values: SORT_COLUMNS[sort].map((column) => row[column]), id: row.id };
}

/** Whether a position read back from a client fits the sort: as many values as columns, each of its column's type. */
export function isPositionFor(sort: UserSortKey, position: UserListPosition): boolean {
  const columns = SORT_COLUMNS[sort];
  return (
    position.values.length === columns.length &&
    columns.every((column, i) => typeof position.values[i] === (NUMERIC_COLUMNS.has(column) ? 'number' : 'string'))
  );
}

/**
 * Search texts up to this many characters are in the covering index of migration 0016 (which writes the number
 * out): a common search sorted by login ID walks that index and reads table rows only for the page it returns.
 */
const COVERED_SEARCH_TEXT_LENGTH = 400;

/**
 * One keyset page: rows strictly after `after` in (sort columns, id) order. A search with few matches on PostgreSQL
 * selects them in a subquery that the planner cannot merge (OFFSET 0), so that it reads them through the trigram
 * index and sorts them, instead of walking the sort index for them (see searchTextContains). A search with many
 * matches sorted by login ID finds the page's ids in the covering indexes first (coveredLoginIdWalk).
 */
export async function listUsers(db: Kysely<Database>, tenantId: string, query: UserListQuery): Promise<UserRow[]> {
  const columns = SORT_COLUMNS[query.sort];
  const comparison = sql.raw(query.order === 'asc' ? '>' : '<');
  const filter = await filterBy(db, tenantId, query.filter, query.now, 'page');
  const where = (eb: UserExpression, extra: Expression<SqlBool>[] = []) => {
    const conditions = [...filter.conditions(eb), ...extra];
    const after = query.after;
    if (after) {
      const key = sql.join([...columns, 'id'].map((column) => sql.ref(column)));
      conditions.push(sql<SqlBool>`(${key}) ${comparison} (${sql.join([...after.values, after.id])})`);
    }
    return eb.and(conditions);
  };
  const inOrder = <Q extends SelectQueryBuilder<Database, 'users', any>>(select: Q): Q => {
    for (const column of columns) select = select.orderBy(column, query.order) as Q;
    return select.orderBy('id', query.order).limit(query.limit) as Q;
  };
  if (filter.walksSortIndex && query.sort === 'loginId') {
    return inOrder(
      db
        .selectFrom('users')
        .selectAll()
        .where('id', 'in', coveredLoginIdWalk(db, where, inOrder)),
    ).execute();
  }
  const matching = db
    .selectFrom('users')
    .selectAll()
    .where((eb) => where(eb));
  const select =
    filter.sortMatches && dialectOf(db) === 'postgres'
      ? db.selectFrom(matching.offset(0).as('users')).selectAll()
      : matching;
  return inOrder(select).execute();
}

/**
 * The ids of a page of a common search in login-ID order: the page of the users in the covering index (search
 * text up to COVERED_SEARCH_TEXT_LENGTH characters, tested in the index) and the page of the others (a partial
 * index, empty in a real directory); listUsers keeps the first page's worth of both. The length is a literal, as a
 * planner only uses a partial index for a condition it can match to the index's own.
 */
function coveredLoginIdWalk(
  db: Kysely<Database>,
  where: (eb: UserExpression, extra: Expression<SqlBool>[]) => Expression<SqlBool>,
  inOrder: <Q extends SelectQueryBuilder<Database, 'users', any>>(select: Q) => Q,
) {
  const coveredLength = sql.lit(COVERED_SEARCH_TEXT_LENGTH);
  const idsWhere = (condition: RawBuilder<SqlBool>) =>
    inOrder(
      db
        .selectFrom('users')
        .select('id')
        .where((eb) => where(eb, [condition])),
    );
  const covered = idsWhere(sql<SqlBool>`length(search_text) <= ${coveredLength}`);
  const long = idsWhere(sql<SqlBool>`length(search_text) > ${coveredLength}`);
  return db
    .selectFrom(covered.as('covered'))
    .select('id')
    .unionAll(db.selectFrom(long.as('long')).select('id'));
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
        .where((eb) => eb.and(matching.conditions(eb)))
        .limit(upTo)
        .as('matching'),
    )
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

const selectUserById = precompiled((db, v: { tenantId: string; id: string }) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', v.tenantId).where('id', '=', v.id),
);

export async function findUserById(db: Kysely<Database>, tenantId: string, id: string): Promise<UserRow | undefined> {
  return (await selectUserById(db, { tenantId, id })).rows[0];
}

const selectUserByLoginId = precompiled((db, v: { tenantId: string; loginIdLower: string }) =>
  db.selectFrom('users').selectAll().where('tenant_id', '=', v.tenantId).where('login_id_lower', '=', v.loginIdLower),
);

export async function findUserByLoginId(
  db: Kysely<Database>,
  tenantId: string,
  loginIdLower: string,
): Promise<UserRow | undefined> {
  return (await selectUserByLoginId(db, { tenantId, loginIdLower })).rows[0];
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
