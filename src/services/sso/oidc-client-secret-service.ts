import type { Clock } from '../../core/clock.js';
import { newTimeOrderedId } from '../../core/ids.js';
import {
  hashClientSecret,
  MAX_SECRET_OVERLAP_SECONDS,
  newClientSecret,
  secretMatchesAny,
} from '../../core/sso/oidc-client-credentials.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Store } from '../../store/database.js';
import {
  deleteClientSecret,
  expireLiveSecrets,
  findOidcClientByClientId,
  insertClientSecret,
  listClientSecrets,
  liveSecretHashes,
  lockClient,
} from '../../store/oidc-client-secrets.js';
import type { ConnectedServiceRow, OidcClientSecretRow, TenantRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { type ConnectedServiceService, requireManage } from './connected-service-service.js';

/** A client secret as the admin API lists it: never its value, which was shown once. */
export interface ClientSecretView {
  id: string;
  createdAt: string;
  expiresAt: string | null;
  /** Whether it still works now. */
  active: boolean;
}

export interface RotatedSecret {
  secret: ClientSecretView;
  /** The new secret's value: in this answer only. */
  clientSecret: string;
  /** When the secrets that were in use stop working (null when none was). */
  previousSecretsExpireAt: string | null;
}

/**
 * A confidential OpenID Connect client's secrets (issue 10 item 5): rotated with an overlap period the admin
 * chooses, so that the client can be given its new secret while the old one still works; deleted one by one.
 * Changes need manageSystem and are written to the Admin Operation Logs by secret id, never by value.
 */
export class OidcClientSecretService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly services: ConnectedServiceService,
  ) {}

  async list(tenant: TenantRow, serviceId: string): Promise<ClientSecretView[]> {
    const client = await this.requireConfidentialClient(tenant, serviceId);
    const rows = await listClientSecrets(this.store.db, tenant.id, client.id);
    const now = this.clock.now();
    return rows.map((row) => secretViewOf(row, now));
  }

  /**
   * Adds a new secret, and ends the secrets in use `overlapSeconds` from now (0: at once), in one transaction: a
   * secret that was to end sooner keeps its own end.
   */
  async rotate(tenant: TenantRow, actor: Actor, serviceId: string, overlapSeconds: unknown): Promise<RotatedSecret> {
    requireManage(actor);
    if (
      typeof overlapSeconds !== 'number' ||
      !Number.isInteger(overlapSeconds) ||
      overlapSeconds < 0 ||
      overlapSeconds > MAX_SECRET_OVERLAP_SECONDS
    )
      throw new ValidationError(
        `The overlap must be a whole number of seconds from 0 to ${MAX_SECRET_OVERLAP_SECONDS} (30 days).`,
        'overlapSeconds',
      );
    const client = await this.requireConfidentialClient(tenant, serviceId);
    const now = this.clock.now();
    const clientSecret = newClientSecret();
    const row: OidcClientSecretRow = {
      id: newTimeOrderedId(now),
      tenant_id: tenant.id,
      service_id: client.id,
      secret_hash: hashClientSecret(clientSecret),
      created_at: now,
      expires_at: null,
    };
    const previousEnd = now + overlapSeconds * 1000;
    const ended = await this.store.db.transaction().execute(async (trx) => {
      const count = await expireLiveSecrets(trx, tenant.id, client.id, now, previousEnd);
      await insertClientSecret(trx, row);
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'connected-service.rotate-secret',
          targetType: 'connected-service',
          targetId: client.id,
          targetLabel: client.name,
          after: {
            clientSecretId: row.id,
            overlapSeconds,
            previousSecretsExpireAt: count > 0 ? new Date(previousEnd).toISOString() : null,
          },
        },
        trx,
      );
      return count;
    });
    return {
      secret: secretViewOf(row, now),
      clientSecret,
      previousSecretsExpireAt: ended > 0 ? new Date(previousEnd).toISOString() : null,
    };
  }

  /** Deletes a secret at once; the last one that works cannot go (rotate first), or the client could not sign in. */
  async remove(tenant: TenantRow, actor: Actor, serviceId: string, secretId: string): Promise<void> {
    requireManage(actor);
    const client = await this.requireConfidentialClient(tenant, serviceId);
    await this.store.db.transaction().execute(async (trx) => {
      await lockClient(trx, tenant.id, client.id);
      const now = this.clock.now();
      const rows = await listClientSecrets(trx, tenant.id, client.id);
      const secret = rows.find((row) => row.id === secretId);
      if (!secret) throw new NotFoundError('No such client secret.');
      const active = rows.filter((row) => isActive(row, now));
      if (active.length === 1 && active[0]?.id === secretId)
        throw new ConflictError(
          "This is the client's only working secret: rotate it first, then delete it.",
          'secretId',
        );
      if (!(await deleteClientSecret(trx, tenant.id, client.id, secretId)))
        throw new NotFoundError('No such client secret.');
      await this.audit.record(
        tenant.id,
        actor,
        {
          operation: 'connected-service.delete-secret',
          targetType: 'connected-service',
          targetId: client.id,
          targetLabel: client.name,
          before: { clientSecretId: secretId, ...viewTimesOf(secret) },
        },
        trx,
      );
    });
  }

  /**
   * Whether `secret` is a working secret of the tenant's confidential client `clientId`: for the token endpoint.
   * Every live secret's hash is compared in constant time. It says nothing of the client's status or of what the
   * client may do: the token endpoint checks those itself.
   */
  async verifyClientSecret(tenant: TenantRow, clientId: string, secret: string): Promise<boolean> {
    if (clientId.length > 64 || secret.length > 512) return false;
    const client = await findOidcClientByClientId(this.store.db, tenant.id, clientId);
    if (!client) return false;
    const hashes = await liveSecretHashes(this.store.db, tenant.id, client.id, this.clock.now());
    return secretMatchesAny(secret, hashes);
  }

  private async requireConfidentialClient(tenant: TenantRow, serviceId: string): Promise<ConnectedServiceRow> {
    const row = await this.services.requireService(tenant, serviceId);
    if (row.type !== 'oidc') throw new NotFoundError('This connected service is not an OpenID Connect client.');
    const settings = JSON.parse(row.oidc_settings ?? '{}') as { clientType?: string };
    if (settings.clientType !== 'confidential')
      throw new NotFoundError('A public client has no client secrets (it proves itself with PKCE).');
    return row;
  }
}

function isActive(row: OidcClientSecretRow, now: number): boolean {
  return row.expires_at === null || row.expires_at > now;
}

function viewTimesOf(row: OidcClientSecretRow): { createdAt: string; expiresAt: string | null } {
  return {
    createdAt: new Date(Number(row.created_at)).toISOString(),
    expiresAt: row.expires_at === null ? null : new Date(Number(row.expires_at)).toISOString(),
  };
}

function secretViewOf(row: OidcClientSecretRow, now: number): ClientSecretView {
  return { id: row.id, ...viewTimesOf(row), active: isActive(row, now) };
}
