import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { SamlSigningKey } from '../../contract/admin-api/index.js';
import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/crypto/secret-box.js';
import { SAML_SIGNING_KEY_MESSAGES } from '../../core/messages.js';
import type { Store } from '../../store/database.js';
import type { SamlSigningKeyRow, TenantRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { SigningKeyCache } from '../signing-keys/signing-key-cache.js';
import { lifecycleViewOf, SigningKeyRotation } from '../signing-keys/signing-key-rotation.js';
import { certificateFingerprint, createSigningCertificate } from './signing-certificate.js';

/** The key that signs the tenant's SAML responses now, unsealed. */
export interface ActiveSigningKey {
  id: string;
  certificatePem: string;
  privateKeyPem: string;
  privateKey: KeyObject;
  fingerprintSha256: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A signing certificate as the admin API shows it: nothing secret. */
function signingKeyViewOf(row: SamlSigningKeyRow): SamlSigningKey {
  return {
    ...lifecycleViewOf(row),
    fingerprintSha256: certificateFingerprint(row.certificate_pem),
    notBefore: iso(row.not_before),
    notAfter: iso(row.not_after),
  };
}

/**
 * A tenant's SAML signing keys (docs/saml-signing-keys.md): a self-signed certificate per key, rotated with overlap
 * like every signing key (SigningKeyRotation); the metadata lists the published certificates. The active key is kept
 * unsealed in memory for ACTIVE_KEY_CACHE_MS at a time.
 */
export class SamlSigningKeys {
  private readonly rotation: SigningKeyRotation<'saml_signing_keys'>;
  private readonly active = new SigningKeyCache<ActiveSigningKey>((tenant, kept) => this.loadActiveKey(tenant, kept));

  constructor(store: Store, clock: Clock, box: SecretBox, audit: AuditService) {
    this.rotation = new SigningKeyRotation(store, clock, box, audit, {
      table: 'saml_signing_keys',
      name: 'saml-signing-key',
      messages: SAML_SIGNING_KEY_MESSAGES,
      generate: async (tenant, now) => {
        const { privateKeyPem, certificatePem, notBefore, notAfter } = await createSigningCertificate(
          tenant.domain,
          now,
        );
        return {
          privateKey: privateKeyPem,
          material: { certificate_pem: certificatePem, not_before: notBefore, not_after: notAfter },
        };
      },
      // An administrator recognises a certificate by its fingerprint.
      auditValue: (row) => ({
        state: row.state,
        fingerprintSha256: certificateFingerprint(row.certificate_pem),
        notAfter: iso(row.not_after),
      }),
      label: (row) => certificateFingerprint(row.certificate_pem),
    });
  }

  /** The key to sign with now; the tenant's first is made here, by exactly one server if several race. */
  activeKey(tenant: TenantRow): Promise<ActiveSigningKey> {
    return this.active.get(tenant);
  }

  /**
   * The certificates the IdP metadata lists: the active one first, then the next and the previous one. Certificates
   * only: nothing is unsealed.
   */
  async publishedCertificates(tenant: TenantRow): Promise<string[]> {
    return (await this.rotation.publishedRows(tenant)).map((row) => row.certificate_pem);
  }

  /** Every certificate of the tenant, retired ones included, newest first (the active key is made if there is none). */
  async list(tenant: TenantRow): Promise<SamlSigningKey[]> {
    return (await this.rotation.list(tenant)).map(signingKeyViewOf);
  }

  async get(tenant: TenantRow, id: string): Promise<SamlSigningKey> {
    return signingKeyViewOf(await this.rotation.find(tenant, id));
  }

  /** One certificate as PEM, whatever its state (a retired one too: an administrator may want to compare). */
  async certificate(tenant: TenantRow, id: string): Promise<{ pem: string; fingerprintSha256: string }> {
    const row = await this.rotation.find(tenant, id);
    return { pem: row.certificate_pem, fingerprintSha256: certificateFingerprint(row.certificate_pem) };
  }

  /** Makes the next key: published in the metadata from now on, signing only once activated. */
  async prepareNext(tenant: TenantRow, actor: Actor): Promise<SamlSigningKey> {
    return signingKeyViewOf(await this.rotation.prepareNext(tenant, actor));
  }

  /** The prepared key `id` signs from now on; the active one stays published as `previous`. */
  async activate(tenant: TenantRow, actor: Actor, id: string): Promise<SamlSigningKey> {
    const activated = await this.rotation.activate(tenant, actor, id);
    this.active.forget(tenant.id);
    return signingKeyViewOf(activated);
  }

  /** Takes a prepared (`next`) or a replaced (`previous`) key out of the metadata for good, and erases its key. */
  async retire(tenant: TenantRow, actor: Actor, id: string): Promise<SamlSigningKey> {
    return signingKeyViewOf(await this.rotation.retire(tenant, actor, id));
  }

  private async loadActiveKey(tenant: TenantRow, kept: ActiveSigningKey | undefined): Promise<ActiveSigningKey> {
    const row = await this.rotation.activeRow(tenant);
    // Unchanged since it was last read: only the check is renewed, the key is not unsealed again.
    if (kept?.id === row.id) return kept;
    const privateKeyPem = this.rotation.unseal(row);
    return {
      id: row.id,
      certificatePem: row.certificate_pem,
      privateKeyPem,
      privateKey: createPrivateKey(privateKeyPem),
      fingerprintSha256: certificateFingerprint(row.certificate_pem),
    };
  }
}
