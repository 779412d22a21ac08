import type { OidcSigningKey, SamlSigningKey } from '@contract/admin-api';
import type { ApiClient } from './client';

/** The rotation routes of one protocol's signing keys (docs/saml-signing-keys.md, docs/oidc-signing-keys.md). */
export interface SigningKeyApi<Key> {
  list(api: ApiClient): Promise<{ items: Key[] }>;
  prepare(api: ApiClient): Promise<Key>;
  activate(api: ApiClient, id: string): Promise<Key>;
  retire(api: ApiClient, id: string): Promise<Key>;
}

function signingKeyApi<Key>(path: '/saml-signing-keys' | '/oidc-signing-keys'): SigningKeyApi<Key> {
  return {
    list: (api) => api.get(path),
    prepare: (api) => api.send('POST', path),
    activate: (api, id) => api.send('POST', `${path}/${encodeURIComponent(id)}/activate`),
    retire: (api, id) => api.send('POST', `${path}/${encodeURIComponent(id)}/retire`),
  };
}

export const samlSigningKeys = signingKeyApi<SamlSigningKey>('/saml-signing-keys');
export const oidcSigningKeys = signingKeyApi<OidcSigningKey>('/oidc-signing-keys');
