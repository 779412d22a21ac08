import type { User, UserPage } from '../contract/admin-api/index.js';
import type { Clock } from '../core/clock.js';
import { newId, randomToken } from '../core/ids.js';
import { checkPassword } from '../core/password-policy.js';
import { normalizeLoginId, type UserFields, type UserFieldsInput, validateUserFields } from '../core/user-fields.js';
import type { UserSortKey } from '../core/user-sort-keys.js';
import { ValidationError } from '../core/validation-error.js';
import type { Store } from '../store/database.js';
import type { TenantRow, UserRow, UserRowUpdate } from '../store/schema.js';
import { deleteSessionsOfUser } from '../store/sessions.js';
import { findDefaultGroup, findGroup, listGroups } from '../store/groups.js';
import {
  countUsersUpTo,
  deleteUser,
  findUserById,
  findUserByLoginId,
  insertUser,
  listUsers,
  searchTextOf,
  isPositionFor,
  positionOf,
  updateUser,
  type UserListFilter,
  type UserListPosition,
} from '../store/users.js';
import type { Actor } from './actor.js';
import { type AuditService, changedFields } from './audit-service.js';
import { ConflictError, NotFoundError } from './errors.js';
import { requireManageUsers, requireMayChange, requireMayGrant } from './user-permissions.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import type { PasswordHasher } from './password-hasher.js';
import type { LockoutGuard } from './policy/lockout-guard.js';
import { settingsOf } from './tenant-service.js';
import { auditedFieldsOf, toUserView } from './user-view.js';

export interface UserPageRequest {
  filter: UserListFilter;
  sort: UserSortKey;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** Counting stops here: "1000+ users" says enough, and an exact count of 100,000 rows costs a scan of them all. */
const TOTAL_COUNT_LIMIT = 1000;

export class UserService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly guard: LockoutGuard,
  ) {}

  async list(tenant: TenantRow, request: UserPageRequest): Promise<UserPage> {
    const now = this.clock.now();
    const after = request.cursor ? decodeCursor(request.cursor) : undefined;
    if (after && !isPositionFor(request.sort, after))
      throw new ValidationError(
        'The cursor does not belong to this sort order; start again from the first page.',
        'cursor',
      );
    // The total belongs to the first page: a client that pages on keeps the one it got there.
    const [groupNames, rows, counted] = await Promise.all([
      this.groupNames(tenant),
      listUsers(this.store.db, tenant.id, { ...request, after, now, limit: request.limit + 1 }),
      after ? null : countUsersUpTo(this.store.db, tenant.id, request.filter, now, TOTAL_COUNT_LIMIT + 1),
    ]);
    const page = rows.slice(0, request.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toUserView(row, now, groupNames)),
      nextCursor: rows.length > request.limit && last ? encodeCursor(positionOf(last, request.sort)) : null,
      total: counted === null ? null : Math.min(counted, TOTAL_COUNT_LIMIT),
      totalIsLowerBound: counted !== null && counted > TOTAL_COUNT_LIMIT,
    };
  }

  /** Every matching user, a page at a time, for CSV downloads of any size. */
  async *iterate(
    tenant: TenantRow,
    filter: UserListFilter,
    sort: UserSortKey,
    order: 'asc' | 'desc',
  ): AsyncGenerator<User> {
    const now = this.clock.now();
    const groupNames = await this.groupNames(tenant);
    let after: UserListPosition | undefined;
    for (;;) {
      const rows = await listUsers(this.store.db, tenant.id, { filter, sort, order, limit: 1000, after, now });
      for (const row of rows) yield toUserView(row, now, groupNames);
      const last = rows[rows.length - 1];
      if (rows.length < 1000 || !last) return;
      after = positionOf(last, sort);
    }
  }

  async findByLoginId(tenant: TenantRow, loginId: string): Promise<User | undefined> {
    const row = await findUserByLoginId(this.store.db, tenant.id, normalizeLoginId(loginId));
    return row ? toUserView(row, this.clock.now()) : undefined;
  }

  async get(tenant: TenantRow, id: string): Promise<User> {
    return toUserView(await this.requireRow(tenant, id), this.clock.now(), await this.groupNames(tenant));
  }

  async create(
    tenant: TenantRow,
    actor: Actor,
    input: UserFieldsInput & { password?: unknown },
  ): Promise<{ user: User; generatedPassword?: string }> {
    requireManageUsers(actor);
    if (input.loginId === undefined) throw new ValidationError('Login ID is required.', 'loginId');
    const fields = validateUserFields(input);
    const loginId = fields.loginId as string;
    const role = fields.role ?? 'none';
    requireMayGrant(actor, role);
    const { password, generated } = this.choosePassword(tenant, input.password, loginId);
    if (await findUserByLoginId(this.store.db, tenant.id, normalizeLoginId(loginId)))
      throw new ConflictError('A user with this Login ID already exists.', 'loginId');
    const now = this.clock.now();
    const named = {
      login_id: loginId,
      display_name: fields.displayName ?? '',
      family_name: fields.familyName ?? '',
      given_name: fields.givenName ?? '',
      email: fields.email ?? '',
    };
    const row: UserRow = {
      id: newId(),
      tenant_id: tenant.id,
      ...named,
      login_id_lower: normalizeLoginId(loginId),
      search_text: searchTextOf(named),
      status: fields.status ?? 'enabled',
      role,
      password_hash: await this.hasher.hash(password),
      failed_login_count: 0,
      locked_until: 0,
      last_login_at: 0,
      created_at: now,
      updated_at: now,
      otp_type: 'none',
      otp_secret: '',
      otp_last_step: 0,
      otp_email: '',
      otp_registered_at: 0,
      emergency_tokens_issued_at: 0,
      group_id: await this.groupIdFor(tenant, fields.groupId),
      attributes: JSON.stringify(fields.attributes ?? {}),
    };
    await this.writeUnique(async () => {
      await this.store.db.transaction().execute(async (trx) => {
        await insertUser(trx, row);
        await this.audit.record(
          tenant.id,
          actor,
          {
            operation: 'user.create',
            targetType: 'user',
            targetId: row.id,
            targetLabel: loginId,
            after: auditedFieldsOf(row),
          },
          trx,
        );
      });
    });
    return {
      user: toUserView(row, now, await this.groupNames(tenant)),
      ...(generated ? { generatedPassword: password } : {}),
    };
  }

  async update(tenant: TenantRow, actor: Actor, id: string, input: UserFieldsInput): Promise<User> {
    requireManageUsers(actor);
    const fields = validateUserFields(input);
    const current = await this.requireRow(tenant, id);
    requireMayChange(actor, current);
    if (fields.role !== undefined && fields.role !== current.role) requireMayGrant(actor, fields.role);
    if (fields.groupId !== undefined) fields.groupId = await this.groupIdFor(tenant, fields.groupId);
    const update = this.rowUpdate(current, fields);
    const next: UserRow = { ...current, ...update } as UserRow;
    if (update.login_id_lower && update.login_id_lower !== current.login_id_lower) {
      const other = await findUserByLoginId(this.store.db, tenant.id, update.login_id_lower);
      if (other) throw new ConflictError('A user with this Login ID already exists.', 'loginId');
    }
    await this.guardGlobalAdmins(tenant, actor, current, next);
    await this.writeUnique(async () => {
      await this.store.db.transaction().execute(async (trx) => {
        await updateUser(trx, tenant.id, id, update);
        if (next.status === 'disabled' && current.status !== 'disabled') await deleteSessionsOfUser(trx, id);
        const diff = changedFields(auditedFieldsOf(current), auditedFieldsOf(next));
        await this.audit.record(
          tenant.id,
          actor,
          { operation: 'user.update', targetType: 'user', targetId: id, targetLabel: next.login_id, ...diff },
          trx,
        );
      });
    });
    return toUserView(next, this.clock.now(), await this.groupNames(tenant));
  }

  async remove(tenant: TenantRow, actor: Actor, id: string): Promise<void> {
    requireManageUsers(actor);
    const current = await this.requireRow(tenant, id);
    requireMayChange(actor, current);
    // The lock-out guard speaks first: for the last Global Admin it is the reason that matters (SPEC §5.3).
    await this.guardGlobalAdmins(tenant, actor, current, null);
    if (current.id === actor.userId) throw new ConflictError('You cannot delete your own account.');
    await this.store.db.transaction().execute(async (trx) => {
      await deleteUser(trx, tenant.id, id);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'user.delete',
          targetType: 'user',
          targetId: id,
          targetLabel: current.login_id,
          before: auditedFieldsOf(current),
        },
        trx,
      );
    });
  }

  async unlock(tenant: TenantRow, actor: Actor, id: string): Promise<User> {
    requireManageUsers(actor);
    const current = await this.requireRow(tenant, id);
    requireMayChange(actor, current);
    const now = this.clock.now();
    await this.store.db.transaction().execute(async (trx) => {
      await updateUser(trx, tenant.id, id, { failed_login_count: 0, locked_until: 0, updated_at: now });
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'user.unlock',
          targetType: 'user',
          targetId: id,
          targetLabel: current.login_id,
          before: { failedLoginCount: current.failed_login_count, lockedUntil: current.locked_until || null },
          after: { failedLoginCount: 0, lockedUntil: null },
        },
        trx,
      );
    });
    return toUserView({ ...current, failed_login_count: 0, locked_until: 0, updated_at: now }, now);
  }

  /** Sets a new password (generated when none is given) and signs the user out everywhere. */
  async resetPassword(
    tenant: TenantRow,
    actor: Actor,
    id: string,
    requested?: unknown,
  ): Promise<{ password?: string }> {
    requireManageUsers(actor);
    const current = await this.requireRow(tenant, id);
    requireMayChange(actor, current);
    const { password, generated } = this.choosePassword(tenant, requested, current.login_id);
    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    await this.store.db.transaction().execute(async (trx) => {
      await updateUser(trx, tenant.id, id, {
        password_hash: passwordHash,
        failed_login_count: 0,
        locked_until: 0,
        updated_at: now,
      });
      await deleteSessionsOfUser(trx, id);
      await this.audit.record(
        tenant.id,
        actor,
        { operation: 'user.reset-password', targetType: 'user', targetId: id, targetLabel: current.login_id },
        trx,
      );
    });
    return generated ? { password } : {};
  }

  private choosePassword(
    tenant: TenantRow,
    requested: unknown,
    loginId: string,
  ): { password: string; generated: boolean } {
    if (requested === undefined || requested === null || requested === '') {
      // Random base64url text, long enough for the tenant's minimum, plus one character of every class so
      // that any password policy accepts it.
      const bytes = Math.max(18, Math.ceil((settingsOf(tenant).passwordMinLength * 3) / 4));
      return { password: `${randomToken(bytes)}#9aA`, generated: true };
    }
    if (typeof requested !== 'string') throw new ValidationError('Password must be text.', 'password');
    const settings = settingsOf(tenant);
    const problem = checkPassword(
      requested,
      { policy: settings.passwordPolicy, minLength: settings.passwordMinLength },
      loginId,
    );
    if (problem) throw new ValidationError(problem, 'password');
    return { password: requested, generated: false };
  }

  private async groupNames(tenant: TenantRow): Promise<Map<string, string>> {
    return new Map((await listGroups(this.store.db, tenant.id)).map((group) => [group.id, group.display_name]));
  }

  /** The named group of this tenant, or the tenant's Default group when none is named. */
  private async groupIdFor(tenant: TenantRow, groupId: string | undefined): Promise<string> {
    const group = groupId
      ? await findGroup(this.store.db, tenant.id, groupId)
      : await findDefaultGroup(this.store.db, tenant.id);
    if (!group)
      throw new ValidationError(
        groupId ? 'There is no such Access Policy Group.' : 'The tenant has no Default group.',
        'groupId',
      );
    return group.id;
  }

  private rowUpdate(current: UserRow, fields: UserFields): UserRowUpdate {
    const update: UserRowUpdate = { updated_at: this.clock.now() };
    if (fields.loginId !== undefined) {
      update.login_id = fields.loginId;
      update.login_id_lower = normalizeLoginId(fields.loginId);
    }
    if (fields.displayName !== undefined) update.display_name = fields.displayName;
    if (fields.familyName !== undefined) update.family_name = fields.familyName;
    if (fields.givenName !== undefined) update.given_name = fields.givenName;
    if (fields.email !== undefined) update.email = fields.email;
    if (fields.status !== undefined) update.status = fields.status;
    if (fields.role !== undefined) update.role = fields.role;
    if (fields.groupId !== undefined) update.group_id = fields.groupId;
    if (fields.attributes !== undefined) update.attributes = JSON.stringify(fields.attributes);
    const merged = { ...current, ...update } as UserRow;
    update.search_text = searchTextOf(merged);
    return update;
  }

  /** The user's full row, for services that act on it; 404 for an id of another tenant. */
  async requireRow(tenant: TenantRow, id: string): Promise<UserRow> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await findUserById(this.store.db, tenant.id, id) : undefined;
    if (!row) throw new NotFoundError('No such user in this tenant.');
    return row;
  }

  /** SPEC §5.3 lock-out guards, for changes that touch a Global Admin (role, status, group, deletion). */
  private async guardGlobalAdmins(
    tenant: TenantRow,
    actor: Actor,
    current: UserRow,
    next: UserRow | null,
  ): Promise<void> {
    if (current.role !== 'global-admin' && next?.role !== 'global-admin') return;
    await this.guard.refuseIfNoGlobalAdminCouldSignIn(tenant, actor, { users: new Map([[current.id, next]]) });
  }

  /** A concurrent insert can still win the race for a Login ID; its unique index violation means the same as our check. */
  private async writeUnique(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const text = String((error as { message?: string }).message ?? '');
      if (/unique|duplicate key/i.test(text))
        throw new ConflictError('A user with this Login ID already exists.', 'loginId');
      throw error;
    }
  }
}
