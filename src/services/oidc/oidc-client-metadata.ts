import type { ClientMetadata } from 'oidc-provider';
import type { ClaimMapping, OidcClientSettings } from '../../core/sso/oidc-client-settings.js';
import type { ConnectedServiceRow } from '../../store/schema.js';

/**
 * Client metadata of Gatehouse's own that the engine keeps with each client (its `extraClientMetadata`), read back
 * by the configuration's callbacks: lifetimes, consent, the claim mapping, and which Connected Service it is.
 */
export const GATEHOUSE_CLIENT_METADATA = [
  'gatehouse_service_id',
  'gatehouse_service_name',
  'gatehouse_first_party',
  'gatehouse_claims',
  'gatehouse_access_token_ttl',
  'gatehouse_id_token_ttl',
  'gatehouse_refresh_token_ttl',
  'gatehouse_subject_salt',
] as const;

export interface GatehouseClientMetadata {
  gatehouse_service_id: string;
  gatehouse_service_name: string;
  gatehouse_first_party: boolean;
  gatehouse_claims: ClaimMapping[];
  gatehouse_access_token_ttl: number;
  gatehouse_id_token_ttl: number;
  gatehouse_refresh_token_ttl: number;
  /** The key of the client's pairwise `sub` values (the service's own, as for SAML's pairwise NameIDs). */
  gatehouse_subject_salt: string;
}

/**
 * The engine never sees a client secret: Gatehouse keeps only their hashes and compares them itself (see
 * `compareClientSecret` in oidc-provider-factory.ts). The engine still wants a value for a client that
 * authenticates with one; this one matches nothing, since the comparison never looks at it.
 */
export const SECRET_HELD_BY_GATEHOUSE = 'held-by-gatehouse-as-hashes-only';

/** An enabled OpenID Connect client of Connected Services as the engine's client metadata. */
export function clientMetadataOf(row: ConnectedServiceRow, settings: OidcClientSettings): ClientMetadata {
  const confidential = settings.clientType === 'confidential';
  const signsUsersIn = settings.grantTypes.includes('authorization_code');
  const gatehouse: GatehouseClientMetadata = {
    gatehouse_service_id: row.id,
    gatehouse_service_name: row.name,
    gatehouse_first_party: settings.firstParty,
    gatehouse_claims: settings.claims,
    gatehouse_access_token_ttl: settings.accessTokenLifetime,
    gatehouse_id_token_ttl: settings.idTokenLifetime,
    gatehouse_refresh_token_ttl: settings.refreshTokenLifetime,
    gatehouse_subject_salt: row.subject_salt,
  };
  return {
    client_id: row.oidc_client_id ?? '',
    client_name: row.name,
    ...(confidential
      ? { client_secret: SECRET_HELD_BY_GATEHOUSE, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    // Redirect URIs are compared exactly, as registered; 'native' would let a loopback URI's port vary.
    application_type: 'web',
    grant_types: settings.grantTypes,
    response_types: signsUsersIn ? ['code'] : [],
    redirect_uris: signsUsersIn ? settings.redirectUris : [],
    post_logout_redirect_uris: settings.postLogoutRedirectUris,
    scope: settings.scopes.join(' '),
    subject_type: settings.pairwiseSubject ? 'pairwise' : 'public',
    ...(settings.initiateLoginUri ? { initiate_login_uri: settings.initiateLoginUri } : {}),
    ...gatehouse,
  };
}

/** Gatehouse's part of a client's metadata, as the engine hands it back. */
export function gatehouseMetadataOf(client: { metadata(): Record<string, unknown> }): GatehouseClientMetadata {
  return client.metadata() as unknown as GatehouseClientMetadata;
}
