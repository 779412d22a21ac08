import type { Account, AdapterConstructor, ClientMetadata } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import type { ClaimMapping } from '../../core/sso/oidc-client-settings.js';
import type { Store } from '../../store/database.js';
import { oidcClientsOfTenant } from '../../store/connected-services.js';
import { findOidcClientByClientId } from '../../store/oidc-client-secrets.js';
import type { TenantRow } from '../../store/schema.js';
import { oidcClientSettingsOf } from '../sso/connected-service-rows.js';
import type { OidcClientSecretService } from '../sso/oidc-client-secret-service.js';
import { findAccount } from './oidc-account-claims.js';
import { clientMetadataOf } from './oidc-client-metadata.js';
import { oidcStoreAdapter } from './oidc-store-adapter.js';

/** How long a server trusts the vocabulary it read: a client changed on another server counts within it. */
export const VOCABULARY_CACHE_MS = 1000;

/** The claim names and custom scopes of a tenant's clients: what its engine must be told of when it is built. */
export interface OidcVocabulary {
  claims: string[];
  scopes: string[];
}

/**
 * What a tenant's OpenID Provider looks up in Gatehouse: its clients (the enabled OpenID Connect clients of Connected
 * Services), their secrets (compared against stored hashes), the users as accounts, and its storage.
 */
export class OidcDirectory {
  private readonly vocabularies = new Map<string, { vocabulary: OidcVocabulary; readAt: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: OidcClientSecretService,
  ) {}

  /** The client's metadata for the engine; undefined for an unknown or disabled client, which then cannot act. */
  async client(tenant: TenantRow, clientId: string): Promise<ClientMetadata | undefined> {
    if (clientId.length > 64) return undefined;
    const row = await findOidcClientByClientId(this.store.db, tenant.id, clientId);
    const settings = row && oidcClientSettingsOf(row);
    if (!row || !settings || row.status !== 'enabled') return undefined;
    return clientMetadataOf(row, settings);
  }

  verifyClientSecret(tenant: TenantRow, clientId: string, secret: string): Promise<boolean> {
    return this.secrets.verifyClientSecret(tenant, clientId, secret);
  }

  account(tenant: TenantRow, userId: string, mapping: () => readonly ClaimMapping[]): Promise<Account | undefined> {
    return findAccount(this.store, tenant, userId, mapping);
  }

  /**
   * Every claim name the tenant's clients map custom attributes to, and every custom scope they may ask for: the
   * engine releases only claims and scopes it was told of when it was built, so a new name means a new engine.
   */
  async vocabulary(tenant: TenantRow): Promise<OidcVocabulary> {
    const now = Date.now();
    const cached = this.vocabularies.get(tenant.id);
    if (cached && now - cached.readAt < VOCABULARY_CACHE_MS) return cached.vocabulary;
    const claims = new Set<string>();
    const scopes = new Set<string>();
    for (const row of await oidcClientsOfTenant(this.store.db, tenant.id)) {
      const settings = oidcClientSettingsOf(row);
      settings?.claims.forEach(({ claim }) => claims.add(claim));
      settings?.scopes.forEach((scope) => scopes.add(scope));
    }
    const vocabulary = { claims: [...claims].sort(), scopes: [...scopes].sort() };
    this.vocabularies.set(tenant.id, { vocabulary, readAt: now });
    return vocabulary;
  }

  /** A client changed through this server: its vocabulary counts at once. */
  forgetVocabulary(tenantId: string): void {
    this.vocabularies.delete(tenantId);
  }

  adapter(tenant: TenantRow): AdapterConstructor {
    return oidcStoreAdapter(this.store, this.clock, tenant.id);
  }
}
