import { OidcSigningKey, OidcSigningKeyList } from '../../../contract/admin-api/index.js';
import type { Services } from '../../../services/services.js';
import type { AdminApi } from '../../plugins/admin-api-scope.js';
import { registerSigningKeyRoutes } from './signing-key-routes.js';

/** The tenant's OpenID Provider signing keys and their rotation (docs/oidc-signing-keys.md). */
export function registerOidcSigningKeyRoutes(api: AdminApi, services: Services): void {
  registerSigningKeyRoutes(api, {
    path: '/oidc-signing-keys',
    tags: ['OpenID Connect Signing Keys'],
    schemas: { key: OidcSigningKey, list: OidcSigningKeyList },
    words: { key: 'key generation (ES256 and RS256)', keys: 'key generations', publishedIn: 'the JWKS' },
    keys: services.oidcSigningKeys,
  });
}
