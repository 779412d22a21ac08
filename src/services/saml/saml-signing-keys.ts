import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SamlSigningKey } from '../../contract/admin-api/index.js';
import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/crypto/secret-box.js';
import { newId } from '../../core/ids.js';
import { SAML_SIGNING_KEY_MESSAGES } from '../../core/messages.js';
import { permissionsOf } from '../../core/roles.js';
import { PUBLISHED_SIGNING_KEY_STATES, RETIRABLE_SIGNING_KEY_STATES } from '../../core/saml/signing-key-states.js';
import type { Store } from '../../store/database.js';
import {
  findSigningKey,
  findSigningKeyInState,
  insertSigningKeyIfNoneInState,
  listPublishedSigningKeys,
  listSigningKeys,
  lockTenantSigningKeys,
  moveSigningKeyState,
  retireSigningKey,
} from '../../store/saml-signing-keys.js';
import type { Database, SamlSigningKeyRow, TenantRow } from '../../store/schema.js';
import { type Actor, systemActor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { certificateFingerprint, createSigningCertificate } from './signing-certificate.js';

/**
 * How long a server trusts the active key it has read: a rotation made on another server reaches this one within it.
 * A change made through this server is seen at once.
 */
export const ACTIVE_KEY_CACHE_MS = 5000;

/** The key that signs the tenant's SAML responses now, unsealed. */
export interface ActiveSigningKey {
  id: string;
  certificatePem: string;
  privateKeyPem: string;
  privateKey: KeyObject;
  fingerprintSha256: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number) => (ms === 0 ? null : iso(ms));

/** A signing certificate as the admin API shows it: nothing secret. */
function signingKeyViewOf(row: SamlSigningKeyRow): SamlSigningKey {
  return {
    id: row.id,
    state: row.state,
    published: (PUBLISHED_SIGNING_KEY_STATES as readonly string[]).includes(row.state),
    fingerprintSha256: certificateFingerprint(row.certificate_pem),
    notBefore: iso(row.not_before),
    notAfter: iso(row.not_after),
    createdAt: iso(row.created_at),
    activatedAt: isoOrNull(row.activated_at),
    retiredAt: isoOrNull(row.retired_at),
  };
}

/** What an Admin Operation Log entry records of a key: who would recognise it by its fingerprint. */
function auditValueOf(row: SamlSigningKeyRow | undefined): Record<string, unknown> | null {
  if (!row) return null;
  return {
    state: row.state,
    fingerprintSha256: certificateFingerprint(row.certificate_pem),
    notAfter: iso(row.not_after),
  };
}

/** The admin API's guard has checked this already; a service checks again for its other callers. */
function requireManageSystem(actor: Actor): void {
  if (!permissionsOf(actor.role).manageSystem) throw new ForbiddenError(SAML_SIGNING_KEY_MESSAGES.manageSystem);
}

const sealingContext = (keyId: string) => `saml-signing-key:${keyId}`;

/**
 * A tenant's SAML signing keys (docs/saml-signing-keys.md): the active key, made at first use, and rotation with
 * overlap — prepare a next key (published beside the active one), activate it (the former active one stays published
 * as `previous`), retire what is no longer needed. Private keys are sealed under the master key, with the key's id as
 * context; the active one is kept unsealed in memory for ACTIVE_KEY_CACHE_MS at a time.
 */
export class SamlSigningKeys {
  private readonly active = new Map<string, { key: ActiveSigningKey; checkedAt: number }>();
  /** One read of a tenant's active key at a time on this server. */
  private readonly loading = new Map<string, Promise<ActiveSigningKey>>();
  /** One generation of a tenant's first key at a time on this server (RSA key generation takes a while). */
  private readonly creating = new Map<string, Promise<SamlSigningKeyRow>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  /** The key to sign with now; the tenant's first is made here, by exactly one server if several race. */
  async activeKey(tenant: TenantRow): Promise<ActiveSigningKey> {
    const cached = this.active.get(tenant.id);
    if (cached && performance.now() - cached.checkedAt < ACTIVE_KEY_CACHE_MS) return cached.key;
    let pending = this.loading.get(tenant.id);
    if (!pending) {
      pending = this.loadActiveKey(tenant).finally(() => this.loading.delete(tenant.id));
      this.loading.set(tenant.id, pending);
    }
    return pending;
  }

  /**
   * The certificates the IdP metadata lists: the active one first, then the next and the previous one. Certificates
   * only: nothing is unsealed.
   */
  async publishedCertificates(tenant: TenantRow): Promise<string[]> {
    let rows = await listPublishedSigningKeys(this.store.db, tenant.id);
    if (!rows.some((row) => row.state === 'active')) {
      await this.firstKey(tenant);
      rows = await listPublishedSigningKeys(this.store.db, tenant.id);
    }
    const rank = (row: SamlSigningKeyRow) => (PUBLISHED_SIGNING_KEY_STATES as readonly string[]).indexOf(row.state);
    return rows.sort((a, b) => rank(a) - rank(b)).map((row) => row.certificate_pem);
  }

  /** Every certificate of the tenant, retired ones included, newest first (the active key is made if there is none). */
  async list(tenant: TenantRow): Promise<SamlSigningKey[]> {
    await this.activeRow(tenant);
    return (await listSigningKeys(this.store.db, tenant.id)).map(signingKeyViewOf);
  }

  async get(tenant: TenantRow, id: string): Promise<SamlSigningKey> {
    return signingKeyViewOf(await this.requireKey(tenant, id));
  }

  /** One certificate as PEM, whatever its state (a retired one too: an administrator may want to compare). */
  async certificate(tenant: TenantRow, id: string): Promise<{ pem: string; fingerprintSha256: string }> {
    const row = await this.requireKey(tenant, id);
    return { pem: row.certificate_pem, fingerprintSha256: certificateFingerprint(row.certificate_pem) };
  }

  /** Makes the next key: published in the metadata from now on, signing only once activated. */
  async prepareNext(tenant: TenantRow, actor: Actor): Promise<SamlSigningKey> {
    requireManageSystem(actor);
    await this.activeRow(tenant);
    if (await findSigningKeyInState(this.store.db, tenant.id, 'next'))
      throw new ConflictError(SAML_SIGNING_KEY_MESSAGES.nextExists);
    const added = await this.addNewKey(tenant, 'next', actor, 'saml-signing-key.prepare');
    if (!added) throw new ConflictError(SAML_SIGNING_KEY_MESSAGES.nextExists);
    return signingKeyViewOf(added);
  }

  /**
   * The prepared key `id` signs from now on; the active one becomes `previous` (still published), and a key that was
   * `previous` is retired. All in one transaction under the tenant's lock, so two activations cannot interleave. The
   * key is named, so that an administrator activates the certificate they handed to the service providers, not one
   * somebody else prepared meanwhile.
   */
  async activate(tenant: TenantRow, actor: Actor, id: string): Promise<SamlSigningKey> {
    requireManageSystem(actor);
    const now = this.clock.now();
    const activated = await this.store.db.transaction().execute(async (trx) => {
      await lockTenantSigningKeys(trx, tenant.id);
      const next = await findSigningKey(trx, tenant.id, id);
      if (!next) throw new NotFoundError(SAML_SIGNING_KEY_MESSAGES.notFound);
      if (next.state !== 'next')
        throw new ConflictError(
          next.state === 'active' ? SAML_SIGNING_KEY_MESSAGES.alreadyActive : SAML_SIGNING_KEY_MESSAGES.notPrepared,
        );
      const active = await findSigningKeyInState(trx, tenant.id, 'active');
      const previous = await findSigningKeyInState(trx, tenant.id, 'previous');
      await moveSigningKeyState(trx, tenant.id, 'previous', 'retired', now);
      await moveSigningKeyState(trx, tenant.id, 'active', 'previous', now);
      if (!(await moveSigningKeyState(trx, tenant.id, 'next', 'active', now)))
        throw new ConflictError(SAML_SIGNING_KEY_MESSAGES.notPrepared);
      const after = (await findSigningKey(trx, tenant.id, next.id)) as SamlSigningKeyRow;
      await this.record(trx, tenant, actor, 'saml-signing-key.activate', next, {
        before: {
          active: auditValueOf(active),
          next: auditValueOf(next),
          previous: auditValueOf(previous),
        },
        after: {
          active: auditValueOf(after),
          next: null,
          previous: active ? { ...auditValueOf(active), state: 'previous' } : null,
        },
      });
      return after;
    });
    this.active.delete(tenant.id);
    return signingKeyViewOf(activated);
  }

  /** Takes a prepared (`next`) or a replaced (`previous`) key out of the metadata for good, and erases its key. */
  async retire(tenant: TenantRow, actor: Actor, id: string): Promise<SamlSigningKey> {
    requireManageSystem(actor);
    const now = this.clock.now();
    const retired = await this.store.db.transaction().execute(async (trx) => {
      // Read under the tenant's lock: an activation on another server cannot change the key between check and change.
      await lockTenantSigningKeys(trx, tenant.id);
      const row = await findSigningKey(trx, tenant.id, id);
      if (!row) throw new NotFoundError(SAML_SIGNING_KEY_MESSAGES.notFound);
      if (row.state === 'active') throw new ConflictError(SAML_SIGNING_KEY_MESSAGES.retireActive);
      if (!(await retireSigningKey(trx, tenant.id, id, RETIRABLE_SIGNING_KEY_STATES, now)))
        throw new ConflictError(SAML_SIGNING_KEY_MESSAGES.alreadyRetired);
      const after = (await findSigningKey(trx, tenant.id, id)) as SamlSigningKeyRow;
      await this.record(trx, tenant, actor, 'saml-signing-key.retire', row, {
        before: auditValueOf(row),
        after: auditValueOf(after),
      });
      return after;
    });
    return signingKeyViewOf(retired);
  }

  /**
   * Makes a key and adds it in `state` unless the tenant has one in that state already (then undefined), with its
   * Admin Operation Log entry in the same transaction.
   */
  private async addNewKey(
    tenant: TenantRow,
    state: 'active' | 'next',
    actor: Actor,
    operation: string,
  ): Promise<SamlSigningKeyRow | undefined> {
    const row = await this.newKeyRow(tenant, state);
    return this.store.db.transaction().execute(async (trx) => {
      if (!(await insertSigningKeyIfNoneInState(trx, row))) return undefined;
      await this.record(trx, tenant, actor, operation, row, { before: null, after: auditValueOf(row) });
      return row;
    });
  }

  private record(
    db: Kysely<Database>,
    tenant: TenantRow,
    actor: Actor,
    operation: string,
    key: SamlSigningKeyRow,
    change: { before: Record<string, unknown> | null; after: Record<string, unknown> | null },
  ): Promise<void> {
    const target = {
      targetType: 'saml-signing-key',
      targetId: key.id,
      targetLabel: certificateFingerprint(key.certificate_pem),
    };
    return this.audit.record(tenant.id, actor, { operation, ...target, ...change }, db);
  }

  private async requireKey(tenant: TenantRow, id: string): Promise<SamlSigningKeyRow> {
    const row = await findSigningKey(this.store.db, tenant.id, id);
    if (!row) throw new NotFoundError(SAML_SIGNING_KEY_MESSAGES.notFound);
    return row;
  }

  private async loadActiveKey(tenant: TenantRow): Promise<ActiveSigningKey> {
    const row = await this.activeRow(tenant);
    const cached = this.active.get(tenant.id);
    // Unchanged since it was last read: only the check is renewed, the key is not unsealed again.
    const key = cached?.key.id === row.id ? cached.key : this.unseal(row);
    this.active.set(tenant.id, { key, checkedAt: performance.now() });
    return key;
  }

  private async activeRow(tenant: TenantRow): Promise<SamlSigningKeyRow> {
    return (await findSigningKeyInState(this.store.db, tenant.id, 'active')) ?? this.firstKey(tenant);
  }

  private firstKey(tenant: TenantRow): Promise<SamlSigningKeyRow> {
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
  private async createFirstKey(tenant: TenantRow): Promise<SamlSigningKeyRow> {
    const added = await this.addNewKey(tenant, 'active', systemActor(), 'saml-signing-key.create');
    if (added) return added;
    const winner = await findSigningKeyInState(this.store.db, tenant.id, 'active');
    if (!winner) throw new Error(`tenant ${tenant.domain} has no active SAML signing key after creating one`);
    return winner;
  }

  private async newKeyRow(tenant: TenantRow, state: 'active' | 'next'): Promise<SamlSigningKeyRow> {
    const now = this.clock.now();
    const id = newId();
    const created = await createSigningCertificate(tenant.domain, now);
    return {
      id,
      tenant_id: tenant.id,
      state,
      certificate_pem: created.certificatePem,
      sealed_private_key: this.box.seal(created.privateKeyPem, sealingContext(id)),
      not_before: created.notBefore,
      not_after: created.notAfter,
      created_at: now,
      activated_at: state === 'active' ? now : 0,
      retired_at: 0,
    };
  }

  private unseal(row: SamlSigningKeyRow): ActiveSigningKey {
    const privateKeyPem = this.box.open(row.sealed_private_key, sealingContext(row.id));
    return {
      id: row.id,
      certificatePem: row.certificate_pem,
      privateKeyPem,
      privateKey: createPrivateKey(privateKeyPem),
      fingerprintSha256: certificateFingerprint(row.certificate_pem),
    };
  }
}
