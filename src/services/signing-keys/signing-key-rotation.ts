import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/crypto/secret-box.js';
import { newId } from '../../core/ids.js';
import { permissionsOf } from '../../core/roles.js';
import {
  isPublishedSigningKeyState,
  PUBLISHED_SIGNING_KEY_STATES,
  RETIRABLE_SIGNING_KEY_STATES,
  type SigningKeyState,
} from '../../core/signing-key-states.js';
import type { Store } from '../../store/database.js';
import type { Database, SigningKeyLifecycleColumns, TenantRow } from '../../store/schema.js';
import {
  findSigningKey,
  findSigningKeyInState,
  insertSigningKeyIfNoneInState,
  listPublishedSigningKeys,
  listSigningKeys,
  lockTenantSigningKeys,
  moveSigningKeyState,
  retireSigningKey,
  type SigningKeyRowOf,
  type SigningKeyTable,
} from '../../store/signing-keys.js';
import { type Actor, systemActor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';

/** The refusals of a rotation, worded for the protocol's administrators (core/messages.ts). */
export interface SigningKeyMessages {
  manageSystem: string;
  notFound: string;
  nextExists: string;
  notPrepared: string;
  alreadyActive: string;
  retireActive: string;
  alreadyRetired: string;
}

/** The columns of a key that its protocol fills: all but those of its life. */
export type KeyMaterialOf<T extends SigningKeyTable> = Omit<SigningKeyRowOf<T>, keyof SigningKeyLifecycleColumns>;

/** What sets one protocol's signing keys apart; the rotation itself is the same for all. */
export interface SigningKeyKind<T extends SigningKeyTable> {
  table: T;
  /**
   * Names a key of this kind everywhere: the Admin Operation Logs' target type and the prefix of their operations
   * (`<name>.create`, `.prepare`, `.activate`, `.retire`), and the SecretBox context `<name>:<key id>`.
   */
  name: 'saml-signing-key' | 'oidc-signing-key';
  messages: SigningKeyMessages;
  /** A fresh key: its private part (to be sealed here) and the public columns of its row. */
  generate(tenant: TenantRow, now: number): Promise<{ privateKey: string; material: KeyMaterialOf<T> }>;
  /** What the logs record of a key: what an administrator recognises it by, never anything private. */
  auditValue(row: SigningKeyRowOf<T>): Record<string, unknown>;
  /** The logs' target label of a key. */
  label(row: SigningKeyRowOf<T>): string;
}

/** A key's life as the admin API shows it, whatever its protocol. */
export interface SigningKeyLifecycleView {
  id: string;
  state: SigningKeyState;
  published: boolean;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number) => (ms === 0 ? null : iso(ms));

export function lifecycleViewOf(row: SigningKeyLifecycleColumns): SigningKeyLifecycleView {
  return {
    id: row.id,
    state: row.state,
    published: isPublishedSigningKeyState(row.state),
    createdAt: iso(row.created_at),
    activatedAt: isoOrNull(row.activated_at),
    retiredAt: isoOrNull(row.retired_at),
  };
}

/**
 * A tenant's signing keys of one kind and their rotation with overlap (core/signing-key-states.ts): the active key,
 * made at first use by exactly one of any number of servers; prepare a next key (published beside the active one),
 * activate it (the former active one stays published as `previous`), retire what is no longer needed. Private keys
 * are sealed under the master key with the key's id as context. Rows in, rows out: the protocol's service turns them
 * into what its callers need, and keeps what it unseals.
 */
export class SigningKeyRotation<T extends SigningKeyTable> {
  /** One generation of a tenant's first key at a time on this server (RSA key generation takes a while). */
  private readonly creating = new Map<string, Promise<SigningKeyRowOf<T>>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly kind: SigningKeyKind<T>,
  ) {}

  /** The key that signs now; the tenant's first is made here, by exactly one server if several race. */
  async activeRow(tenant: TenantRow): Promise<SigningKeyRowOf<T>> {
    return (await findSigningKeyInState(this.store.db, this.kind.table, tenant.id, 'active')) ?? this.firstKey(tenant);
  }

  /** The published keys in the order they are listed: the active one (made if there is none), next, previous. */
  async publishedRows(tenant: TenantRow): Promise<SigningKeyRowOf<T>[]> {
    let rows = await listPublishedSigningKeys(this.store.db, this.kind.table, tenant.id);
    if (!rows.some((row) => row.state === 'active')) {
      await this.firstKey(tenant);
      rows = await listPublishedSigningKeys(this.store.db, this.kind.table, tenant.id);
    }
    const rank = (row: SigningKeyRowOf<T>) => (PUBLISHED_SIGNING_KEY_STATES as readonly string[]).indexOf(row.state);
    return rows.sort((a, b) => rank(a) - rank(b));
  }

  /** Every key of the tenant, retired ones included, newest first (the active key is made if there is none). */
  async list(tenant: TenantRow): Promise<SigningKeyRowOf<T>[]> {
    await this.activeRow(tenant);
    return listSigningKeys(this.store.db, this.kind.table, tenant.id);
  }

  async find(tenant: TenantRow, id: string): Promise<SigningKeyRowOf<T>> {
    const row = await findSigningKey(this.store.db, this.kind.table, tenant.id, id);
    if (!row) throw new NotFoundError(this.kind.messages.notFound);
    return row;
  }

  /** The private key of a key that is not retired, as it was given to be sealed. */
  unseal(row: SigningKeyRowOf<T>): string {
    return this.box.open(row.sealed_private_key, this.sealingContext(row.id));
  }

  /** Makes the next key: published from now on, signing only once activated. */
  async prepareNext(tenant: TenantRow, actor: Actor): Promise<SigningKeyRowOf<T>> {
    this.requireManageSystem(actor);
    await this.activeRow(tenant);
    if (await findSigningKeyInState(this.store.db, this.kind.table, tenant.id, 'next'))
      throw new ConflictError(this.kind.messages.nextExists);
    const added = await this.addNewKey(tenant, 'next', actor, 'prepare');
    if (!added) throw new ConflictError(this.kind.messages.nextExists);
    return added;
  }

  /**
   * The prepared key `id` signs from now on; the active one becomes `previous` (still published), and a key that was
   * `previous` is retired. All in one transaction under the tenant's lock, so two activations cannot interleave. The
   * key is named, so that an administrator activates the key they let the peers learn, not one somebody else
   * prepared meanwhile.
   */
  async activate(tenant: TenantRow, actor: Actor, id: string): Promise<SigningKeyRowOf<T>> {
    this.requireManageSystem(actor);
    const { table, messages, auditValue } = this.kind;
    const now = this.clock.now();
    return this.store.db.transaction().execute(async (trx) => {
      await lockTenantSigningKeys(trx, tenant.id);
      const next = await findSigningKey(trx, table, tenant.id, id);
      if (!next) throw new NotFoundError(messages.notFound);
      if (next.state !== 'next')
        throw new ConflictError(next.state === 'active' ? messages.alreadyActive : messages.notPrepared);
      const active = await findSigningKeyInState(trx, table, tenant.id, 'active');
      const previous = await findSigningKeyInState(trx, table, tenant.id, 'previous');
      await moveSigningKeyState(trx, table, tenant.id, 'previous', 'retired', now);
      await moveSigningKeyState(trx, table, tenant.id, 'active', 'previous', now);
      if (!(await moveSigningKeyState(trx, table, tenant.id, 'next', 'active', now)))
        throw new ConflictError(messages.notPrepared);
      const after = (await findSigningKey(trx, table, tenant.id, next.id)) as SigningKeyRowOf<T>;
      const valueOf = (row: SigningKeyRowOf<T> | undefined) => (row ? auditValue(row) : null);
      await this.record(trx, tenant, actor, 'activate', next, {
        before: { active: valueOf(active), next: valueOf(next), previous: valueOf(previous) },
        after: {
          active: valueOf(after),
          next: null,
          previous: active ? { ...auditValue(active), state: 'previous' } : null,
        },
      });
      return after;
    });
  }

  /** Takes a prepared (`next`) or a replaced (`previous`) key out of publication for good, and erases its key. */
  async retire(tenant: TenantRow, actor: Actor, id: string): Promise<SigningKeyRowOf<T>> {
    this.requireManageSystem(actor);
    const { table, messages, auditValue } = this.kind;
    const now = this.clock.now();
    return this.store.db.transaction().execute(async (trx) => {
      // Read under the tenant's lock: an activation on another server cannot change the key between check and change.
      await lockTenantSigningKeys(trx, tenant.id);
      const row = await findSigningKey(trx, table, tenant.id, id);
      if (!row) throw new NotFoundError(messages.notFound);
      if (row.state === 'active') throw new ConflictError(messages.retireActive);
      if (!(await retireSigningKey(trx, table, tenant.id, id, RETIRABLE_SIGNING_KEY_STATES, now)))
        throw new ConflictError(messages.alreadyRetired);
      const after = (await findSigningKey(trx, table, tenant.id, id)) as SigningKeyRowOf<T>;
      await this.record(trx, tenant, actor, 'retire', row, { before: auditValue(row), after: auditValue(after) });
      return after;
    });
  }

  /** The admin API's guard has checked this already; a service checks again for its other callers. */
  private requireManageSystem(actor: Actor): void {
    if (!permissionsOf(actor.role).manageSystem) throw new ForbiddenError(this.kind.messages.manageSystem);
  }

  private sealingContext(id: string): string {
    return `${this.kind.name}:${id}`;
  }

  /**
   * Makes a key and adds it in `state` unless the tenant has one in that state already (then undefined), with its
   * Admin Operation Log entry in the same transaction.
   */
  private async addNewKey(
    tenant: TenantRow,
    state: 'active' | 'next',
    actor: Actor,
    operation: 'create' | 'prepare',
  ): Promise<SigningKeyRowOf<T> | undefined> {
    const row = await this.newKeyRow(tenant, state);
    return this.store.db.transaction().execute(async (trx) => {
      if (!(await insertSigningKeyIfNoneInState(trx, this.kind.table, row))) return undefined;
      await this.record(trx, tenant, actor, operation, row, { before: null, after: this.kind.auditValue(row) });
      return row;
    });
  }

  private async newKeyRow(tenant: TenantRow, state: 'active' | 'next'): Promise<SigningKeyRowOf<T>> {
    const now = this.clock.now();
    const id = newId();
    const { privateKey, material } = await this.kind.generate(tenant, now);
    const lifecycle: SigningKeyLifecycleColumns = {
      id,
      tenant_id: tenant.id,
      state,
      sealed_private_key: this.box.seal(privateKey, this.sealingContext(id)),
      created_at: now,
      activated_at: state === 'active' ? now : 0,
      retired_at: 0,
    };
    return { ...material, ...lifecycle } as SigningKeyRowOf<T>;
  }

  private record(
    db: Kysely<Database>,
    tenant: TenantRow,
    actor: Actor,
    operation: 'create' | 'prepare' | 'activate' | 'retire',
    key: SigningKeyRowOf<T>,
    change: { before: Record<string, unknown> | null; after: Record<string, unknown> | null },
  ): Promise<void> {
    return this.audit.record(
      tenant.id,
      actor,
      {
        operation: `${this.kind.name}.${operation}`,
        targetType: this.kind.name,
        targetId: key.id,
        targetLabel: this.kind.label(key),
        ...change,
      },
      db,
    );
  }

  private firstKey(tenant: TenantRow): Promise<SigningKeyRowOf<T>> {
    let pending = this.creating.get(tenant.id);
    if (!pending) {
      pending = this.createFirstKey(tenant).finally(() => this.creating.delete(tenant.id));
      this.creating.set(tenant.id, pending);
    }
    return pending;
  }

  /**
   * The tenant's first key. Several servers may get here at once: each makes a key, the database keeps the first one
   * inserted (at most one active key per tenant), and the others read it back and drop theirs unused.
   */
  private async createFirstKey(tenant: TenantRow): Promise<SigningKeyRowOf<T>> {
    const added = await this.addNewKey(tenant, 'active', systemActor(), 'create');
    if (added) return added;
    const winner = await findSigningKeyInState(this.store.db, this.kind.table, tenant.id, 'active');
    if (!winner) throw new Error(`tenant ${tenant.domain} has no active ${this.kind.name} after creating one`);
    return winner;
  }
}
