import { createHash } from 'node:crypto';
import type { OidcSigningKey } from '../../contract/admin-api/index.js';
import type { Clock } from '../../core/clock.js';
import type { SecretBox } from '../../core/crypto/secret-box.js';
import { OIDC_SIGNING_KEY_MESSAGES } from '../../core/messages.js';
import type { Store } from '../../store/database.js';
import type { OidcSigningKeyRow, TenantRow } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import type { AuditService } from '../audit-service.js';
import { SigningKeyCache } from '../signing-keys/signing-key-cache.js';
import { lifecycleViewOf, SigningKeyRotation } from '../signing-keys/signing-key-rotation.js';
import { createSigningJwks, kidsOf, type SigningJwk } from './oidc-signing-jwks.js';

/** The keys a tenant's OpenID Provider is built with (see keySetFor). */
export interface OidcKeySet {
  /** Changes whenever the keys or their order do: a provider built with another version is out of date. */
  version: string;
  /** Private JWKs, each with kid, alg and use: the active generation's first, then the next's, then the previous'. */
  keys: SigningJwk[];
}

const publicJwksOf = (row: OidcSigningKeyRow) => (JSON.parse(row.public_jwks) as { keys: SigningJwk[] }).keys;
const kidsOfRow = (row: OidcSigningKeyRow) => kidsOf(publicJwksOf(row));

/** A generation as the admin API shows it: its key ids, nothing secret. */
function signingKeyViewOf(row: OidcSigningKeyRow): OidcSigningKey {
  return { ...lifecycleViewOf(row), kids: kidsOfRow(row) };
}

/** What is published, in order; what the version is made of, so that it changes exactly when the key set does. */
function keySetVersion(rows: readonly OidcSigningKeyRow[]): string {
  const published = rows.map((row) => `${row.state}:${row.id}`).join(',');
  return createHash('sha256').update(published).digest('base64url').slice(0, 16);
}

/**
 * A tenant's OpenID Provider signing keys (docs/oidc-signing-keys.md). A key here is a generation: an ES256 and an
 * RS256 key made, published, activated and retired together, rotated with overlap like every signing key
 * (SigningKeyRotation), so that a relying party that caches the JWKS holds the next keys before they sign. The engine
 * signs with the first key of an algorithm in the set it is given, which keySetFor lists active generation first.
 */
export class OidcSigningKeys {
  private readonly rotation: SigningKeyRotation<'oidc_signing_keys'>;
  private readonly keySets = new SigningKeyCache<OidcKeySet>((tenant, kept) => this.loadKeySet(tenant, kept));

  constructor(store: Store, clock: Clock, box: SecretBox, audit: AuditService) {
    this.rotation = new SigningKeyRotation(store, clock, box, audit, {
      table: 'oidc_signing_keys',
      name: 'oidc-signing-key',
      messages: OIDC_SIGNING_KEY_MESSAGES,
      generate: async () => {
        const { privateJwks, publicJwks } = await createSigningJwks();
        return {
          privateKey: JSON.stringify(privateJwks),
          material: { public_jwks: JSON.stringify({ keys: publicJwks }) },
        };
      },
      // An administrator recognises a generation by the kids relying parties see in the JWKS and in token headers.
      auditValue: (row) => ({ state: row.state, kids: kidsOfRow(row) }),
      label: (row) => {
        const kids = kidsOfRow(row);
        return `ES256 ${kids.ES256}, RS256 ${kids.RS256}`;
      },
    });
  }

  /**
   * The key set the tenant's provider is built with: private JWKs, active generation first (the engine signs with the
   * first key of an alg), then next, then previous; `version` changes whenever the set does. Cached up to
   * ACTIVE_KEY_CACHE_MS; the tenant's first generation is made here, by exactly one server if several race.
   */
  keySetFor(tenant: TenantRow): Promise<OidcKeySet> {
    return this.keySets.get(tenant);
  }

  /** Every generation of the tenant, retired ones included, newest first (the first is made if there is none). */
  async list(tenant: TenantRow): Promise<OidcSigningKey[]> {
    return (await this.rotation.list(tenant)).map(signingKeyViewOf);
  }

  async get(tenant: TenantRow, id: string): Promise<OidcSigningKey> {
    return signingKeyViewOf(await this.rotation.find(tenant, id));
  }

  /** Makes the next generation: in the JWKS from now on, signing only once activated. */
  async prepareNext(tenant: TenantRow, actor: Actor): Promise<OidcSigningKey> {
    return this.changed(tenant, await this.rotation.prepareNext(tenant, actor));
  }

  /** The prepared generation `id` signs from now on; the active one stays in the JWKS as `previous`. */
  async activate(tenant: TenantRow, actor: Actor, id: string): Promise<OidcSigningKey> {
    return this.changed(tenant, await this.rotation.activate(tenant, actor, id));
  }

  /** Takes a prepared (`next`) or a replaced (`previous`) generation out of the JWKS for good, and erases its keys. */
  async retire(tenant: TenantRow, actor: Actor, id: string): Promise<OidcSigningKey> {
    return this.changed(tenant, await this.rotation.retire(tenant, actor, id));
  }

  /** Every change alters the key set: this server's provider follows at once, the others' within the cache time. */
  private changed(tenant: TenantRow, row: OidcSigningKeyRow): OidcSigningKey {
    this.keySets.forget(tenant.id);
    return signingKeyViewOf(row);
  }

  private async loadKeySet(tenant: TenantRow, kept: OidcKeySet | undefined): Promise<OidcKeySet> {
    const rows = await this.rotation.publishedRows(tenant);
    const version = keySetVersion(rows);
    // Unchanged since it was last read: only the check is renewed, nothing is unsealed again.
    if (kept?.version === version) return kept;
    const keys = rows.flatMap((row) => JSON.parse(this.rotation.unseal(row)) as SigningJwk[]);
    return { version, keys };
  }
}
